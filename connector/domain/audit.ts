/**
 * The audit trail as the API returns it and the panel reads it.
 *
 * One append-only stream for every outgoing message on every channel (who sent
 * it, from which host, under which window state and template, a digest of what
 * was sent, the provider's id and every later status), and for security events.
 * Each row carries the hash of the row before it, so a row edited, removed or
 * moved breaks the chain (`npm run audit:verify`).
 */
import type { Channel } from './channel';
import type { WindowState } from './reply-window';

/**
 * The actions the trail records. Other features append their own with the same
 * `<object>.<verb>` shape; the panel offers these as filters.
 */
export const AUDIT_ACTIONS = [
  'message.send',
  'message.status',
  'teammate.sign_in',
  'teammate.sign_out',
  'teammate.disabled',
  'template.submitted',
  'template.edited',
  'template.deleted',
  'profile.changed',
  'retention.purge',
  'audit.export',
  'conversation.assigned',
  'conversation.resolved',
  'conversation.reopened',
  'conversation.snoozed',
  'conversation.linked',
  'saved_reply.created',
  'saved_reply.updated',
  'saved_reply.deleted',
  'webhook.replayed',
  'host.replayed',
  'host.resumed',
  'contact.merged',
  'contact.number_confirmed',
  'contact.marketing_preference',
  'contact.address_book',
  'message.echo',
  'message.history_imported',
] as const;
export type KnownAuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an outbound message's status rows record besides its own statuses. */
export const AUDIT_RETRY_STATUS = 'retry_scheduled';

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_PAGE_MAX = 500;

/** The hash before the first row. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export interface AuditRowView {
  id: number;
  at: number;
  action: string;
  teammate: { id: number; name: string; email: string | null } | null;
  /** The helpdesk or CRM the action came from, and its user there (host attribution). */
  host: string | null;
  hostUserId: string | null;
  channel: Channel | null;
  contact: { id: number; phone: string | null; userId: string | null; name: string | null } | null;
  messageId: number | null;
  /** The WhatsApp window when the message was sent (recorded for SMS too). */
  windowState: WindowState | null;
  template: { name: string; category: string | null } | null;
  /** SHA-256 (hex) and size in bytes of the message content exactly as stored when it was sent. */
  content: { sha256: string; bytes: number } | null;
  /** Set when retention has since deleted the message's body; the digest above outlives it. */
  contentDeleted: { at: number; afterDays: number } | null;
  providerMessageId: string | null;
  status: string | null;
  details: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export interface AuditPage {
  /** Newest first. */
  data: AuditRowView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: string | null;
}

/** The filters the API and the export accept. Dates are epoch ms: `from` inclusive, `to` exclusive. */
export interface AuditFilters {
  teammate?: number;
  contact?: string;
  channel?: Channel;
  action?: string;
  from?: number;
  to?: number;
}

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

export interface AuditFacets {
  teammates: Array<{ id: number; name: string; email: string | null }>;
  actions: string[];
  channels: Channel[];
}

/** A head noted outside the database: the row id, its hash, and when it was noted. */
export interface AuditAnchor {
  id: number;
  hash: string;
  /** ISO 8601. */
  at: string;
}

/**
 * Whether the trail still holds an anchored head: the row with the anchor's id
 * must exist and carry the anchored hash. With the chain intact up to the
 * current head, that proves no row up to the anchor was removed, changed or
 * re-chained. Returns the reason it does not, or null.
 */
export function anchorBroken(anchor: AuditAnchor, trail: { headId: number | null; hashAtAnchorId: string | null }): string | null {
  if (trail.headId === null || trail.headId < anchor.id) {
    return `the trail ends at ${trail.headId === null ? 'no row' : `row #${trail.headId}`}, but row #${anchor.id} was anchored on ${anchor.at}: rows were cut off its end`;
  }
  if (trail.hashAtAnchorId !== anchor.hash) {
    return `row #${anchor.id} no longer has the hash anchored on ${anchor.at} (${anchor.hash}): the trail was rewritten up to it`;
  }
  return null;
}
