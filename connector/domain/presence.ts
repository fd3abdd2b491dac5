/**
 * Presence: who else has a customer's thread open right now, and who is
 * typing a reply, across hosts (Ana in Zendesk, Ben in the in-house CRM) and
 * across connector instances. Panels report themselves; each report lives
 * for a while and is then over by the connector's clock, so a panel that
 * vanished without saying goodbye (a closed laptop) stops being shown.
 *
 * And the collision it exists to prevent: someone else answered the customer
 * while I was writing my reply.
 */

/** An open panel reports itself this often (and when it opens, and when the teammate starts typing). */
export const PRESENCE_BEAT_MS = 20_000;
/** A report is believed this long: two beats and some slack, so one lost request does not make a teammate flicker away. */
export const VIEWING_FOR_MS = 45_000;
/** "Typing" is believed this long after the last keystroke reported. */
export const TYPING_FOR_MS = 8_000;
/** A typing panel reports again at most this often (the connector believes each report for TYPING_FOR_MS). */
export const TYPING_BEAT_MS = 3_000;

/** What a panel says about itself. */
export interface PresenceReport {
  typing: boolean;
  /** The panel is closing (or moving to another customer). */
  leaving: boolean;
}

/** One panel's presence, as every panel of that customer is told it. */
export interface PresenceView {
  /** The panel's own id (random, per open panel): one teammate may have the thread open twice. */
  panel: string;
  teammate: { id: number; name: string };
  /** The host that vouched for the sign-in ("zendesk:acme.zendesk.com"); null when signed in through SSO. */
  host: string | null;
  /** Until when (connector time) the panel counts as open; at or before `at` when it left. */
  viewingUntil: number;
  /** Until when it counts as typing; null when it is not. */
  typingUntil: number | null;
  /** When the connector took the report. */
  at: number;
}

/** How long a report holds. */
export function presenceTimes(report: PresenceReport, now: number): { viewingUntil: number; typingUntil: number | null } {
  if (report.leaving) return { viewingUntil: now, typingUntil: null };
  return { viewingUntil: now + VIEWING_FOR_MS, typingUntil: report.typing ? now + TYPING_FOR_MS : null };
}

/**
 * Whether a report must be written, given the last one written for the same
 * panel: a change (started or stopped typing, leaving) always is; a repeat
 * only once the last one is a third of the way to expiring. A panel that
 * misbehaves (a loop, a key held down) then costs one write per few seconds.
 */
export function presenceWriteDue(last: { typing: boolean; at: number } | undefined, next: PresenceReport, now: number): boolean {
  if (!last || next.leaving || last.typing !== next.typing) return true;
  const refreshAfter = (next.typing ? TYPING_FOR_MS : VIEWING_FOR_MS) / 3;
  return now - last.at >= refreshAfter;
}

/** Someone else looking at the thread, as the panel names them. */
export interface PresentTeammate {
  teammateId: number;
  name: string;
  host: string | null;
  typing: boolean;
}

/**
 * Who to show, from the latest report of each panel: never me, nobody whose
 * report ran out, one line per teammate and host (two tabs are one person),
 * typing first, then by name.
 */
export function whoIsHere(reports: Iterable<PresenceView>, me: number, now: number): PresentTeammate[] {
  const byPerson = new Map<string, PresentTeammate>();
  for (const r of reports) {
    if (r.teammate.id === me || r.viewingUntil <= now) continue;
    const key = `${r.teammate.id} ${r.host ?? ''}`;
    const typing = r.typingUntil !== null && r.typingUntil > now;
    const seen = byPerson.get(key);
    byPerson.set(key, { teammateId: r.teammate.id, name: r.teammate.name, host: r.host, typing: typing || (seen?.typing ?? false) });
  }
  return [...byPerson.values()].sort((a, b) => Number(b.typing) - Number(a.typing) || a.name.localeCompare(b.name) || a.teammateId - b.teammateId);
}

/** Keeps the newest report of each panel (reports may arrive twice: the stream replays, the panel's own read). */
export function mergePresence(known: ReadonlyMap<string, PresenceView>, report: PresenceView): Map<string, PresenceView> {
  const next = new Map(known);
  const seen = known.get(report.panel);
  if (!seen || seen.at <= report.at) next.set(report.panel, report);
  return next;
}

/** What a collision check needs of a message. */
export interface SentMessage {
  direction: 'in' | 'out';
  at: number;
  sender: { teammateId: number; name: string } | null;
}

/**
 * The latest message another teammate sent the customer after I started my
 * draft, or null: then nothing I wrote crosses their answer. Messages sent
 * by nobody in particular (the connector's own) do not count.
 */
export function collisionSince<M extends SentMessage>(messages: readonly M[], me: number, draftStartedAt: number | null): M | null {
  if (draftStartedAt === null) return null;
  let latest: M | null = null;
  for (const m of messages) {
    if (m.direction !== 'out' || !m.sender || m.sender.teammateId === me || m.at <= draftStartedAt) continue;
    if (!latest || m.at > latest.at) latest = m;
  }
  return latest;
}
