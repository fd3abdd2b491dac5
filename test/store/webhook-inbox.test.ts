/**
 * The webhook processor's next batch, on SQLite and PostgreSQL: the oldest bodies not yet
 * processed (not dead, retry due), read without going through the processed ones, so a batch
 * costs the same after a burst has left tens of thousands of processed bodies behind and
 * however old the database's statistics are.
 */
import { describe, expect, test } from 'vitest';
import { pendingWebhooks } from '../../connector/store/webhook-inbox';
import { DB_KINDS, useMigratedDatabase } from '../support/databases';

const NOW = 1_000_000;
const BODY = JSON.stringify({ object: 'whatsapp_business_account', entry: [], padding: 'x'.repeat(200) });

describe.each(DB_KINDS)('pending webhook bodies on %s', (kind) => {
  const database = useMigratedDatabase(kind);

  test('the oldest pending, skipping processed, dead and not-yet-due ones, through the pending index after a burst', async () => {
    const db = database.db;
    // PostgreSQL's statistics taken while the inbox was nearly empty, then a burst processed: its planner
    // would otherwise walk the primary key through every processed body. (SQLite keeps none unless told to.)
    await db('webhook_inbox').insert(Array.from({ length: 20 }, () => ({ body: BODY, received_at: NOW, attempts: 0 })));
    if (kind === 'postgres') await db.raw('ANALYZE webhook_inbox');
    await db('webhook_inbox').update({ processed_at: NOW });
    await db.batchInsert(
      'webhook_inbox',
      Array.from({ length: 30_000 }, () => ({ body: BODY, received_at: NOW, processed_at: NOW, attempts: 0 })),
      200,
    );
    const ids = async (rows: object[]) =>
      (await db('webhook_inbox').insert(rows).returning('id')).map((r: { id: number } | number) => (typeof r === 'number' ? r : r.id));
    const [dead] = await ids([{ body: BODY, received_at: NOW, attempts: 5, dead_at: NOW }]);
    const [later] = await ids([{ body: BODY, received_at: NOW, attempts: 1, retry_at: NOW + 60_000 }]);
    const due = await ids(Array.from({ length: 30 }, (_, i) => ({ body: BODY, received_at: NOW, attempts: i === 0 ? 1 : 0, retry_at: i === 0 ? NOW : null })));

    const batch = await pendingWebhooks(db, 25, NOW);
    expect(batch.map((b) => Number(b.id))).toEqual(due.slice(0, 25));
    expect(batch.map((b) => Number(b.id))).not.toContain(dead);
    expect((await pendingWebhooks(db, 100, NOW + 60_000)).map((b) => Number(b.id))).toContain(later);

    const query = db('webhook_inbox')
      .whereNull('processed_at')
      .whereNull('dead_at')
      .andWhere((q) => q.whereNull('retry_at').orWhere('retry_at', '<=', NOW))
      .orderBy('id')
      .limit(25)
      .select('id', 'body', 'attempts')
      .toSQL();
    const plan =
      kind === 'postgres'
        ? (await db.raw(`EXPLAIN ${query.sql}`, query.bindings as never)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')
        : (await db.raw(`EXPLAIN QUERY PLAN ${query.sql}`, query.bindings as never)).map((r: { detail: string }) => r.detail).join('\n');
    // Only the pending bodies are read: through their own index, or (SQLite, which keeps no statistics) through
    // processed_at = NULL, the backlog then put in id order; never the whole table, nor dead_at's (every live body matches it).
    expect(plan).toMatch(kind === 'postgres' ? /webhook_inbox_pending/ : /webhook_inbox_pending|webhook_inbox_processed_at_index \(processed_at=\?\)/);
  });
});
