/**
 * Verifying the audit trail: walking the chain (audit-chain.ts) in id order to
 * the first broken link, and the head an operator notes to find a cut-off tail.
 */
import { checkLink, type AuditRow, type ChainBreak } from './audit-chain';
import type { Executor } from './rows';

export interface TrailVerification {
  rows: number;
  /** The newest row: note its hash elsewhere to detect a cut-off tail later. */
  head: { id: number; hash: string } | null;
  broken: ChainBreak | null;
  /** With `expectHead`: whether that earlier head is still part of the chain. */
  headFound?: boolean;
}

/** The trail's newest row, as an operator anchors it: its id, its hash and when it was written. */
export interface AuditHead {
  id: number;
  hash: string;
  at: number;
}

export async function auditHead(db: Executor): Promise<AuditHead | null> {
  const row: Pick<AuditRow, 'id' | 'row_hash' | 'at'> | undefined = await db('audit_log').orderBy('id', 'desc').first('id', 'row_hash', 'at');
  return row ? { id: Number(row.id), hash: row.row_hash ?? '', at: Number(row.at) } : null;
}

/** The hash of the row with this id, or null when there is none. */
export async function auditRowHashAt(db: Executor, id: number): Promise<string | null> {
  const row: Pick<AuditRow, 'row_hash'> | undefined = await db('audit_log').where({ id }).first('row_hash');
  return row?.row_hash ?? null;
}

/** Whether this database has the chained trail (its migrations have run). */
export async function auditTrailExists(db: Executor): Promise<boolean> {
  return (await db.schema.hasTable('audit_log')) && db.schema.hasColumn('audit_log', 'row_hash');
}

/** Walks the whole trail in id order and stops at the first broken link. */
export async function verifyAuditTrail(
  db: Executor,
  options: { batchSize?: number; expectHead?: string; onProgress?: (rows: number) => void } = {},
): Promise<TrailVerification> {
  const batchSize = options.batchSize ?? 5000;
  let previous: Pick<AuditRow, 'id' | 'row_hash'> | null = null;
  let count = 0;
  let headFound = false;
  for (;;) {
    const rows: AuditRow[] = await db('audit_log')
      .where('id', '>', previous?.id ?? 0)
      .orderBy('id')
      .limit(batchSize);
    for (const row of rows) {
      const broken = checkLink(row, previous);
      if (broken)
        return {
          rows: count,
          head: previous ? { id: previous.id, hash: previous.row_hash ?? '' } : null,
          broken,
          ...(options.expectHead ? { headFound } : {}),
        };
      if (row.row_hash === options.expectHead) headFound = true;
      previous = row;
      count += 1;
    }
    options.onProgress?.(count);
    if (rows.length < batchSize) break;
  }
  return {
    rows: count,
    head: previous ? { id: previous.id, hash: previous.row_hash ?? '' } : null,
    broken: null,
    ...(options.expectHead ? { headFound } : {}),
  };
}
