/**
 * Open panels and inboxes (domain/presence.ts): one row per panel, rewritten
 * by its reports, read by every instance.
 */
import type { PresenceView } from '@domain/presence';
import type { Executor } from './rows';

export interface PresenceRow {
  teammateId: number;
  panel: string;
  /** The customer the panel shows; null for an inbox. */
  contactId: number | null;
  host: string | null;
  viewingUntil: number;
  typingUntil: number | null;
}

export async function upsertPresence(db: Executor, row: PresenceRow, now: number): Promise<void> {
  const values = { contact_id: row.contactId, host: row.host, viewing_until: row.viewingUntil, typing_until: row.typingUntil, updated_at: now };
  await db('presence')
    .insert({ teammate_id: row.teammateId, panel: row.panel, ...values })
    .onConflict(['teammate_id', 'panel'])
    .merge(values);
}

/** The panels open on this customer at `now`, with their teammates' names. */
export async function presenceOn(db: Executor, contactId: number, now: number): Promise<PresenceView[]> {
  const rows: Array<{
    panel: string;
    teammate_id: number;
    name: string;
    host: string | null;
    viewing_until: number;
    typing_until: number | null;
    updated_at: number;
  }> = await db('presence')
    .join('teammates', 'teammates.id', 'presence.teammate_id')
    .where('presence.contact_id', contactId)
    .andWhere('presence.viewing_until', '>', now)
    .whereNull('teammates.disabled_at')
    .select(
      'presence.panel',
      'presence.teammate_id',
      'teammates.name',
      'presence.host',
      'presence.viewing_until',
      'presence.typing_until',
      'presence.updated_at',
    );
  return rows.map((r) => ({
    panel: r.panel,
    teammate: { id: r.teammate_id, name: r.name },
    host: r.host,
    viewingUntil: Number(r.viewing_until),
    typingUntil: r.typing_until === null ? null : Number(r.typing_until),
    at: Number(r.updated_at),
  }));
}

/** Active teammates with a panel or an inbox open at `now`: who is at their desk. */
export async function teammatesPresent(db: Executor, now: number): Promise<number[]> {
  const rows: Array<{ teammate_id: number }> = await db('presence')
    .join('teammates', 'teammates.id', 'presence.teammate_id')
    .where('presence.viewing_until', '>', now)
    .whereNull('teammates.disabled_at')
    .distinct('presence.teammate_id');
  return rows.map((r) => r.teammate_id);
}

/** Deletes panels gone before `before`, and presence events written before it (nobody shows them any more). */
export async function deletePresenceBefore(db: Executor, before: number): Promise<{ panels: number; events: number }> {
  const panels = await db('presence').where('viewing_until', '<', before).delete();
  const events = await db('events').where('type', 'presence').andWhere('created_at', '<', before).delete();
  return { panels, events };
}
