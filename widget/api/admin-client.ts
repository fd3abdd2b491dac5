/**
 * The admin elements' calls: templates, the business profile, uploads, the
 * number's health. Same bearer token, no cookies, errors as ApiError.
 */
import type { BusinessProfileView, NumberHealthResponse, TemplateView } from '@domain/account-views';
import type { BusinessNumbersResponse } from '@domain/business-numbers';
import type { BusinessProfileUpdate } from '@domain/business-profile';
import type { TemplateDefinition } from '@domain/template-rules';
import type { UploadPurpose } from '@domain/uploads';
import { ConnectorClient } from './connector-client';
import { ApiError } from './errors';

export interface AccountEvent {
  id: number;
  field: string;
  event: string | null;
  subject: string | null;
  receivedAt: number;
}

const numberQuery = (numberId: string | null) => (numberId ? `?number=${encodeURIComponent(numberId)}` : '');

export class AdminClient extends ConnectorClient {
  listTemplates(): Promise<{ data: TemplateView[] }> {
    return this.request('/api/templates');
  }

  submitTemplate(definition: TemplateDefinition): Promise<{ template: TemplateView }> {
    return this.request('/api/admin/templates', { method: 'POST', body: JSON.stringify(definition) });
  }

  /** Meta's id names the template; it goes back to review. */
  editTemplate(id: string, definition: TemplateDefinition): Promise<{ template: TemplateView }> {
    return this.request(`/api/admin/templates/${encodeURIComponent(id)}`, { method: 'PUT', body: JSON.stringify(definition) });
  }

  deleteTemplate(name: string, language: string): Promise<{ deleted: TemplateView[] }> {
    return this.request(`/api/admin/templates/${encodeURIComponent(name)}?language=${encodeURIComponent(language)}`, { method: 'DELETE' });
  }

  syncTemplates(): Promise<{ count: number }> {
    return this.request('/api/admin/templates/sync', { method: 'POST' });
  }

  /** The business's WhatsApp numbers, the default first: each has its own profile. */
  businessNumbers(): Promise<BusinessNumbersResponse> {
    return this.request('/api/business-numbers');
  }

  /** One number's profile (Meta keeps one per number); the default's without a number. */
  numberProfile(numberId: string | null): Promise<{ profile: BusinessProfileView }> {
    return this.request(`/api/business-profile${numberQuery(numberId)}`);
  }

  updateProfile(update: BusinessProfileUpdate, numberId: string | null = null): Promise<{ profile: BusinessProfileView }> {
    return this.request(`/api/admin/business-profile${numberQuery(numberId)}`, { method: 'PATCH', body: JSON.stringify(update) });
  }

  refreshHealth(): Promise<NumberHealthResponse> {
    return this.request('/api/admin/number-health/refresh', { method: 'POST' });
  }

  accountEvents(limit = 20): Promise<{ data: AccountEvent[] }> {
    return this.request(`/api/admin/account-events?limit=${limit}`);
  }

  /** A sample file for a template header or the profile picture: sent as is (not JSON); the connector checks it and hands it to Meta's resumable upload. */
  async uploadForMeta(purpose: UploadPurpose, file: File): Promise<{ handle: string; type: string }> {
    const name = file.name.replace(/[^\w .()-]/g, '_').slice(0, 200) || 'upload';
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/api/admin/uploads?purpose=${purpose}&fileName=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token() ?? ''}`, 'content-type': 'application/octet-stream' },
        body: file,
        credentials: 'omit',
      });
    } catch {
      throw ApiError.network();
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw ApiError.fromBody(response.status, body);
    return body as { handle: string; type: string };
  }
}
