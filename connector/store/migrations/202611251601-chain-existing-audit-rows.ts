import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Rows written before the chain existed join it, in id order, so
 * `npm run audit:verify` covers the whole trail from its first row.
 *
 * The chain's form is copied here as it was when this migration was written
 * (store/audit-chain.ts, go2msg.audit.v1), not imported: a migration means
 * what it meant the day it ran, whatever the live chain becomes.
 */
const BATCH = 1000;
const GENESIS_HASH = '0'.repeat(64);

interface AuditRowV1 {
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
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function rowHashV1(prevHash: string, row: AuditRowV1): string {
  const canonical = JSON.stringify([
    'go2msg.audit.v1',
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
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export async function up(knex: Knex): Promise<void> {
  let prevHash = GENESIS_HASH;
  let after = 0;
  for (;;) {
    const rows: AuditRowV1[] = await knex('audit_log').where('id', '>', after).orderBy('id').limit(BATCH);
    if (rows.length === 0) break;
    for (const row of rows) {
      const rowHash = rowHashV1(prevHash, row);
      await knex('audit_log').where('id', row.id).update({ prev_hash: prevHash, row_hash: rowHash });
      prevHash = rowHash;
    }
    after = rows[rows.length - 1]!.id;
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex('audit_log').update({ prev_hash: null, row_hash: null });
}
