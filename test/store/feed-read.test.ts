/**
 * The live tailer's read (store/events.ts readFeed) on PostgreSQL, where it also looks again for
 * ids it is missing: the events after its cursor and the missing ones, oldest first, each once, and
 * read from where they are however many events came before (once as one OR condition, it walked the
 * primary key from the first event: 90 ms a read at 200,000 events).
 */
import { describe, expect, test } from 'vitest';
import { readFeed } from '../../connector/store/events';
import { useMigratedDatabase } from '../support/databases';

const EVENTS = 20_000;

describe('the tailer read on postgres', () => {
  const database = useMigratedDatabase('postgres');

  test('returns the events after the cursor and the missing ids it names, once each, without reading the events before', async () => {
    const db = database.db;
    await db.batchInsert(
      'events',
      Array.from({ length: EVENTS }, (_, i) => ({ contact_id: null, type: 'clock', payload: JSON.stringify({ type: 'clock', now: i }), created_at: i })),
      1000,
    );
    const last = Number((await db('events').max<{ id: number }>('id as id').first())!.id);
    const cursor = last - 5;
    // Two ids it still misses below the cursor, and one above it (found by the cursor's side, not twice).
    const lookFor = [cursor - 100, cursor - 40, cursor + 2];

    let sent: { sql: string; bindings: readonly unknown[] } | null = null;
    const capture = (q: { sql: string; bindings: readonly unknown[] }) => (sent ??= q);
    db.on('query', capture);
    const { rows, snapshot } = await readFeed(db, cursor, lookFor, 100);
    db.off('query', capture);

    expect(rows.map((r) => r.id)).toEqual([cursor - 100, cursor - 40, cursor + 1, cursor + 2, cursor + 3, cursor + 4, cursor + 5]);
    expect(snapshot).not.toBeNull();
    expect(await readFeed(db, cursor, lookFor, 3).then((r) => r.rows.map((row) => row.id))).toEqual([cursor - 100, cursor - 40, cursor + 1]);

    const plan = (
      await db.raw<{ rows: Array<Record<string, string>> }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sent!.sql.replace(/\$\d+/g, '?')}`, sent!.bindings as never)
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    // Every event it looks at is one it returns: none of the 20,000 before is read and filtered out.
    const filtered = [...plan.matchAll(/Rows Removed by Filter: (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(filtered).toBe(0);
    expect(plan).toMatch(/Index Cond: \(id > /);
  });
});
