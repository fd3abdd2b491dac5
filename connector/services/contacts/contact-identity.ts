/**
 * One person, one contact, one thread.
 *
 * A customer can reach go2msg under more than one identifier: the number an
 * agent typed and the `wa_id` Meta answers the send with (Brazil's ninth
 * digit, Mexico's "1": "a WhatsApp user's ID and phone number may not always
 * match", Meta's webhook references), or a `wa_id` and a business-scoped user
 * id (BSUID) that a later webhook names together. Whenever two identifiers
 * meet, the contacts they name become one: Meta's `wa_id` wins, the other
 * number stays as an alias (so a later send or lookup by it finds the same
 * thread), and a second contact that already had messages is merged into the
 * first — its messages moved, the merge audited in the same transaction.
 * Source: Meta, https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids
 */
import type { ContactView } from '@domain/views';
import { appendAudit } from '../../store/audit-writer';
import { mergeContactRows } from '../../store/contact-merge';
import {
  addContactAlias,
  findContact,
  findContactById,
  findContactsForIdentity,
  rekeyContact,
  upsertContact,
  type ContactProfile,
  type NumberedIdentity,
} from '../../store/contacts';
import { appendEvents } from '../../store/events';
import { findMessageViews } from '../../store/messages';
import type { Executor } from '../../store/rows';
import { announceConversations } from '../inbox/conversations';

/** Why two contacts became one: Meta named both ids together, or answered a send with its own wa_id. */
export type MergeReason = 'ids_linked' | 'send_response';

/** How many moved messages are pushed to open panels; a longer history shows when the thread is next opened. */
const MOVED_EVENTS_MAX = 100;

/**
 * The contact for what a webhook says about a person on one business number,
 * linking a `wa_id` and a user id reported together (merging the two contacts
 * if each had one). Threads on other numbers stay apart: each is its own
 * conversation with its own window.
 */
export async function contactForIdentity(trx: Executor, identity: NumberedIdentity & ContactProfile, now: number): Promise<ContactView> {
  if (identity.waId && identity.userId) {
    const found = await findContactsForIdentity(trx, { waId: identity.waId, userId: identity.userId, numberId: identity.numberId });
    if (found.length > 1) {
      const into = found.find((c) => c.waId === identity.waId) ?? found[0]!;
      for (const other of found) if (other.id !== into.id) await mergeContacts(trx, other, into, 'ids_linked', now);
    }
  }
  return upsertContact(trx, identity, now);
}

/**
 * Meta answered a send to `contactId` with `waId` as the recipient's id. When
 * it differs from the number the contact was created with, the contact takes
 * Meta's id (the typed number becomes an alias), or, when the customer is
 * already known under that id, the messages join the customer's thread.
 * Returns the contact the message now belongs to.
 */
export async function confirmRecipient(trx: Executor, contactId: number, waId: string, now: number): Promise<number> {
  const typed = await findContactById(trx, contactId);
  if (!typed?.waId || typed.waId === waId || typed.mergedInto) return typed?.mergedInto ?? contactId;
  // The customer's thread with the same business number: a thread with another number stays its own.
  const known = await findContact(trx, { waId, userId: null, numberId: typed.phoneNumberId });
  if (known && known.id !== typed.id) {
    await mergeContacts(trx, typed, known, 'send_response', now);
    return known.id;
  }
  const confirmed = await rekeyContact(trx, typed.id, waId, now);
  await addContactAlias(trx, typed.waId, typed.id, 'send_response', now);
  await appendAudit(trx, {
    at: now,
    action: 'contact.number_confirmed',
    teammateId: null,
    channel: 'whatsapp',
    contactId: typed.id,
    details: { typed: typed.waId, waId, why: 'Meta answered the send with the customer’s own WhatsApp id' },
  });
  await appendEvents(trx, [{ contactId: typed.id, event: { type: 'contact', contact: confirmed } }], now);
  return typed.id;
}

/** Moves `from`'s messages and conversation onto `into`, keeps `from`'s number as an alias, audits it, and tells open panels. */
export async function mergeContacts(trx: Executor, from: ContactView, into: ContactView, reason: MergeReason, now: number): Promise<void> {
  const { messages } = await mergeContactRows(trx, from.id, into.id, now);
  if (from.waId && from.waId !== into.waId) await addContactAlias(trx, from.waId, into.id, reason === 'send_response' ? 'send_response' : 'merge', now);
  await appendAudit(trx, {
    at: now,
    action: 'contact.merged',
    teammateId: null,
    channel: 'whatsapp',
    contactId: into.id,
    details: {
      reason,
      from: { id: from.id, waId: from.waId, userId: from.userId },
      into: { id: into.id, waId: into.waId, userId: into.userId },
      messagesMoved: messages,
    },
  });
  const [merged, survivor] = await Promise.all([findContactById(trx, from.id), findContactById(trx, into.id)]);
  const moved: Array<{ id: number }> = await trx('messages')
    .where('contact_id', into.id)
    .orderBy('id', 'desc')
    .limit(Math.min(messages, MOVED_EVENTS_MAX))
    .select('id');
  const views = messages > 0 ? await findMessageViews(trx, moved.map((m) => m.id).reverse()) : [];
  // The merged contact's panels learn where the thread went first (their stream follows it, routes/contacts.ts).
  await appendEvents(
    trx,
    [
      { contactId: from.id, event: { type: 'contact', contact: merged! } },
      { contactId: into.id, event: { type: 'contact', contact: survivor! } },
      ...views.map((message) => ({ contactId: into.id, event: { type: 'message' as const, message } })),
    ],
    now,
  );
  await announceConversations(trx, [into.id], 'change', now);
}
