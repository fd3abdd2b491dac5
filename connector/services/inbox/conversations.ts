/**
 * The team's inbox: pages of conversations for a teammate, and the changes
 * teammates make (assign, resolve, reopen, snooze). Each change is audited and
 * announced to open inboxes and panels in the transaction that makes it.
 */
import {
  applyConversationAction,
  CONVERSATION_PAGE_SIZE,
  effectiveState,
  searchDigits,
  searchTerms,
  type ConversationAction,
  type ConversationChangeCause,
  type ConversationOrder,
  type ConversationPage,
  type ConversationSummary,
  type ConversationView,
  type ConversationViewName,
} from '@domain/conversations';
import type { ConversationEventType } from '@domain/host-events';
import { DomainError } from '@domain/errors';
import type { ContactView } from '@domain/views';
import { appendAuditEntries, type AuditEntry } from '../../store/audit-writer';
import {
  conversationCounts,
  conversationStateForChange,
  decodeConversationCursor,
  encodeConversationCursor,
  ensureConversation,
  findConversationSummaries,
  pageConversations,
  unreadCounts,
  updateConversation,
} from '../../store/conversations';
import { appendEvents } from '../../store/events';
import type { Executor } from '../../store/rows';
import { findTeammate, type Teammate } from '../../store/teammates';
import type { ServiceDeps } from '../runtime/deps';
import { readContactRef, type CountryCode } from '../contacts/phone-numbers';
import type { BusinessNumbers } from '../account/business-numbers';
import { threadContact } from '../contacts/thread-contact';

/** Pushes the current summary of each conversation, and why it changed, to open inboxes and to its customer's panels. */
export async function announceConversations(trx: Executor, contactIds: number[], cause: ConversationChangeCause, now: number): Promise<void> {
  const summaries = await findConversationSummaries(trx, contactIds);
  await appendEvents(
    trx,
    summaries.map((conversation) => ({ contactId: conversation.contact.id, event: { type: 'conversation' as const, conversation, cause } })),
    now,
  );
}

async function withUnread(deps: ServiceDeps, teammateId: number, summaries: ConversationSummary[]): Promise<ConversationView[]> {
  const unread = await unreadCounts(
    deps.db,
    teammateId,
    summaries.map((s) => s.contact.id),
  );
  return summaries.map((s) => ({ ...s, unread: unread.get(s.contact.id) ?? 0 }));
}

export interface ListRequest {
  view: ConversationViewName;
  order: ConversationOrder;
  q?: string;
  cursor?: string;
  limit?: number;
}

export async function listConversations(deps: ServiceDeps, teammate: Teammate, request: ListRequest): Promise<ConversationPage> {
  const after = request.cursor ? decodeConversationCursor(request.cursor) : null;
  if (request.cursor && !after) throw new DomainError('VALIDATION_FAILED', { field: 'cursor', reason: 'not a cursor from this API' });
  const terms = searchTerms(request.q ?? '');
  const digits = searchDigits(request.q ?? '');
  const now = deps.clock.now();
  // Read before the page: an event written meanwhile is then replayed by the stream, never missed.
  const resumeAfter = await deps.live.resumePoint(deps.db);
  const page = await pageConversations(deps.db, {
    view: request.view,
    teammateId: teammate.id,
    order: request.order,
    search: terms.length || digits ? { terms, digits } : null,
    after,
    limit: request.limit ?? CONVERSATION_PAGE_SIZE,
    now,
  });
  return {
    data: await withUnread(deps, teammate.id, page.rows),
    next: page.next ? encodeConversationCursor(page.next) : null,
    counts: await conversationCounts(deps.db, teammate.id, now),
    lastEventId: resumeAfter,
    serverNow: now,
  };
}

/**
 * The customer a request names. A phone number the business has not talked to
 * yet gets its contact now, as opening its thread does (services/messaging/thread.ts): a
 * panel asks for the conversation and the thread at once, in either order.
 * NOT_FOUND for a business-scoped id go2msg has never seen.
 */
export async function knownContact(
  db: Executor,
  contactRef: string,
  now: number,
  defaultCountry: CountryCode | null | undefined,
  numbers: BusinessNumbers,
): Promise<ContactView> {
  const contact = await threadContact(db, readContactRef(contactRef, defaultCountry), numbers, now);
  if (!contact) throw new DomainError('NOT_FOUND', { contact: contactRef });
  return contact;
}

/**
 * One conversation as this teammate sees it. A customer who never wrote (a thread opened from a CRM
 * record) has no conversation yet: it reads as open and unassigned, nothing
 * owed, and is only stored when someone writes or claims it, so opening a
 * record never adds a row to the team's queue.
 */
