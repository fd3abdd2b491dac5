/**
 * Writing the live feed as many writers would, and what each stream must
 * receive: the database's own answer (the catch-up read) for its filter.
 */
import type { Db } from '../../connector/store/db';
import { feedRowsBetween, lastEventId, type FeedFilter } from '../../connector/store/events';

export interface EventSpec {
  contactId: number | null;
  type: 'message' | 'conversation' | 'clock';
  /** Padding, to make events big. */
  bytes?: number;
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Each event in its own transaction, `concurrency` at a time, each held open
 * for a random 0–`holdMs` ms before it commits: on PostgreSQL later ids often
 * commit before earlier ones. Returns the ids written.
 */
export async function writeEvents(db: Db, specs: EventSpec[], options: { concurrency?: number; holdMs?: number; seed?: number } = {}): Promise<number[]> {
  const next = random(options.seed ?? 7);
  const ids: number[] = [];
  let i = 0;
  const worker = async () => {
    while (i < specs.length) {
      const spec = specs[i++]!;
      const hold = Math.floor(next() * (options.holdMs ?? 0));
      await db.transaction(async (trx) => {
        const payload = JSON.stringify({ type: spec.type, n: i, pad: 'x'.repeat(spec.bytes ?? 0) });
        const [row] = await trx('events').insert({ contact_id: spec.contactId, type: spec.type, payload, created_at: Date.now() }).returning('id');
        ids.push(Number(typeof row === 'object' ? row.id : row));
        if (hold) await new Promise((r) => setTimeout(r, hold));
      });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 1 }, worker));
  return ids.sort((a, b) => a - b);
}

/** The ids a stream with `filter` must receive after `after`, up to the newest event now. */
export async function expectedIds(db: Db, filter: FeedFilter, after: number): Promise<number[]> {
  const end = await lastEventId(db);
  const ids: number[] = [];
  for (let from = after; ;) {
    const rows = await feedRowsBetween(db, filter, from, end, 500);
    ids.push(...rows.map((r) => r.id));
    if (rows.length < 500) return ids;
    from = rows.at(-1)!.id;
  }
}

/** The ids of the events a stream received (keep-alives and sign-outs carry none). */
export function receivedIds(events: ReadonlyArray<{ id: number }>): number[] {
  return events.filter((e) => Number.isFinite(e.id)).map((e) => e.id);
}
