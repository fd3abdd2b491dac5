import type { Knex } from 'knex';
import { chainRows, type AuditRow } from '../audit-chain';

/**
 * Rows written before the chain existed join it, in id order, so
 * `npm run audit:verify` covers the whole trail from its first row.
 */
const BATCH = 1000;

export async function up(knex: Knex): Promise<void> {
  let prevHash: string | null = null;
  let after = 0;
  for (;;) {
    const rows: AuditRow[] = await knex('audit_log').where('id', '>', after).orderBy('id').limit(BATCH);
    if (rows.length === 0) break;
    for (const row of chainRows(rows, prevHash)) {
      await knex('audit_log').where('id', row.id).update({ prev_hash: row.prev_hash, row_hash: row.row_hash });
      prevHash = row.row_hash;
    }
    after = rows[rows.length - 1]!.id;
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex('audit_log').update({ prev_hash: null, row_hash: null });
}