export async function getConversation(deps: ServiceDeps, teammate: Teammate, contactRef: string): Promise<ConversationView> {
  const contact = await knownContact(deps.db, contactRef, deps.clock.now(), deps.defaultCountry, deps.numbers);
  const [summary] = await findConversationSummaries(deps.db, [contact.id]);
  if (!summary)
    return { contact, state: 'open', snoozedUntil: null, owner: null, waitingSince: null, lastMessage: null, lastActivityAt: deps.clock.now(), unread: 0 };
  const [view] = await withUnread(deps, teammate.id, [summary]);
  return view!;
}

/** What helpdesks and CRMs hear of each change (a snooze stays go2msg's own business). */
const HOST_EVENT: Record<ConversationAction['type'], ConversationEventType | null> = {
  assign: 'conversation.assigned',
  resolve: 'conversation.resolved',
  reopen: 'conversation.reopened',
  snooze: null,
};

const AUDIT_ACTION: Record<ConversationAction['type'], string> = {
  assign: 'conversation.assigned',
  resolve: 'conversation.resolved',
  reopen: 'conversation.reopened',
  snooze: 'conversation.snoozed',
};

/** A teammate assigns, resolves, reopens or snoozes a customer's conversation. */
export async function changeConversation(
  deps: ServiceDeps,
  teammate: Teammate,
  contactRef: string,
  action: ConversationAction,
  attribution: { host: string | null; hostUserId: string | null } = { host: null, hostUserId: null },
): Promise<ConversationView> {
  const now = deps.clock.now();
  const changed = await deps.db.transaction(async (trx) => {
    const contactId = (await knownContact(trx, contactRef, now, deps.defaultCountry, deps.numbers)).id;
    if (action.type === 'assign' && action.teammateId !== null) {
      const assignee = await findTeammate(trx, action.teammateId);
      if (!assignee || assignee.disabledAt !== null) {
        throw new DomainError('VALIDATION_FAILED', { field: 'teammateId', reason: 'an active teammate of this workspace' });
      }
    }
    return applyChange(deps, trx, contactId, action, { teammateId: teammate.id, ...attribution, fromHost: null }, now);
  });
  if (changed) deps.live.notify();
  return getConversation(deps, teammate, contactRef);
}

/**
 * A host's own record changed (a ticket solved in Zendesk): the conversation follows,
 * audited with the host as its cause and not told back to that host. Says whether it changed.
 */
export async function changeConversationFromHost(deps: ServiceDeps, contactId: number, action: ConversationAction, host: string): Promise<boolean> {
  const now = deps.clock.now();
  const changed = await deps.db.transaction((trx) =>
    applyChange(deps, trx, contactId, action, { teammateId: null, host: null, hostUserId: null, fromHost: host }, now),
  );
  if (changed) deps.live.notify();
  return changed;
}

async function applyChange(
  deps: ServiceDeps,
  trx: Executor,
  contactId: number,
  action: ConversationAction,
  by: { teammateId: number | null; host: string | null; hostUserId: string | null; fromHost: string | null },
  now: number,
): Promise<boolean> {
  // Someone may act on a customer before anyone wrote (claiming a thread opened from a CRM record).
  await ensureConversation(trx, contactId, now);
  const current = (await conversationStateForChange(trx, contactId))!;
  const change = applyConversationAction(current, action, now);
  if (!change) return false;
  // Reopening what nobody owns makes it a conversation for automatic assignment, like a new one.
  await updateConversation(trx, contactId, change, now, action.type === 'reopen' && current.ownerId === null);
  await announceConversations(trx, [contactId], 'change', now);
  const hostEvent = HOST_EVENT[action.type];
  if (hostEvent) await deps.hostEvents?.record(trx, [{ type: hostEvent, contactId, cause: { teammateId: by.teammateId, host: by.fromHost } }], now);
  const audit: AuditEntry = {
    at: now,
    action: AUDIT_ACTION[action.type],
    teammateId: by.teammateId,
    contactId,
    host: by.host,
    hostUserId: by.hostUserId,
    details: {
      ...(action.type === 'assign' ? { from: current.ownerId, to: action.teammateId } : {}),
      ...(action.type === 'snooze' ? { until: action.until } : {}),
      previousState: effectiveState(current, now),
      ...(by.fromHost ? { cause: by.fromHost } : {}),
    },
  };
  // The trail last: its lock (PostgreSQL) is then held only until the commit right after.
  await appendAuditEntries(trx, [audit]);
  return true;
}
