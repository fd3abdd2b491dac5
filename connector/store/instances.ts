import { dbKind, type Db } from './db';
import type { Executor } from './rows';

/** The database's clock in ms: one clock for every instance, whatever their hosts' clocks say. */
export async function databaseNow(db: Db): Promise<number> {
  if (dbKind(db) === 'postgres') {
    const result = await db.raw<{ rows: Array<{ now: string }> }>('SELECT (extract(epoch from clock_timestamp()) * 1000)::bigint AS now');
    return Number(result.rows[0]!.now);
  }
  const rows = await db.raw<Array<{ now: number }>>("SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) AS now");
  return Number(rows[0]!.now);
}

/** Writes that instance `id` is running at `now` and uses at most `part` of each number's limit. */
export async function markInstanceSeen(db: Executor, id: string, now: number, part: number): Promise<void> {
  await db('connector_instances').insert({ id, started_at: now, seen_at: now, part }).onConflict('id').merge(['seen_at', 'part']);
}

/** The parts of each limit the other instances seen since `since` may use. */
export async function otherInstancesParts(db: Executor, id: string, since: number): Promise<number[]> {
  const rows: Array<{ part: number | string }> = await db('connector_instances').where('seen_at', '>=', since).whereNot({ id }).select('part');
  return rows.map((r) => Number(r.part));
}

/** Removes the rows of instances not seen since `before` (stopped without saying so). */
export async function forgetInstancesBefore(db: Executor, before: number): Promise<void> {
  await db('connector_instances').where('seen_at', '<', before).delete();
}

/** Removes an instance's row: it stopped. */
export async function removeInstance(db: Executor, id: string): Promise<void> {
  await db('connector_instances').where({ id }).delete();
}
