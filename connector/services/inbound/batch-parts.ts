/**
 * What one batch of webhook bodies collects as it is applied, to write together at
 * its end (applyWebhookBodies): the live events, and the conversations customers
 * wrote to.
 */
import { noteCustomerMessages } from '../../store/conversations';
import { appendEvents } from '../../store/events';
import { findMessageViews } from '../../store/messages';
import type { Executor } from '../../store/rows';
import type { MessageView } from '@domain/views';

type FeedEntry = Parameters<typeof appendEvents>[1][number];

/**
 * A batch's live events, in the order they happened, inserted at its end in one statement.
 * A new message's event carries its view as the batch leaves it, read with the others' in
 * one query (one read per batch, not one per message).
 */
export class BatchEvents {
  private readonly entries: Array<FeedEntry | { contactId: number; messageId: number; as?: StatusShown }> = [];

  push(entry: FeedEntry): void {
    this.entries.push(entry);
  }

  /**
   * The message as it is at the batch's end, read then with the others in one query; with `as`,
   * as it was after a status this batch gave it (a message delivered, then read, in one batch
   * shows each), without a read of its own.
   */
  pushMessage(contactId: number, messageId: number, as?: StatusShown): void {
    this.entries.push({ contactId, messageId, as });
  }

  async write(trx: Executor, now: number): Promise<void> {
    const ids = this.entries.flatMap((e) => ('messageId' in e ? [e.messageId] : []));
    const views = new Map((await findMessageViews(trx, ids)).map((v) => [v.id, v]));
    const events = this.entries.flatMap((e): FeedEntry[] => {
      if (!('messageId' in e)) return [e];
      const message = views.get(e.messageId);
      return message ? [{ contactId: e.contactId, event: { type: 'message', message: e.as ? { ...message, ...e.as } : message } }] : [];
    });
    await appendEvents(trx, events, now);
  }
}

/** What a status changes in a message's view: the status, when it happened, and a failure's reasons (else none). */
export type StatusShown = Pick<MessageView, 'status' | 'statusAt' | 'failure'>;

/**
 * The conversations customers wrote to in one batch: noted together in one statement
 * (noteCustomerMessages) before anything else in the batch changes a conversation, and
 * announced once at the batch's end.
 */
export class CustomerConversations {
  readonly changed = new Set<number>();
  private waiting: Array<{ contactId: number; messageId: number; at: number }> = [];

  note(message: { contactId: number; messageId: number; at: number }): void {
    this.waiting.push(message);
    this.changed.add(message.contactId);
  }

  /** Writes what was noted so far (before an answer from the phone app or a possible merge of contacts, and at the batch's end). */
  async write(trx: Executor, now: number): Promise<void> {
    const messages = this.waiting;
    this.waiting = [];
    await noteCustomerMessages(trx, messages, now);
  }
}
