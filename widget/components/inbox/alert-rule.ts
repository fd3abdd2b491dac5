/**
 * When the inbox speaks up. Pure, so its cases are a table (test/widget/inbox-alerts.browser.test.ts).
 */
import { effectiveState, type ConversationChangeCause, type ConversationSummary } from '@domain/conversations';

/**
 * The event brings a customer message the inbox had not seen yet: the
 * connector says a customer wrote (never the team's own sends, nor an assign
 * or snooze of a conversation this inbox had not loaded yet).
 */
export function bringsCustomerMessage(
  before: Pick<ConversationSummary, 'lastMessage'> | undefined,
  after: ConversationSummary,
  cause: ConversationChangeCause,
): boolean {
  const last = after.lastMessage;
  return cause === 'customer_message' && last !== null && last.direction === 'in' && last.id !== before?.lastMessage?.id;
}

export type AlertKind = 'new' | 'message';

/**
 * 'new': a customer starts waiting in a conversation nobody owns (a first
 * message, or one that was resolved, snoozed or answered); 'message': a customer
 * writes in one of mine. Nothing for the conversation the teammate is looking at.
 */
export function alertFor(
  before: ConversationSummary | undefined,
  after: ConversationSummary,
  cause: ConversationChangeCause,
  me: number,
  lookingAt: number | null,
  now: number,
): AlertKind | null {
  if (after.contact.id === lookingAt || !bringsCustomerMessage(before, after, cause)) return null;
  if (after.owner?.id === me) return 'message';
  if (after.owner !== null) return null;
  const wasWaiting = before !== undefined && before.owner === null && before.waitingSince !== null && effectiveState(before, now) === 'open';
  return wasWaiting ? null : 'new';
}
