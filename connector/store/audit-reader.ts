/**
 * Reading the audit trail: one message's rows, what the trail last said about
 * each message, and the pages and batches of the audit log (filters joined to
 * teammates, contacts and messages for the admin's view and exports).
 */
import type { AuditFacets, AuditRowView } from '@domain/audit';
import type { Channel } from '@domain/channel';
import type { WindowState } from '@domain/reply-window';
import type { AuditRow } from './audit-chain';
import type { AuditEntry } from './audit-writer';
import type { Executor } from './rows';

export interface StoredAuditEntry extends AuditEntry {
  id: number;
  contentSha256: string | null;
  contentBytes: number | null;
}

/** The trail of one message, oldest first. */
export async function auditForMessage(db: Executor, messageId: number): Promise<StoredAuditEntry[]> {
  const rows: AuditRow[] = await db('audit_log').where('message_id', messageId).orderBy('id');
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    action: r.action,
    teammateId: r.teammate_id,
    channel: r.channel as Channel | null,
    contactId: r.contact_id,
    messageId: r.message_id,
    host: r.host,
    hostUserId: r.host_user_id,
    windowState: r.window_state as WindowState | null,
    template: r.template_name ? { name: r.template_name, category: r.template_category } : null,
    providerMessageId: r.provider_message_id,
    status: r.status,
    contentSha256: r.content_sha256,
    contentBytes: r.content_bytes,
    details: r.details ? JSON.parse(r.details) : undefined,
  }));
}

/** The status the trail last recorded for a message, and the details it recorded with it. */
export interface LastAudited {
  /** The latest status row's status and details, or null when none was recorded yet. */
  status: { status: string; details: Record<string, unknown> } | null;
  /** The template the message's rows name (from its send row), or null. */
  template: { name: string; category: string | null } | null;
}

interface MessageAuditRow {
  message_id: number;
  status: string | null;
  details: string | null;
  template_name: string | null;
  template_category: string | null;
}

/** What the trail last said about each message, in one read. */
export async function lastAuditedMany(db: Executor, messageIds: number[]): Promise<Map<number, LastAudited>> {
  const result = new Map<number, LastAudited>();
  if (messageIds.length === 0) return result;
  const rows: MessageAuditRow[] = await db('audit_log')
    .whereIn('message_id', [...new Set(messageIds)])
    .orderBy('id', 'desc')
    .select('message_id', 'status', 'details', 'template_name', 'template_category');
  for (const row of rows) {
    const seen = result.get(row.message_id) ?? { status: null, template: null };
    if (!seen.template && row.template_name) seen.template = { name: row.template_name, category: row.template_category ?? null };
    if (!seen.status && row.status) seen.status = { status: row.status, details: row.details ? JSON.parse(row.details) : {} };
    result.set(row.message_id, seen);
  }
  return result;
}

export interface AuditQuery {
  teammateId?: number;
  contactId?: number;
  channel?: Channel;
  action?: string;
  from?: number;
  to?: number;
  /** Only rows up to this id (an export's snapshot). */
  upTo?: number;
}

interface JoinedRow extends AuditRow {
  teammate_name: string | null;
  teammate_email: string | null;
  contact_phone: string | null;
  contact_user_id: string | null;
  contact_name: string | null;
  content_deleted_at: number | null;
  content_retention_days: number | null;
}

function filtered(db: Executor, q: AuditQuery) {
  const query = db('audit_log')
    .leftJoin('teammates', 'teammates.id', 'audit_log.teammate_id')
    .leftJoin('contacts', 'contacts.id', 'audit_log.contact_id')
    .leftJoin('messages', 'messages.id', 'audit_log.message_id')
    .select(
      'audit_log.*',
      'teammates.name as teammate_name',
      'teammates.email as teammate_email',
      'contacts.phone as contact_phone',
      'contacts.user_id as contact_user_id',
      'contacts.name as contact_name',
      'messages.content_deleted_at',
      'messages.content_retention_days',
    );
  if (q.teammateId !== undefined) query.where('audit_log.teammate_id', q.teammateId);
  if (q.contactId !== undefined) query.where('audit_log.contact_id', q.contactId);
  if (q.channel !== undefined) query.where('audit_log.channel', q.channel);
  if (q.action !== undefined) query.where('audit_log.action', q.action);
  if (q.from !== undefined) query.where('audit_log.at', '>=', q.from);
  if (q.to !== undefined) query.where('audit_log.at', '<', q.to);
  if (q.upTo !== undefined) query.where('audit_log.id', '<=', q.upTo);
  return query;
}

function toView(r: JoinedRow): AuditRowView {
  return {
    id: r.id,
    at: Number(r.at),
    action: r.action,
    teammate: r.teammate_id === null ? null : { id: r.teammate_id, name: r.teammate_name ?? 'Unknown teammate', email: r.teammate_email },
    host: r.host,
    hostUserId: r.host_user_id,
    channel: r.channel as Channel | null,
    contact: r.contact_id === null ? null : { id: r.contact_id, phone: r.contact_phone, userId: r.contact_user_id, name: r.contact_name },
    messageId: r.message_id,
    windowState: r.window_state as WindowState | null,
    template: r.template_name ? { name: r.template_name, category: r.template_category } : null,
    content: r.content_sha256 ? { sha256: r.content_sha256, bytes: Number(r.content_bytes) } : null,
    contentDeleted:
      r.content_deleted_at === null || r.content_deleted_at === undefined
        ? null
        : { at: Number(r.content_deleted_at), afterDays: Number(r.content_retention_days) },
    providerMessageId: r.provider_message_id,
    status: r.status,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    prevHash: r.prev_hash ?? '',
    hash: r.row_hash ?? '',
  };
}

/** One page, newest first, by keyset on the id. */
export async function pageAudit(
  db: Executor,
  q: AuditQuery,
  options: { before: number | null; limit: number },
): Promise<{ rows: AuditRowView[]; next: number | null }> {
  const query = filtered(db, q);
  if (options.before !== null) query.where('audit_log.id', '<', options.before);
  const rows: JoinedRow[] = await query.orderBy('audit_log.id', 'desc').limit(options.limit + 1);
  const page = rows.slice(0, options.limit).map(toView);
  return { rows: page, next: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null };
}

/**
 * Every matching row, oldest first, a batch at a time: an export of a million
 * rows holds one batch in memory, never the whole trail.
 */
export async function* auditInBatches(db: Executor, q: AuditQuery, batchSize = 1000): AsyncGenerator<AuditRowView[]> {
  let after = 0;
  for (;;) {
    const rows: JoinedRow[] = await filtered(db, q).where('audit_log.id', '>', after).orderBy('audit_log.id', 'asc').limit(batchSize);
    if (rows.length === 0) return;
    yield rows.map(toView);
    after = rows[rows.length - 1]!.id;
    if (rows.length < batchSize) return;
  }
}

export async function auditFacetTeammates(db: Executor): Promise<AuditFacets['teammates']> {
  const rows: Array<{ id: number; name: string; email: string | null }> = await db('teammates').orderBy('name').select('id', 'name', 'email');
  return rows;
}
