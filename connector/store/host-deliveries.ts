/**
 * The host outbox's rows (migration 202612062200): deliveries, host links, host state.
 *
 * A delivery is claimed with one UPDATE … RETURNING over a sub-select (FOR UPDATE SKIP
 * LOCKED on PostgreSQL), like the WhatsApp outbox: two workers never claim one row. Per
 * host and customer only the oldest unsettled delivery can be claimed, so a host hears a
 * conversation's events in order and never works on one customer twice at once (two
 * instances cannot both create a ticket for one conversation).
 */
import type { HostDeliveryView, HostStatusView } from '@domain/host-delivery';
import type { HostEventBody } from '@domain/host-events';
import { dbKind, type Db } from './db';
import { forChange, type Executor } from './rows';

export interface ClaimedDelivery {
  id: number;
  host: string;
  contactId: number;
  attempts: number;
  event: HostEventBody;
}

/** Stores each event once for each host it goes to. */
export async function queueDeliveries(trx: Executor, rows: Array<{ host: string; event: HostEventBody }>, now: number): Promise<void> {
  // SQLite allows 999 bound variables per statement by default; seven per row.
  for (let i = 0; i < rows.length; i += 100) {
    await trx('host_deliveries')
      .insert(
        rows.slice(i, i + 100).map(({ host, event }) => ({
          host,
          event_id: event.id,
          type: event.type,
          contact_id: event.contact.id,
          payload: JSON.stringify(event),
          next_attempt_at: now,
          created_at: now,
        })),
      )
      .onConflict(['host', 'event_id'])
      .ignore();
  }
}

/**
 * Claims the next due delivery of a host that is neither paused nor held back, whose
 * customer has no earlier delivery to that host still pending or being sent.
 */
export async function claimNextDelivery(db: Db, hosts: string[], now: number): Promise<ClaimedDelivery | null> {
  if (hosts.length === 0) return null;
  const lock = dbKind(db) === 'postgres' ? 'FOR UPDATE OF d SKIP LOCKED' : '';
  const hostList = hosts.map(() => '?').join(', ');
  const result = await db.raw(
    `UPDATE host_deliveries SET status = 'sending', attempts = attempts + 1, claimed_at = ?
     WHERE id = (
       SELECT d.id FROM host_deliveries d
       WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND d.host IN (${hostList})
         AND NOT EXISTS (SELECT 1 FROM host_targets t WHERE t.host = d.host AND (t.paused_at IS NOT NULL OR t.held_until > ?))
         AND NOT EXISTS (SELECT 1 FROM host_deliveries e WHERE e.host = d.host AND e.contact_id = d.contact_id AND e.id < d.id AND e.status IN ('pending', 'sending'))
       ORDER BY d.next_attempt_at, d.id LIMIT 1 ${lock}
     )
     RETURNING id, host, contact_id, attempts, payload`,
    [now, now, ...hosts, now],
  );
  const rows: Array<{ id: number; host: string; contact_id: number; attempts: number; payload: string }> = Array.isArray(result) ? result : result.rows;
  const row = rows[0];
  if (!row) return null;
  return { id: row.id, host: row.host, contactId: row.contact_id, attempts: row.attempts, event: JSON.parse(row.payload) as HostEventBody };
}

/** When the worker should look again: the earliest due delivery, or when a held host is free. */
export async function nextDeliveryDueAt(db: Executor, hosts: string[]): Promise<number | null> {
  if (hosts.length === 0) return null;
  const row = await db('host_deliveries')
    .where('status', 'pending')
    .whereIn('host', hosts)
    .min<{ due: number | string | null }>('next_attempt_at as due')
    .first();
  return row?.due === null || row?.due === undefined ? null : Number(row.due);
}

export async function markDelivered(db: Executor, id: number, now: number): Promise<void> {
  await db('host_deliveries').where({ id, status: 'sending' }).update({ status: 'delivered', delivered_at: now, last_error: null, payload: '{}' });
}

