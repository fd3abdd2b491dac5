/** The audit trail calls of the connector's API (admins only). */
import type { AuditExportFormat, AuditFacets, AuditFilters, AuditPage } from '@domain/audit';
import type { ConnectorClient } from './connector-client';

function query(filters: AuditFilters, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filters, ...extra })) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function auditPage(client: ConnectorClient, filters: AuditFilters, before?: string): Promise<AuditPage> {
  return client.request(`/api/audit${query(filters, { before })}`);
}

export function auditFacets(client: ConnectorClient): Promise<AuditFacets> {
  return client.request('/api/audit/facets');
}

/** A one-minute link the browser can follow to download the export (it carries its own proof, not the bearer token). */
export function auditExportLink(client: ConnectorClient, format: AuditExportFormat, filters: AuditFilters): Promise<{ url: string; expiresAt: number }> {
  return client.request('/api/audit/export-links', { method: 'POST', body: JSON.stringify({ format, filters }) });
}
