/**
 * The panel's only door to the connector: every call carries the bearer token,
 * none carries cookies (the panel runs on the host's origin, where the
 * connector's cookies would be third-party).
 */
import type { OutboundContent } from '@domain/outbound';
import type { Template } from '@domain/templates';
import type { MessageView, ThreadView } from '@domain/views';
import { ApiError } from './errors';

export interface SignedInTeammate {
  id: number;
  name: string;
  email: string | null;
  role: string;
}

export interface IssuedToken {
  accessToken: string;
  expiresAt: number;
  teammate: SignedInTeammate;
}

export class ConnectorClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: () => string | null,
  ) {}

  /** One call with the bearer token; a refusal becomes an ApiError. Feature modules (api/sms.ts, api/audit.ts) build on it. */
  async request<T>(path: string, init: RequestInit = {}): Promise<T> {
    const headers = new Headers(init.headers);
    const token = this.token();
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (init.body) headers.set('content-type', 'application/json');
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, credentials: 'omit' });
    } catch {
      throw ApiError.network();
    }
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw ApiError.fromBody(response.status, body);
    return body as T;
  }

  thread(contact: string, before?: string): Promise<ThreadView> {
    const query = before ? `?before=${encodeURIComponent(before)}` : '';
    return this.request(`/api/contacts/${encodeURIComponent(contact)}/thread${query}`);
  }

  send(contact: string, content: OutboundContent, idempotencyKey: string): Promise<{ message: MessageView; replayed: boolean }> {
    return this.request(`/api/contacts/${encodeURIComponent(contact)}/messages`, {
      method: 'POST',
      headers: { 'idempotency-key': idempotencyKey },
      body: JSON.stringify(content),
    });
  }

  templates(): Promise<{ data: Template[] }> {
    return this.request('/api/templates');
  }

  redeem(body: { attempt: string; code: string; verifier: string }): Promise<IssuedToken> {
    return this.request('/auth/token', { method: 'POST', body: JSON.stringify(body) });
  }

  logout(): Promise<{ endSessionUrl: string | null }> {
    return this.request('/auth/logout', { method: 'POST' });
  }

  eventsUrl(contact: string): string {
    return `${this.baseUrl}/api/contacts/${encodeURIComponent(contact)}/events`;
  }
}