/** Back in line at `at`; an attempt that was not the delivery's fault (429, a paused host) is not counted. */
export async function scheduleDelivery(db: Executor, id: number, change: { at: number; countsAsAttempt: boolean; error: string | null }): Promise<void> {
  const update: Record<string, unknown> = { status: 'pending', next_attempt_at: change.at, claimed_at: null, last_error: change.error?.slice(0, 2000) ?? null };
  if (!change.countsAsAttempt) update.attempts = db.raw('attempts - 1');
  await db('host_deliveries').where({ id, status: 'sending' }).update(update);
}

export async function markDead(db: Executor, id: number, error: string, now: number): Promise<void> {
  await db('host_deliveries')
    .where({ id, status: 'sending' })
    .update({ status: 'dead', dead_at: now, last_error: error.slice(0, 2000) });
}

/** Delivered rows written before `before` (housekeeping). */
export async function deleteDeliveredBefore(db: Executor, before: number): Promise<number> {
  return db('host_deliveries').where('status', 'delivered').andWhere('delivered_at', '<', before).delete();
}

/** Claims older than the lease (an instance stopped mid-call) go back in line. */
export async function releaseExpiredClaims(db: Executor, claimedBefore: number): Promise<number> {
  return db('host_deliveries').where('status', 'sending').andWhere('claimed_at', '<', claimedBefore).update({ status: 'pending', claimed_at: null });
}

// --- host state ---------------------------------------------------------------------------

export async function pauseHost(db: Executor, host: string, reason: string, now: number): Promise<void> {
  await db('host_targets')
    .insert({ host, paused_at: now, paused_reason: reason.slice(0, 300), updated_at: now })
    .onConflict('host')
    .merge({ paused_at: db.raw('coalesce(host_targets.paused_at, ?)', [now]), paused_reason: reason.slice(0, 300), updated_at: now });
}

export async function holdHost(db: Executor, host: string, until: number, now: number): Promise<void> {
  await db('host_targets')
    .insert({ host, held_until: until, updated_at: now })
    .onConflict('host')
    .merge({
      held_until: db.raw('CASE WHEN host_targets.held_until IS NULL OR host_targets.held_until < ? THEN ? ELSE host_targets.held_until END', [until, until]),
      updated_at: now,
    });
}

/** Lets a paused host be tried again; returns whether it was paused. */
export async function resumeHost(db: Executor, host: string, now: number): Promise<boolean> {
  const changed = await db('host_targets').where('host', host).whereNotNull('paused_at').update({ paused_at: null, paused_reason: null, updated_at: now });
  return changed > 0;
}

export async function pausedHosts(db: Executor): Promise<Array<{ host: string; reason: string | null }>> {
  const rows = await db('host_targets').whereNotNull('paused_at').select('host', 'paused_reason');
  return rows.map((r: { host: string; paused_reason: string | null }) => ({ host: r.host, reason: r.paused_reason }));
}

export async function hostStatuses(db: Executor, hosts: string[]): Promise<HostStatusView[]> {
  type TargetRow = { host: string; paused_at: number | null; paused_reason: string | null; held_until: number | null };
  const rows: TargetRow[] = await db('host_targets').whereIn('host', hosts).select('host', 'paused_at', 'paused_reason', 'held_until');
  const targets = new Map(rows.map((r) => [r.host, r]));
  const counts = await db('host_deliveries')
    .whereIn('host', hosts)
    .whereIn('status', ['pending', 'sending', 'dead'])
    .groupBy('host', 'status')
    .select('host', 'status')
    .count<Array<{ host: string; status: string; n: number | string }>>({ n: '*' });
  return hosts.map((host) => {
    const target = targets.get(host);
    const count = (statuses: string[]) => counts.filter((c) => c.host === host && statuses.includes(c.status)).reduce((sum, c) => sum + Number(c.n), 0);
    return {
      host,
      pausedAt: target?.paused_at == null ? null : Number(target.paused_at),
      pausedReason: target?.paused_reason ?? null,
      heldUntil: target?.held_until == null ? null : Number(target.held_until),
      pending: count(['pending', 'sending']),
      dead: count(['dead']),
    };
  });
}

