/**
 * Reading the audit trail: pages for the admin panel, and exports streamed a
 * batch at a time. Filters name a teammate (id), a contact (E.164 or
 * business-scoped user id), a channel, an action and a date range.
 */
import { AUDIT_ACTIONS, AUDIT_PAGE_SIZE, type AuditExportFormat, type AuditFacets, type AuditFilters, type AuditPage } from '@domain/audit';
import { CHANNELS } from '@domain/channel';
import { auditFacetTeammates, auditInBatches, pageAudit, type AuditQuery } from '../../store/audit-reader';
import { appendAudit } from '../../store/audit-writer';
import { findContact } from '../../store/contacts';
import type { ServiceDeps } from '../runtime/deps';
import { readContactRef } from '../contacts/phone-numbers';
import { CSV_HEADER, csvRow, jsonLine } from './audit-format';

/** The store's query for these filters; null when they name a contact go2msg has never seen (no rows). */
async function toQuery(deps: ServiceDeps, filters: AuditFilters): Promise<AuditQuery | null> {
  const query: AuditQuery = { teammateId: filters.teammate, channel: filters.channel, action: filters.action, from: filters.from, to: filters.to };
  if (filters.contact !== undefined) {
    const contact = await findContact(deps.db, readContactRef(filters.contact, deps.defaultCountry));
    if (!contact) return null;
    query.contactId = contact.id;
  }
  return query;
}

export async function listAudit(deps: ServiceDeps, filters: AuditFilters, page: { before: number | null; limit?: number }): Promise<AuditPage> {
  const query = await toQuery(deps, filters);
  if (!query) return { data: [], next: null };
  const { rows, next } = await pageAudit(deps.db, query, { before: page.before, limit: page.limit ?? AUDIT_PAGE_SIZE });
  return { data: rows, next: next === null ? null : String(next) };
}

export async function auditFacets(deps: ServiceDeps): Promise<AuditFacets> {
  return { teammates: await auditFacetTeammates(deps.db), actions: [...AUDIT_ACTIONS], channels: [...CHANNELS] };
}

export interface ExportRequest {
  filters: AuditFilters;
  format: AuditExportFormat;
  teammateId: number;
}

/**
 * Streams the matching rows, oldest first, to `write` (which resolves when the
 * reader is ready for more). The export itself is audited first; rows appended
 * while it runs are not part of it.
 */
export async function exportAudit(deps: ServiceDeps, request: ExportRequest, write: (chunk: string) => Promise<void>): Promise<number> {
  const query = await toQuery(deps, request.filters);
  const upTo = await appendAudit(deps.db, {
    at: deps.clock.now(),
    action: 'audit.export',
    teammateId: request.teammateId,
    details: { format: request.format, filters: request.filters },
  });
  const line = request.format === 'csv' ? csvRow : jsonLine;
  if (request.format === 'csv') await write(CSV_HEADER);
  if (!query) return 0;
  let count = 0;
  for await (const batch of auditInBatches(deps.db, { ...query, upTo })) {
    await write(batch.map(line).join(''));
    count += batch.length;
  }
  return count;
}
