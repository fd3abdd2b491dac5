/**
 * Which tab a conversation belongs in and where it sits there: the rule the
 * connector's SQL applies to a page (store/conversations.ts, `inView` and
 * `ORDER_KEYS`), written once more as pure functions so an open inbox can
 * place a live update where the next page load would put it, without asking.
 */
import { effectiveState, type ConversationOrder, type ConversationSummary, type ConversationViewName } from './conversations';

/** Conversations nobody waits on sort after every waiting one (the store's SQL uses this number too). */
export const NOT_WAITING_BASE = 8_000_000_000_000_000;

/** True when the conversation is listed in `view` for this teammate at `now`. */
export function inConversationView(c: ConversationSummary, view: ConversationViewName, teammateId: number, now: number): boolean {
  switch (view) {
    case 'unassigned':
      return c.owner === null && effectiveState(c, now) === 'open';
    case 'mine':
      return c.owner?.id === teammateId && c.state !== 'resolved';
    case 'all':
      return c.state !== 'resolved';
    case 'resolved':
      return c.state === 'resolved';
  }
}

/**
 * The sort key, smallest first: `waiting` puts the longest-waiting customer
 * first, then the rest by latest activity; `activity` is latest activity only.
 */
export function conversationOrderKey(c: ConversationSummary, order: ConversationOrder): number {
  const activity = NOT_WAITING_BASE - c.lastActivityAt;
  return order === 'waiting' && c.waitingSince !== null ? c.waitingSince : activity;
}

/** A comparator for Array.sort: the order key, then the contact id (the API's tie-break). */
export function compareConversations(order: ConversationOrder): (a: ConversationSummary, b: ConversationSummary) => number {
  return (a, b) => conversationOrderKey(a, order) - conversationOrderKey(b, order) || a.contact.id - b.contact.id;
}
