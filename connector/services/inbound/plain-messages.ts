/**
 * Customer messages that need nothing but their contact and a row, stored together.
 *
 * Most of what customers send is text (and buttons, locations, contacts): no file
 * to record, no earlier message to find, no second id to link. A batch of them is
 * stored in a handful of statements instead of three or four per message: their
 * contacts read in one query, their rows inserted in one, their windows moved in
 * one (issue 17: storing keeps pace with acknowledging). Everything else in the
 * batch (files, reactions, statuses, echoes, a wa_id and a user id to link) goes
 * one by one, and the messages held here are stored first, so the order in which
 * things happened is kept.
 */
import { NOT_WRITING } from '@domain/conversations';
import { latestInbound } from '@domain/reply-window';
import type { ContactView } from '@domain/views';
import { contactChanges, findContactsByWaIds, recordInboundMany, threadKey, upsertContact } from '../../store/contacts';
import { insertInboundMany, type InboundInsert } from '../../store/messages';
import type { Executor } from '../../store/rows';
import type { InboundMessage } from '../../whatsapp/webhook-envelope';
import type { CustomerMessageEvents } from '../hosts/host-events';
import { displayTime, readableText } from '../messaging/message-text';
import type { BatchEvents, CustomerConversations } from './batch-parts';
import { INBOUND_MEDIA } from './inbound-media';

/** Messages that are not the customer writing to us and so do not open the window. */
export const NOT_FROM_CUSTOMER: ReadonlySet<string> = new Set(['system']);

/** Where a stored message is noted: the batch's live events, its customers' conversations, the hosts' events. */
export interface MessageSinks {
  events: BatchEvents;
  conversations: CustomerConversations;
  hosts: CustomerMessageEvents;
}

interface Held {
  numberId: string;
  message: InboundMessage & { waId: string };
}

export class PlainMessages {
  private held: Held[] = [];

  /** No file, no reaction, no user id beside the wa_id (linking two ids may merge contacts: done alone). */
  static fits(m: InboundMessage): m is InboundMessage & { waId: string } {
    return Boolean(m.waId) && !m.userId && !INBOUND_MEDIA.has(m.type) && m.type !== 'reaction';
  }

  hold(numberId: string, message: InboundMessage & { waId: string }): void {
    this.held.push({ numberId, message });
  }

  /** Stores what is held, as ingesting each in turn would have: call before anything else in the batch, and at its end. */
  async store(trx: Executor, now: number, sinks: MessageSinks): Promise<void> {
    const held = this.held;
    this.held = [];
    if (held.length === 0) return;
    const contacts = await this.contactsOf(trx, held, now);
    const rows: InboundInsert[] = held.map(({ numberId, message: m }) => {
      const content = { ...m.raw, type: m.type };
      const context = m.raw.context as { id?: string } | undefined;
      return {
        contactId: contacts.get(threadKey(m.waId, numberId))!.id,
        wamid: m.wamid,
        type: m.type,
        content,
        text: readableText(content),
        at: displayTime(sentAt(m, now), now),
        now,
        mediaId: null,
        replyTo: context?.id ?? null,
        reactionTo: null,
      };
    });
    const stored = await insertInboundMany(trx, rows);
    // A wamid stored now counts once, at its first place in the batch (Meta repeats webhooks).
    const counted = new Set<string>();
    const isNew = held.map(({ message }) => {
      if (!stored.has(message.wamid) || counted.has(message.wamid)) return false;
      counted.add(message.wamid);
      return true;
    });

    // The window is measured from Meta's own timestamp, exactly as Meta measures it: each
    // customer's newest message moves it, unless a later one is already recorded.
    const byId = new Map([...contacts.values()].map((c) => [c.id, c]));
    const newest = new Map<number, number>();
    held.forEach(({ message: m }, i) => {
      if (!isNew[i] || NOT_FROM_CUSTOMER.has(m.type)) return;
      const contactId = rows[i]!.contactId;
      const at = Math.max(newest.get(contactId) ?? -Infinity, sentAt(m, now));
      const before = byId.get(contactId)!.lastInboundAt;
      if (latestInbound(before, at) !== before) newest.set(contactId, at);
    });
    const reopened = new Map(
      (
        await recordInboundMany(
          trx,
          [...newest].map(([contactId, at]) => ({ contactId, at })),
          now,
        )
      ).map((c) => [c.id, c]),
    );
    // Each reopened window is told once, after the customer's last message in the batch.
    const lastOf = new Map<number, number>();
    held.forEach((_, i) => isNew[i] && lastOf.set(rows[i]!.contactId, i));

    for (let i = 0; i < held.length; i++) {
      if (!isNew[i]) continue;
      const { message: m } = held[i]!;
      const row = rows[i]!;
      const id = stored.get(m.wamid)!;
      sinks.events.pushMessage(row.contactId, id);
      if (!NOT_WRITING.has(m.type)) {
        await sinks.hosts.before(trx, row.contactId);
        sinks.hosts.noteReceived(row.contactId, id);
        sinks.conversations.note({ contactId: row.contactId, messageId: id, at: row.at });
      }
      const contact = lastOf.get(row.contactId) === i ? reopened.get(row.contactId) : undefined;
      if (contact) sinks.events.push({ contactId: contact.id, event: { type: 'contact', contact } });
    }
  }

  /** Each held message's thread: known ones read together; a new customer, or news about one (a new name), written as usual. */
  private async contactsOf(trx: Executor, held: Held[], now: number): Promise<Map<string, ContactView>> {
    const known = await findContactsByWaIds(
      trx,
      held.map(({ numberId, message }) => ({ waId: message.waId, numberId })),
    );
    const contacts = new Map<string, ContactView>();
    for (const { numberId, message: m } of held) {
      const key = threadKey(m.waId, numberId);
      const identity = { waId: m.waId, userId: null, numberId, name: m.name, username: m.username, parentUserId: m.parentUserId };
      const found = contacts.get(key) ?? known.get(key);
      const unchanged = found && Object.keys(contactChanges(found, identity)).length === 0;
      contacts.set(key, unchanged ? found : await upsertContact(trx, identity, now));
    }
    return contacts;
  }
}

/** Meta's timestamp, or when it arrived for one without a usable timestamp. */
function sentAt(m: InboundMessage, now: number): number {
  return Number.isFinite(m.at) ? m.at : now;
}
