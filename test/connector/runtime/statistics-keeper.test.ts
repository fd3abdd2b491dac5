/**
 * The statistics keeper on a real PostgreSQL (whose autovacuum, on the test machine, is off): a table
 * a burst filled is analyzed once its changes outnumber its rows at the last analysis, and the planner
 * then reads the webhook backlog in id order instead of sorting all of it; a table with a few changes
 * is left alone. On SQLite there is no keeper.
 */
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../../connector/store/db';
import { refreshStaleStatistics, statisticsKeeper } from '../../../connector/services/runtime/statistics-keeper';
import { STALE_AFTER_CHANGES, staleStatistics } from '../../../connector/store/table-statistics';
import type { Executor } from '../../../connector/store/rows';
import { useMigratedDatabase } from '../../support/databases';
import { waitFor } from '../../support/wait';

const log = pino({ level: 'silent' });
const BODY = JSON.stringify({ object: 'whatsapp_business_account', entry: [], padding: 'x'.repeat(300) });

/** Runs `work` in a transaction whose row counts reach the shared statistics as soon as it commits. */
async function counted(db: ReturnType<typeof openDatabase>, work: (trx: Executor) => Promise<unknown>): Promise<void> {
  await db.transaction(async (trx) => {
    await work(trx);
    await trx.raw('SELECT pg_stat_force_next_flush()');
  });
}

async function changesSinceAnalyze(db: ReturnType<typeof openDatabase>, table: string): Promise<number> {
  const result = await db.raw<{ rows: Array<{ n: string }> }>('SELECT n_mod_since_analyze AS n FROM pg_stat_user_tables WHERE relname = ?', [table]);
  return Number(result.rows[0]?.n ?? 0);
}

function planOfPendingBatch(db: ReturnType<typeof openDatabase>): Promise<string> {
  return db
    .raw<{ rows: Array<Record<string, string>> }>(
      `EXPLAIN SELECT id, body, attempts FROM webhook_inbox
        WHERE processed_at IS NULL AND dead_at IS NULL AND (retry_at IS NULL OR retry_at <= 1)
        ORDER BY id LIMIT 200`,
    )
    .then((r) => r.rows.map((row) => row['QUERY PLAN']).join('\n'));
}

describe('statistics keeper on postgres', () => {
  const database = useMigratedDatabase('postgres');

  test('a burst-filled table is analyzed, the backlog is then read in id order, and a lightly changed table is left alone', async () => {
    const db = database.db;
    // As on a server whose autovacuum is off, or has not looked yet: only the keeper analyzes.
    await db.raw('ALTER TABLE webhook_inbox SET (autovacuum_enabled = off)');
    const burst = 20 * STALE_AFTER_CHANGES;
    await counted(db, (trx) =>
      trx.batchInsert(
        'webhook_inbox',
        Array.from({ length: burst }, () => ({ body: BODY, received_at: 1, attempts: 0 })),
        500,
      ),
    );
    await counted(db, (trx) => trx('teammates').insert({ issuer: 'https://idp.test', subject: 'few', name: 'Few', created_at: 1 }));
    await waitFor(async () => ((await changesSinceAnalyze(db, 'webhook_inbox')) >= burst ? true : undefined), {
      what: 'the burst to reach the statistics',
    });
    // Never analyzed, the planner guesses a handful of pending bodies and sorts every one of them for a batch.
    expect(await planOfPendingBatch(db)).toMatch(/Sort/);

    const stale = await staleStatistics(db);
    expect(stale).toContain('webhook_inbox');
    expect(stale).not.toContain('teammates');

    expect(await refreshStaleStatistics(db)).toEqual(stale);
    expect(await changesSinceAnalyze(db, 'webhook_inbox')).toBe(0);
    expect(await staleStatistics(db)).not.toContain('webhook_inbox');
    // Knowing the backlog, it walks the pending index in id order and stops at the batch's size.
    const plan = await planOfPendingBatch(db);
    expect(plan).toMatch(/Index Scan using webhook_inbox_pending/);
    expect(plan).not.toMatch(/Sort/);
  });

  test('is a PostgreSQL worker only', () => {
    const sqlite = openDatabase({ kind: 'sqlite', filename: ':memory:' });
    expect(statisticsKeeper({ db: sqlite, log })).toBeNull();
    expect(statisticsKeeper({ db: database.db, log })).not.toBeNull();
    return sqlite.destroy();
  });
});
