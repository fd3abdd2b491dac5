/**
 * Records what helpdesks and CRMs are to be told, in the transaction of each change
 * (issue 14): the event's body is built from the rows as the change left them and stored
 * once per configured host (store/host-deliveries.ts); the delivery worker takes it from
 * there. With no host configured there is no recorder and nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { AUDIT_RETRY_STATUS } from '@domain/audit';
import type { ConversationState, ConversationSummary } from '@domain/conversations';
import {
  deliversTo,
  type ConversationEventType,
  type HostEventBody,
  type HostEventContact,
  type HostEventType,
  type MessageEventType,
} from '@domain/host-events';
import type { ContactView, MessageView } from '@domain/views';
import { findContactsByIds } from '../../store/contacts';
import { conversationState, findConversationSummaries } from '../../store/conversations';
import { queueDeliveries } from '../../store/host-deliveries';
import { findMessageViews } from '../../store/messages';
import type { Executor } from '../../store/rows';

export type HostEventCause = NonNullable<HostEventBody['cause']>;

export type PendingHostEvent =
  | { type: ConversationEventType; contactId: number; cause?: HostEventCause }
  | { type: MessageEventType; contactId: number; messageId: number; status?: MessageView['status'] };

function contactOf(view: ContactView): HostEventContact {
  return { id: view.id, phone: view.phone, waId: view.waId, userId: view.userId, name: view.name };
}

function messageOf(m: MessageView): NonNullable<HostEventBody['message']> {
  return {
    id: m.id,
    direction: m.direction,
    channel: m.channel,
    type: m.type,
    text: m.text,
    status: m.status,
    at: m.at,
    wamid: m.wamid,
    failure: m.failure,
    sender: m.sender ? { teammateId: m.sender.teammateId, name: m.sender.name } : null,
  };
}

function conversationOf(s: ConversationSummary): NonNullable<HostEventBody['conversation']> {
  return { state: s.state, owner: s.owner, waitingSince: s.waitingSince, firstMessageText: s.lastMessage?.text ?? null };
}

/** A configured host as the recorder sees it: its name, and the events it acts on. */
export interface HostEventTarget {
  readonly name: string;
  wants?(type: HostEventType): boolean;
  /** Leaves out the message a conversation was opened or reopened with (its text is already on the host's record). */
  readonly skipsOpeningMessage?: boolean;
}

export class HostEventRecorder {
  /** The configured hosts' names ("webhook", "zendesk"). */
  readonly hosts: readonly string[];

  constructor(
    private readonly targets: readonly HostEventTarget[],
    private readonly newId: () => string = () => `evt_${randomUUID()}`,
  ) {
    this.hosts = targets.map((t) => t.name);
  }

  /** Builds each event's body and stores it for every host it goes to. */
  async record(trx: Executor, all: PendingHostEvent[], now: number): Promise<void> {
    // What no host acts on (message events, for Zendesk alone) is not even built.
    const events = all.filter((e) => this.targets.some((t) => t.wants?.(e.type) ?? true));
    if (events.length === 0) return;
    const contactIds = events.map((e) => e.contactId);
    const conversationIds = events.filter((e) => e.type.startsWith('conversation.')).map((e) => e.contactId);
    const messageIds = events.flatMap((e) => ('messageId' in e ? [e.messageId] : []));
    // One after the other: a transaction is one connection.
    const contacts = await findContactsByIds(trx, contactIds);
    const summaries = await findConversationSummaries(trx, conversationIds);
    const messages = await findMessageViews(trx, messageIds);
    const summaryOf = new Map(summaries.map((s) => [s.contact.id, s]));
    const messageById = new Map(messages.map((m) => [m.id, m]));
    const createdAt = new Date(now).toISOString();
    // The message each conversation was opened or reopened with in this change: a record's description already holds it.
    const openingMessage = new Map(
      events.flatMap((e) =>
        e.type === 'conversation.created' || e.type === 'conversation.reopened' ? [[e.contactId, summaryOf.get(e.contactId)?.lastMessage?.id] as const] : [],
      ),
    );
    const rows: Array<{ host: string; event: HostEventBody }> = [];
    for (const pending of events) {
      const contact = contacts.get(pending.contactId);
      if (!contact) continue;
      const body: HostEventBody = { id: this.newId(), type: pending.type, createdAt, contact: contactOf(contact) };
      if ('messageId' in pending) {
        const message = messageById.get(pending.messageId);
        if (!message) continue;
        // A status event says the status it is about, even when a later one was applied in the same transaction.
        body.message = { ...messageOf(message), ...(pending.status ? { status: pending.status } : {}) };
      } else {
        const summary = summaryOf.get(pending.contactId);
        if (!summary) continue;
        body.conversation = conversationOf(summary);
        if (pending.cause) body.cause = pending.cause;
      }
      const opening = 'messageId' in pending && body.type === 'message.received' && openingMessage.get(pending.contactId) === pending.messageId;
      for (const target of this.targets) {
        if (opening && target.skipsOpeningMessage) continue;
        if ((target.wants?.(body.type) ?? true) && deliversTo(target.name, body)) rows.push({ host: target.name, event: body });
      }
    }
    await queueDeliveries(trx, rows, now);
  }
}

/**
 * The events customer messages bring within one transaction: a conversation created or
 * reopened (from resolved; a snoozed one was never closed for the host), then each message
 * received. `before` reads the conversation's state ahead of the message being noted on it.
 */
export class CustomerMessageEvents {
  private readonly priorState = new Map<number, ConversationState | null>();
  private readonly received: Array<{ contactId: number; messageId: number }> = [];

  constructor(private readonly recorder: HostEventRecorder | null | undefined) {}

  async before(trx: Executor, contactId: number): Promise<void> {
    if (!this.recorder || this.priorState.has(contactId)) return;
    this.priorState.set(contactId, await conversationState(trx, contactId));
  }

  noteReceived(contactId: number, messageId: number): void {
    if (this.recorder) this.received.push({ contactId, messageId });
  }

  async record(trx: Executor, now: number): Promise<void> {
    if (!this.recorder) return;
    const events: PendingHostEvent[] = [];
    for (const [contactId, prior] of this.priorState) {
      if (prior === null) events.push({ type: 'conversation.created', contactId });
      else if (prior === 'resolved') events.push({ type: 'conversation.reopened', contactId });
    }
    for (const m of this.received) events.push({ type: 'message.received', ...m });
    await this.recorder.record(trx, events, now);
  }
}

/** message.status events for the status rows the audit trail just wrote (a retry scheduled is go2msg's own business). */
export function statusEvents(entries: Array<{ contactId?: number | null; messageId?: number | null; status?: string | null }>): PendingHostEvent[] {
  return entries.flatMap((e) =>
    e.contactId && e.messageId && e.status && e.status !== AUDIT_RETRY_STATUS
      ? [{ type: 'message.status' as const, contactId: e.contactId, messageId: e.messageId, status: e.status as MessageView['status'] }]
      : [],
  );
}
