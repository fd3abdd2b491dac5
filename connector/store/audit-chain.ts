/**
 * The audit trail's hash chain.
 *
 * Each row's hash is SHA-256 over the previous row's hash and the row's
 * canonical content (every column, its id included, in a fixed order), so:
 * an edited row no longer matches its own hash; a removed row leaves the next
 * row pointing at a hash that is not its predecessor's; a moved row (its id
 * changed) matches neither. Verification walks the rows in id order and names
 * the first row where either check fails.
 *
 * The canonical form starts with a version tag: a future change of the form
 * adds a version instead of breaking the rows already written.
 */
import { createHash } from 'node:crypto';
import { AUDIT_GENESIS_HASH } from '@domain/audit';

export interface AuditRow {
  id: number;
  at: number;
  action: string;
  teammate_id: number | null;
  host: string | null;
  host_user_id: string | null;
  channel: string | null;
  contact_id: number | null;
  message_id: number | null;
  window_state: string | null;
  template_name: string | null;
  template_category: string | null;
  content_sha256: string | null;
  content_bytes: number | null;
  provider_message_id: string | null;
  status: string | null;
  details: string | null;
  prev_hash: string | null;
  row_hash: string | null;
}

const VERSION = 'go2msg.audit.v1';

function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function str(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Every column but the hashes, in a fixed order, as JSON text. */
export function canonicalAuditRow(row: Omit<AuditRow, 'prev_hash' | 'row_hash'>): string {
  return JSON.stringify([
    VERSION,
    num(row.id),
    num(row.at),
    str(row.action),
    num(row.teammate_id),
    str(row.host),
    str(row.host_user_id),
    str(row.channel),
    num(row.contact_id),
    num(row.message_id),
    str(row.window_state),
    str(row.template_name),
    str(row.template_category),
    str(row.content_sha256),
    num(row.content_bytes),
    str(row.provider_message_id),
    str(row.status),
    str(row.details),
  ]);
}

export function auditRowHash(prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'row_hash'>): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalAuditRow(row)).digest('hex');
}

/** The rows with their chain filled in, after `prevHash` (null: the first row of the trail). */
export function chainRows<T extends Omit<AuditRow, 'prev_hash' | 'row_hash'>>(
  rows: T[],
  prevHash: string | null,
): Array<T & { prev_hash: string; row_hash: string }> {
  let prev = prevHash ?? AUDIT_GENESIS_HASH;
  return rows.map((row) => {
    const row_hash = auditRowHash(prev, row);
    const chained = { ...row, prev_hash: prev, row_hash };
    prev = row_hash;
    return chained;
  });
}

export type ChainBreak =
  { id: number; kind: 'unhashed'; reason: string } | { id: number; kind: 'edited'; reason: string } | { id: number; kind: 'unlinked'; reason: string };

/**
 * Checks one row against the row before it (null for the first row of the
 * trail). Returns why the chain breaks here, or null when it holds.
 */
export function checkLink(row: AuditRow, previous: Pick<AuditRow, 'id' | 'row_hash'> | null): ChainBreak | null {
  if (!row.row_hash || !row.prev_hash) {
    return { id: row.id, kind: 'unhashed', reason: `row #${row.id} has no hash: it was written around the trail, not through it` };
  }
  if (auditRowHash(row.prev_hash, row) !== row.row_hash) {
    return { id: row.id, kind: 'edited', reason: `row #${row.id} does not match its hash: it was edited or moved` };
  }
  const expected = previous?.row_hash ?? AUDIT_GENESIS_HASH;
  if (row.prev_hash !== expected) {
    const where = previous ? `row #${previous.id}` : 'the start of the trail';
    return { id: row.id, kind: 'unlinked', reason: `row #${row.id} does not follow ${where}: a row between them was removed, or a row was moved or edited` };
  }
  return null;
}
