/** Host users linked to teammates, and the one-time tickets that create the links. */
import type { HostLinkView } from '@domain/sign-in';
import type { Executor } from './rows';

export interface HostUserLink extends HostLinkView {
  teammateId: number;
}

export async function findHostLink(db: Executor, host: string, hostUserId: string): Promise<HostUserLink | null> {
  const row = await db('host_user_links').where({ host, host_user_id: hostUserId }).first();
  return row ? { host: row.host, hostUserId: row.host_user_id, teammateId: row.teammate_id, linkedAt: row.linked_at } : null;
}

/** Stores the link unless this host user is linked already; returns the link in force. */
export async function insertHostLink(db: Executor, link: { host: string; hostUserId: string; teammateId: number; now: number }): Promise<HostUserLink> {
  await db('host_user_links')
    .insert({ host: link.host, host_user_id: link.hostUserId, teammate_id: link.teammateId, linked_at: link.now })
    .onConflict(['host', 'host_user_id'])
    .ignore();
  const stored = await findHostLink(db, link.host, link.hostUserId);
  if (!stored) throw new Error('host link vanished after insert');
  return stored;
}

export async function deleteHostLink(db: Executor, host: string, hostUserId: string, teammateId: number): Promise<boolean> {
  return (await db('host_user_links').where({ host, host_user_id: hostUserId, teammate_id: teammateId }).delete()) > 0;
}

export async function hostLinksByTeammate(db: Executor): Promise<Map<number, HostLinkView[]>> {
  const rows = await db('host_user_links').orderBy(['teammate_id', 'host', 'host_user_id']);
  const byTeammate = new Map<number, HostLinkView[]>();
  for (const r of rows as Array<{ teammate_id: number; host: string; host_user_id: string; linked_at: number }>) {
    const list = byTeammate.get(r.teammate_id) ?? [];
    list.push({ host: r.host, hostUserId: r.host_user_id, linkedAt: r.linked_at });
    byTeammate.set(r.teammate_id, list);
  }
  return byTeammate;
}

export interface LinkTicket {
  host: string;
  hostUserId: string;
  email: string | null;
  expiresAt: number;
}

export async function insertLinkTicket(
  db: Executor,
  t: { ticketHash: string; host: string; hostUserId: string; email: string | null; now: number; expiresAt: number },
): Promise<void> {
  await db('host_link_tickets').insert({
    ticket_hash: t.ticketHash,
    host: t.host,
    host_user_id: t.hostUserId,
    email: t.email,
    created_at: t.now,
    expires_at: t.expiresAt,
  });
}

/** Takes a ticket once: null when unknown, expired or used. */
export async function takeLinkTicket(db: Executor, ticketHash: string, now: number): Promise<LinkTicket | null> {
  const changed = await db('host_link_tickets')
    .where({ ticket_hash: ticketHash })
    .whereNull('used_at')
    .andWhere('expires_at', '>', now)
    .update({ used_at: now });
  if (changed !== 1) return null;
  const row = await db('host_link_tickets').where({ ticket_hash: ticketHash }).first();
  return { host: row.host, hostUserId: row.host_user_id, email: row.email ?? null, expiresAt: row.expires_at };
}
