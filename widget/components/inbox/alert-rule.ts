/**
 * When the inbox speaks up. Pure, so its cases are a table (test/widget/inbox-alerts.test.ts).
 */
import { effectiveState, type ConversationSummary } from '@domain/conversations';

/** The summary carries a customer message the inbox had not seen yet (never the team's own sends). */
export function bringsCustomerMessage(before: Pick<ConversationSummary, 'lastMessage'> | undefined, after: ConversationSummary): boolean {
  const last = after.lastMessage;
  return last !== null && last.direction === 'in' && last.id !== before?.lastMessage?.id;
}

export type AlertKind = 'new' | 'message';

/**
 * 'new': a customer starts waiting in a conversation nobody owns (a first
 * message, or one that was resolved, snoozed or answered); 'message': a customer
 * writes in one of mine. Nothing for the conversation the teammate is looking at.
 */
export function alertFor(before: ConversationSummary | undefined, after: ConversationSummary, me: number, lookingAt: number | null, now: number): AlertKind | null {
  if (after.contact.id === lookingAt || !bringsCustomerMessage(before, after)) return null;
  if (after.owner?.id === me) return 'message';
  if (after.owner !== null) return null;
  const wasWaiting = before !== undefined && before.owner === null && before.waitingSince !== null && effectiveState(before, now) === 'open';
  return wasWaiting ? null : 'new';
}
