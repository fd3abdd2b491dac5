/** Account-level webhooks as Meta sent them, newest last. */
import { fitColumn, fromJson, toJson, type Executor } from './rows';

export interface AccountEventRow {
  id: number;
  field: string;
  event: string | null;
  subject: string | null;
  value: unknown;
  receivedAt: number;
}

export async function recordAccountEvent(
  db: Executor,
  entry: { field: string; event: string | null; subject: string | null; value: unknown },
  now: number,
): Promise<void> {
  await db('account_events').insert({
    field: fitColumn(entry.field, 64),
    event: entry.event === null ? null : fitColumn(entry.event, 64),
    subject: entry.subject === null ? null : fitColumn(entry.subject, 600),
    value: toJson(entry.value),
    received_at: now,
  });
}

export async function recentAccountEvents(db: Executor, limit: number): Promise<AccountEventRow[]> {
  const rows = await db('account_events').orderBy('id', 'desc').limit(limit);
  return rows.map((r: Record<string, unknown>) => ({
    id: Number(r.id),
    field: r.field as string,
    event: (r.event as string | null) ?? null,
    subject: (r.subject as string | null) ?? null,
    value: fromJson(r.value as string),
    receivedAt: Number(r.received_at),
  }));
}
