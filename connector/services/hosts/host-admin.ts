/**
 * Host deliveries, for admins: each host's state, the dead letters, replaying them and
 * resuming a paused host, each audited (`host.replayed`, `host.resumed`).
 */
import type { HostDeliveryPage, HostStatusView } from '@domain/host-delivery';
import { DomainError } from '@domain/errors';
import { appendAudit } from '../../store/audit-writer';
import type { Db } from '../../store/db';
import { hostStatuses, listDeadDeliveries, reviveDeadDeliveries } from '../../store/host-deliveries';
import type { Teammate } from '../../store/teammates';
import type { Clock } from '../runtime/clock';

/** At most this many dead letters go back in line per replay request (one transaction, one audit row). */
export const HOST_REPLAY_BATCH = 500;

export interface HostAdminDeps {
  db: Db;
  clock: Clock;
  hosts: readonly string[];
  outbox: { kick(): void; resume(host: string): Promise<boolean>; sweepOnce(): Promise<void> };
}

export function hostStatusList(deps: HostAdminDeps): Promise<HostStatusView[]> {
  return hostStatuses(deps.db, [...deps.hosts]);
}

export async function deadDeliveryPage(deps: HostAdminDeps, page: { before: number | null; limit: number }): Promise<HostDeliveryPage> {
  const rows = await listDeadDeliveries(deps.db, { before: page.before, limit: page.limit + 1 });
  const data = rows.slice(0, page.limit);
  return { data, next: rows.length > page.limit ? String(data.at(-1)!.id) : null };
}

export async function replayDeadDeliveries(deps: HostAdminDeps, admin: Teammate, which: { id: number } | 'oldest'): Promise<{ replayed: number[] }> {
  const now = deps.clock.now();
  const replayed = await deps.db.transaction(async (trx) => {
    const ids = await reviveDeadDeliveries(trx, which === 'oldest' ? { limit: HOST_REPLAY_BATCH } : { ids: [which.id] }, now);
    if (ids.length > 0) await appendAudit(trx, { at: now, action: 'host.replayed', teammateId: admin.id, details: { deliveryIds: ids } });
    return ids;
  });
  if (which !== 'oldest' && replayed.length === 0) throw new DomainError('NOT_FOUND', { deadLetter: which.id });
  deps.outbox.kick();
  await deps.outbox.sweepOnce();
  return { replayed };
}

export async function resumeHostDeliveries(deps: HostAdminDeps, admin: Teammate, host: string): Promise<{ resumed: boolean }> {
  if (!deps.hosts.includes(host)) throw new DomainError('NOT_FOUND', { host });
  const resumed = await deps.outbox.resume(host);
  if (resumed) await appendAudit(deps.db, { at: deps.clock.now(), action: 'host.resumed', teammateId: admin.id, host, details: { host } });
  return { resumed };
}
