/**
 * Conversations: who on the team is looking after each customer, and whether
 * anyone still owes them an answer.
 *
 * A conversation is a customer's whole thread (every channel) with a state:
 * open, snoozed until a time, or resolved. A customer's new message opens it
 * again, whatever its state: WhatsApp support starts with the customer, and
 * a message nobody sees is the failure the inbox exists to prevent. It
 * "waits" from the oldest customer message that no agent has answered yet.
 */
import { DomainError } from './errors';
import type { HostRecordView } from './host-record';
import type { Channel } from './channel';
import type { ContactView, Direction } from './contact-view';

export const CONVERSATION_STATES = ['open', 'snoozed', 'resolved'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

/** The inbox's tabs. `all` is every conversation not resolved. */
export const CONVERSATION_VIEWS = ['unassigned', 'mine', 'all', 'resolved'] as const;
export type ConversationViewName = (typeof CONVERSATION_VIEWS)[number];

/** `waiting`: longest-waiting first, then the rest by latest activity. `activity`: latest activity first. */
export const CONVERSATION_ORDERS = ['waiting', 'activity'] as const;
export type ConversationOrder = (typeof CONVERSATION_ORDERS)[number];

/** Reactions and system notices are not someone writing: they neither open a wait nor answer one, nor count as unread. */
export const NOT_WRITING: ReadonlySet<string> = new Set(['reaction', 'system']);

export const CONVERSATION_PAGE_SIZE = 50;
export const CONVERSATION_PAGE_MAX = 200;

/** Longer than any holiday; a snooze beyond it is almost certainly a typo in the date. */
export const SNOOZE_MAX_MS = 90 * 24 * 60 * 60 * 1000;

export interface StoredConversationState {
  state: ConversationState;
  snoozedUntil: number | null;
}

/**
 * The state a person should see now: a snooze ends by itself when its time
 * comes, so nobody has to wake it. (The store's view filters say the same in
 * SQL: store/conversations.ts, `effectivelyOpen`.)
 */
export function effectiveState(stored: StoredConversationState, now: number): ConversationState {
  if (stored.state === 'snoozed' && (stored.snoozedUntil === null || stored.snoozedUntil <= now)) return 'open';
  return stored.state;
}

/**
 * Whether this teammate may write to the customer. With the optional
 * owner-only rule, a conversation someone owns is answered by its owner (or
 * an admin); anyone else is told who owns it and can take it over, which is
 * audited. Unassigned conversations are open to all.
 */
export function checkMayReply(owner: { id: number; name: string } | null, sender: { id: number; role: string }, ownerOnly: boolean): void {
  if (!ownerOnly || owner === null || owner.id === sender.id || sender.role === 'admin') return;
  throw new DomainError('CONVERSATION_OWNED', { owner: owner.name, ownerId: owner.id });
}

export type ConversationAction = { type: 'resolve' } | { type: 'reopen' } | { type: 'snooze'; until: number } | { type: 'assign'; teammateId: number | null };

/**
 * What a teammate's action changes, or null when it changes nothing (resolving
 * what is resolved, assigning to the current owner): such a request succeeds
 * and is neither audited nor announced.
 */
export function applyConversationAction(
  current: StoredConversationState & { ownerId: number | null },
  action: ConversationAction,
  now: number,
): Partial<StoredConversationState & { ownerId: number | null }> | null {
  const state = effectiveState(current, now);
  switch (action.type) {
    case 'resolve':
      return state === 'resolved' ? null : { state: 'resolved', snoozedUntil: null };
    case 'reopen':
      return state === 'open' ? null : { state: 'open', snoozedUntil: null };
    case 'snooze':
      if (!Number.isSafeInteger(action.until) || action.until <= now) {
        throw new DomainError('VALIDATION_FAILED', { field: 'until', reason: 'a time in the future (epoch milliseconds)' });
      }
      if (action.until - now > SNOOZE_MAX_MS) {
        throw new DomainError('VALIDATION_FAILED', { field: 'until', reason: 'at most 90 days from now' });
      }
      return state === 'snoozed' && current.snoozedUntil === action.until ? null : { state: 'snoozed', snoozedUntil: action.until };
    case 'assign':
      return current.ownerId === action.teammateId ? null : { ownerId: action.teammateId };
  }
}

/** At most this many words of a search are used; each must appear (prefix match). */
export const SEARCH_TERMS_MAX = 8;

/**
 * Text as the inbox search compares it: lower case, accents and other marks
 * removed, so "angela" finds "Ángela" and "cafe" finds "café" on both
 * databases (SQLite's FTS5 folds the same way with remove_diacritics; on
 * PostgreSQL the index and the names use unaccent and lower).
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * The words of an inbox search, for the databases' full-text search: letters
 * and digits only (so nothing in the query is read as search syntax), folded
 * (foldForSearch), at most SEARCH_TERMS_MAX. Empty when the query has no word.
 */
export function searchTerms(query: string): string[] {
  const words = foldForSearch(query.normalize('NFKC')).match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, SEARCH_TERMS_MAX);
}

/** The digits of a search that looks like a phone number ("+1 650-555", "16505"), else null. */
export function searchDigits(query: string): string | null {
  const compact = query.replace(/[\s()+.-]/g, '');
  return /^\d{3,15}$/.test(compact) ? compact : null;
}

export interface ConversationMessageView {
  id: number;
  at: number;
  direction: Direction;
  channel: Channel;
  type: string;
  /** What a person reads (text, caption, filled template); null for media without caption or a deleted body. */
  text: string | null;
}

/** A conversation as every teammate sees it (the live feed sends this). */
export interface ConversationSummary {
  contact: ContactView;
  /** As stored; `effectiveState(…, serverNow)` is what to show. */
  state: ConversationState;
  snoozedUntil: number | null;
  owner: { id: number; name: string } | null;
  /** The oldest customer message no agent has answered yet; null when nobody is owed an answer. */
  waitingSince: number | null;
  lastMessage: ConversationMessageView | null;
  /** Its latest message's time, or when it was opened before anyone wrote: what "latest activity" orders by. */
  lastActivityAt: number;
  /** The helpdesk records that stand for it (a Zendesk ticket), when a host is configured and made one. */
  records?: HostRecordView[];
}

/**
 * Why a conversation event was sent: a customer wrote, an agent wrote, or a
 * teammate changed its state or owner. Alerts ring for customers only.
 */
export type ConversationChangeCause = 'customer_message' | 'agent_message' | 'change';

/** A conversation as one teammate sees it in the inbox. */
export interface ConversationView extends ConversationSummary {
  /** Customer messages this teammate has not seen yet. */
  unread: number;
}

export interface ConversationPage {
  data: ConversationView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next: string | null;
  /** How many conversations each tab holds for this teammate (ignoring the search). */
  counts: Record<ConversationViewName, number>;
  /** Open GET /api/conversations/events from here (Last-Event-ID): no change between this page and the stream is lost. */
  lastEventId: number;
  serverNow: number;
}
