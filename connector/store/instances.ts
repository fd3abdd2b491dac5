import type { Executor } from './rows';

/** Writes that instance `id` is running at `now` (its first write is its start). */
export async function markInstanceSeen(db: Executor, id: string, now: number): Promise<void> {
  await db('connector_instances').insert({ id, started_at: now, seen_at: now }).onConflict('id').merge(['seen_at']);
}

/** Instances seen since `since`, this one included once it has written its row. */
export async function countInstancesSeenSince(db: Executor, since: number): Promise<number> {
  const row = await db('connector_instances').where('seen_at', '>=', since).count<{ n: number | string }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Removes the rows of instances not seen since `before` (stopped without saying so). */
export async function forgetInstancesBefore(db: Executor, before: number): Promise<void> {
  await db('connector_instances').where('seen_at', '<', before).delete();
}

/** Removes an instance's row: it stopped. */
export async function removeInstance(db: Executor, id: string): Promise<void> {
  await db('connector_instances').where({ id }).delete();
}
