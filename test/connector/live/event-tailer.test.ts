/**
 * The live tailer on a real database: it hands on every event once, in id
 * order, even when PostgreSQL commits a later id first (ids are assigned at
 * insert, rows become visible at commit), and drops ids whose transaction
 * rolled back without handing on anything twice.
 */
import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { GAP_GIVE_UP_MS, GAP_PROOF_AFTER_MS } from '@domain/feed-cursor';
import { EventTailer, TAILER_DEFAULTS } from '../../../connector/services/live/event-tailer';
import type { Db } from '../../../connector/store/db';
import { EventNotices } from '../../../connector/store/event-notices';
import { lastEventId, type FeedRow } from '../../../connector/store/events';
import type { Executor } from '../../../connector/store/rows';
import { DB_KINDS, useMigratedDatabase } from '../../support/databases';
import { waitFor } from '../../support/wait';

const log = pino({ level: 'silent' });

async function insertEvent(db: Executor, n: number): Promise<number> {
  const [row] = await db('events')
    .insert({ contact_id: null, type: 'clock', payload: JSON.stringify({ type: 'clock', now: n }), created_at: n })
    .returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}

/** A tailer on `db` whose clock the test moves, with its polls far away so every read is one the test asked for. */
function tail(db: Db) {
  const clock = {
    t: 1_000_000,
    now() {
      return this.t;
    },
  };
  const received: FeedRow[] = [];
  const late: number[] = [];
  /** Ids at or below this were handed on by the start's look back (events of earlier tests). */
  let from = 0;
  const tailer = new EventTailer(
    {
      db,
      wallClock: clock,
      log,
      onEvents: (rows, lateIds) => {
        received.push(...rows);
        late.push(...lateIds);
      },
    },
    { ...TAILER_DEFAULTS, pollMs: 3_600_000, gapRecheckMs: 3_600_000 },
  );
  return {
    tailer,
    clock,
    late,
    received,
    ids: () => received.map((r) => r.id).filter((id) => id > from),
    /** Starts, and reads until everything before this point is behind it. */
    async start() {
      from = await lastEventId(db);
      await tailer.start();
      stopping.push(() => tailer.stop());
      await waitFor(
        async () => {
          await tailer.drain();
          return tailer.released! >= from;
        },
        { what: 'the tailer to pass the events of earlier tests' },
      );
    },
  };
}

let stopping: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stopping) await stop();
  stopping = [];
});

describe.each(DB_KINDS)('the live tailer on %s', (kind) => {
  const database = useMigratedDatabase(kind);

  test('hands on each new event once, in id order, and nothing from before it started', async () => {
    await insertEvent(database.db, 1);
    const t = tail(database.db);
    await t.start();
    const ids = [await insertEvent(database.db, 2), await insertEvent(database.db, 3)];
    await t.tailer.drain();
    ids.push(await insertEvent(database.db, 4));
    await t.tailer.drain();
    await t.tailer.drain();
    expect(t.ids()).toEqual(ids);
    expect(t.tailer.released).toBe(ids.at(-1));
  });
});

describe('the live tailer on PostgreSQL, commits out of id order', () => {
  const database = useMigratedDatabase('postgres');

  async function started() {
    const t = tail(database.db);
    await t.start();
    return t;
  }

  test('a later id committed first waits for the earlier one, then both go in id order', async () => {
    const t = await started();
    const first = await database.db.transaction();
    const second = await database.db.transaction();
    const earlier = await insertEvent(first, 1);
    const later = await insertEvent(second, 2);
    expect(later).toBeGreaterThan(earlier);
    await second.commit();
    await t.tailer.drain();
    expect(t.ids()).not.toContain(later);
    expect(t.tailer.released).toBe(earlier - 1);

    await first.commit();
    await t.tailer.drain();
    expect(t.ids()).toEqual([earlier, later]);
    expect(t.late).toEqual([]);
  });

  test('an id whose transaction rolled back is proven gone once its time has come, and the later ones go on', async () => {
    const t = await started();
    const doomed = await database.db.transaction();
    const other = await database.db.transaction();
    const lost = await insertEvent(doomed, 1);
    const kept = await insertEvent(other, 2);
    await other.commit();
    await doomed.rollback();
    await t.tailer.drain();
    // Too soon to tell a rollback from a slow commit.
    expect(t.ids()).toEqual([]);
    t.clock.t += GAP_PROOF_AFTER_MS;
    // The proof waits for every transaction running in the cluster at the first look to end (other tests' too).
    await waitFor(
      async () => {
        await t.tailer.drain();
        return t.ids().includes(kept);
      },
      { what: 'the proof that the rolled-back id never comes' },
    );
    expect(t.ids()).toEqual([kept]);
    expect(t.ids()).not.toContain(lost);
  });

  test('behind a long transaction, later events go on after GAP_GIVE_UP_MS, and the held one is handed on late when it commits', async () => {
    const t = await started();
    const slow = await database.db.transaction();
    const fast = await database.db.transaction();
    const held = await insertEvent(slow, 1);
    const after = await insertEvent(fast, 2);
    await fast.commit();
    await t.tailer.drain();
    t.clock.t += GAP_PROOF_AFTER_MS;
    await t.tailer.drain();
    expect(t.ids()).toEqual([]);
    t.clock.t += GAP_GIVE_UP_MS;
    await t.tailer.drain();
    expect(t.ids()).toEqual([after]);

    await slow.commit();
    await t.tailer.drain();
    expect(t.ids()).toEqual([after, held]);
    expect(t.late).toEqual([held]);
  });

  test('a tailer that starts while an insert is in flight still hands it on when it commits', async () => {
    const inFlight = await database.db.transaction();
    const id = await insertEvent(inFlight, 1);
    const next = await insertEvent(database.db, 2);
    const t = tail(database.db);
    await t.tailer.start();
    stopping.push(() => t.tailer.stop());
    expect(t.tailer.released).toBeLessThan(id);
    await inFlight.commit();
    // Older missing ids (earlier tests' rollbacks) are proven gone as soon as the cluster's other transactions end.
    await waitFor(
      async () => {
        await t.tailer.drain();
        return t.tailer.released! >= next;
      },
      { what: 'the in-flight insert to be handed on' },
    );
    const handedOn = t.received.map((r) => r.id).filter((x) => x >= id);
    expect(handedOn).toEqual([id, next]);
  });

  test("another connection's commit wakes the LISTEN connection; a rollback does not", async () => {
    let notices = 0;
    const { config } = database;
    if (config.kind !== 'postgres') throw new Error('a PostgreSQL database');
    const listener = new EventNotices(config.url, () => notices++, log);
    await listener.start();
    stopping.push(() => listener.stop());
    const rolledBack = await database.db.transaction();
    await insertEvent(rolledBack, 1);
    await rolledBack.rollback();
    await database.db.transaction(async (trx) => {
      // Two inserts in one transaction: one notice.
      await insertEvent(trx, 2);
      await insertEvent(trx, 3);
    });
    await waitFor(() => notices >= 1, { what: 'the notice of the commit' });
    // A second commit's notice arrives after the first's: when it is counted, any extra one would have been too.
    await insertEvent(database.db, 4);
    await waitFor(() => notices >= 2, { what: 'the notice of the second commit' });
    expect(notices).toBe(2);
  });
});