// --- dead letters -------------------------------------------------------------------------

export async function countDeadDeliveries(db: Executor): Promise<number> {
  const [row] = await db('host_deliveries').where('status', 'dead').count<Array<{ n: number | string }>>({ n: '*' });
  return Number(row?.n ?? 0);
}

function deliveryView(row: Record<string, unknown>): HostDeliveryView {
  return {
    id: Number(row.id),
    host: String(row.host),
    eventId: String(row.event_id),
    type: String(row.type),
    contactId: Number(row.contact_id),
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    failedAt: row.dead_at == null ? null : Number(row.dead_at),
    error: (row.last_error as string | null) ?? null,
  };
}

const VIEW_COLUMNS = ['id', 'host', 'event_id', 'type', 'contact_id', 'attempts', 'created_at', 'dead_at', 'last_error'] as const;

/** Dead deliveries, newest first, by keyset on the id. */
export async function listDeadDeliveries(db: Executor, page: { before: number | null; limit: number }): Promise<HostDeliveryView[]> {
  const query = db('host_deliveries')
    .where('status', 'dead')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .select(...VIEW_COLUMNS);
  if (page.before !== null) query.andWhere('id', '<', page.before);
  return (await query).map(deliveryView);
}

/** Puts dead deliveries back in line, attempts reset (the ones named, or the oldest `limit`); returns their ids. */
export async function reviveDeadDeliveries(db: Executor, which: { ids: number[] } | { limit: number }, now: number): Promise<number[]> {
  const query = forChange(db, db('host_deliveries').where('status', 'dead').orderBy('id').select('id'));
  if ('ids' in which) query.whereIn('id', which.ids);
  else query.limit(which.limit);
  const ids = (await query).map((row: { id: number | string }) => Number(row.id));
  if (ids.length > 0) await db('host_deliveries').whereIn('id', ids).update({ status: 'pending', dead_at: null, attempts: 0, next_attempt_at: now });
  return ids;
}

// --- links --------------------------------------------------------------------------------

export interface RecordLink {
  host: string;
  contactId: number;
  recordId: string | null;
  recordUrl: string | null;
}

function linkOf(row: { host: string; contact_id: number; record_id: string | null; record_url: string | null }): RecordLink {
  return { host: row.host, contactId: Number(row.contact_id), recordId: row.record_id, recordUrl: row.record_url };
}

export async function findRecordLink(db: Executor, host: string, contactId: number): Promise<RecordLink | null> {
  const row = await db('host_links').where({ host, contact_id: contactId }).first();
  return row ? linkOf(row) : null;
}

export async function findRecordLinks(db: Executor, contactIds: number[]): Promise<RecordLink[]> {
  if (contactIds.length === 0) return [];
  return (await db('host_links').whereIn('contact_id', contactIds).whereNotNull('record_id').select()).map(linkOf);
}

export async function findContactByRecord(db: Executor, host: string, recordId: string): Promise<number | null> {
  const row = await db('host_links').where({ host, record_id: recordId }).first('contact_id');
  return row ? Number(row.contact_id) : null;
}

/**
 * The conversation's one link to the host, claimed before the record is created: the
 * primary key (host, contact) lets only one caller in; a link left without a record (a
 * call whose answer was lost) tells the next attempt to look for the record first.
 */
export async function claimRecordLink(db: Executor, host: string, contactId: number, now: number): Promise<RecordLink> {
  await db('host_links').insert({ host, contact_id: contactId, created_at: now, updated_at: now }).onConflict(['host', 'contact_id']).ignore();
  return (await findRecordLink(db, host, contactId))!;
}

export async function saveHostRecord(db: Executor, host: string, contactId: number, record: { id: string; url: string }, now: number): Promise<void> {
  await db('host_links').where({ host, contact_id: contactId }).update({ record_id: record.id, record_url: record.url, updated_at: now });
}
