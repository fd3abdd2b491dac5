/**
 * Teammates, as an admin manages them: the list with each one's host links,
 * disabling and enabling (audited). Disabling ends every session of the
 * teammate in the same transaction and tells their open streams at once, so
 * their panels say so within a moment, not at the next heartbeat.
 */
import { DomainError } from '@domain/errors';
import type { TeammateView } from '@domain/sign-in';
import { appendAudit } from '../../store/audit-writer';
import { endTeammateSessions } from '../../store/auth-sessions';
import { announceAccessChanged } from '../../store/events';
import { deleteHostLink, hostLinksByTeammate } from '../../store/host-links';
import { findTeammate, listTeammates, setDisabled, type Teammate } from '../../store/teammates';
import type { ServiceDeps } from '../runtime/deps';

export type AdminDeps = Pick<ServiceDeps, 'db' | 'live'> & { wallClock: { now(): number } };

export async function teammateViews(deps: AdminDeps): Promise<TeammateView[]> {
  const [teammates, links] = await Promise.all([listTeammates(deps.db), hostLinksByTeammate(deps.db)]);
  return teammates.map((t) => ({
    id: t.id,
    name: t.name,
    email: t.email,
    role: t.role,
    disabledAt: t.disabledAt,
    createdAt: t.createdAt,
    lastSignInAt: t.lastSignInAt,
    hostLinks: links.get(t.id) ?? [],
  }));
}

async function target(deps: AdminDeps, id: number): Promise<Teammate> {
  const teammate = await findTeammate(deps.db, id);
  if (!teammate) throw new DomainError('NOT_FOUND', { teammate: id });
  return teammate;
}

export async function disableTeammate(deps: AdminDeps, admin: Teammate, id: number): Promise<TeammateView> {
  if (admin.id === id) throw new DomainError('FORBIDDEN', { reason: 'you cannot disable your own account; ask another admin' });
  await target(deps, id);
  const now = deps.wallClock.now();
  await deps.db.transaction(async (trx) => {
    if (!(await setDisabled(trx, id, now))) return;
    const sessions = await endTeammateSessions(trx, id, 'teammate_disabled', now);
    await appendAudit(trx, { at: now, action: 'teammate.disabled', teammateId: admin.id, details: { teammateId: id, sessionsEnded: sessions } });
    await announceAccessChanged(trx, id, now);
  });
  deps.live.notify();
  return viewOf(deps, id);
}

/** Enabling lets the teammate sign in again; sessions ended by the disable stay ended. */
export async function enableTeammate(deps: AdminDeps, admin: Teammate, id: number): Promise<TeammateView> {
  await target(deps, id);
  const now = deps.wallClock.now();
  await deps.db.transaction(async (trx) => {
    if (!(await setDisabled(trx, id, null))) return;
    await appendAudit(trx, { at: now, action: 'teammate.enabled', teammateId: admin.id, details: { teammateId: id } });
  });
  return viewOf(deps, id);
}

/** Unlinks a host user (say, a helpdesk account handed to someone else); they link again through SSO. */
export async function unlinkHostUser(deps: AdminDeps, admin: Teammate, id: number, host: string, hostUserId: string): Promise<TeammateView> {
  await target(deps, id);
  const now = deps.wallClock.now();
  await deps.db.transaction(async (trx) => {
    if (!(await deleteHostLink(trx, host, hostUserId, id))) throw new DomainError('NOT_FOUND', { host, hostUserId });
    await appendAudit(trx, { at: now, action: 'host_link.removed', teammateId: admin.id, host, hostUserId, details: { teammateId: id, host, hostUserId } });
  });
  return viewOf(deps, id);
}

async function viewOf(deps: AdminDeps, id: number): Promise<TeammateView> {
  const view = (await teammateViews(deps)).find((t) => t.id === id);
  if (!view) throw new DomainError('NOT_FOUND', { teammate: id });
  return view;
}
