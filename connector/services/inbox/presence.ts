/**
 * Panels and inboxes say they are open, and panels that their teammate is
 * typing (domain/presence.ts). A panel's report is kept in `presence` (read by
 * every instance: who is at their desk) and, for a thread, appended as a live
 * event for that customer, so every panel open on that customer hears it
 * through the stream it already has, on any instance. Presence changes
 * nothing about a conversation, so nothing is audited.
 */
import type { Attribution } from '@domain/attribution';
import { presenceTimes, presenceWriteDue, type PresenceReport, type PresenceView } from '@domain/presence';
import { appendEvent } from '../../store/events';
import { presenceOn, upsertPresence } from '../../store/presence';
import type { Teammate } from '../../store/teammates';
import type { ServiceDeps } from '../runtime/deps';
import { knownContact } from './conversations';

/** Reports written last, per panel, on this instance: repeats inside a report's life are not written again. */
export class PresenceWrites {
  private readonly last = new Map<string, { typing: boolean; at: number }>();

  /** Whether to write, remembering it when so. */
  due(key: string, report: PresenceReport, now: number): boolean {
    if (!presenceWriteDue(this.last.get(key), report, now)) return false;
    if (report.leaving) this.last.delete(key);
    else this.last.set(key, { typing: report.typing, at: now });
    // Panels that closed without a word would otherwise stay here for the life of the process.
    if (this.last.size > 10_000) for (const [k, v] of this.last) if (now - v.at > 60_000) this.last.delete(k);
    return true;
  }
}

export interface PresenceDeps extends ServiceDeps {
  presenceWrites: PresenceWrites;
}

export interface PresenceRequest {
  teammate: Teammate;
  attribution: Attribution;
  /** The panel's own id. */
  panel: string;
  /** The customer whose thread the panel shows; null for an inbox. */
  contactRef: string | null;
  report: PresenceReport;
}

/** Records the report (when due) and answers who else is on this customer's thread now. */
export async function reportPresence(deps: PresenceDeps, request: PresenceRequest): Promise<{ serverNow: number; present: PresenceView[] }> {
  const now = deps.clock.now();
  let contactId: number | null = null;
  // A panel reports itself as it opens its thread, maybe before the thread's read made a new number's contact: made as that read does.
  if (request.contactRef !== null) contactId = (await knownContact(deps.db, request.contactRef, now, deps.defaultCountry, deps.numbers)).id;
  const { teammate, panel, report } = request;
  const key = `${teammate.id} ${panel} ${contactId ?? ''}`;
  if (deps.presenceWrites.due(key, report, now)) {
    const times = presenceTimes(report, now);
    const host = request.attribution.host;
    await deps.db.transaction(async (trx) => {
      await upsertPresence(trx, { teammateId: teammate.id, panel, contactId, host, ...times }, now);
      if (contactId !== null) {
        const presence: PresenceView = { panel, teammate: { id: teammate.id, name: teammate.name }, host, ...times, at: now };
        await appendEvent(trx, contactId, { type: 'presence', presence }, now);
      }
    });
    if (contactId !== null) deps.live.notify();
  }
  const present = contactId === null ? [] : (await presenceOn(deps.db, contactId, now)).filter((p) => p.teammate.id !== teammate.id);
  return { serverNow: now, present };
}
