/**
 * Coexistence: the WhatsApp Business app's address book. When the business adds,
 * edits or removes a customer in the app on its phone, Meta sends the change
 * (smb_app_state_sync; also once for every saved contact when contacts sync starts).
 * The name the business saved is kept on the customer's thread with that number
 * (beside the name the customer chose on WhatsApp), audited, and pushed to open
 * panels; a removal clears it. An older change never overwrites a newer one.
 * Source: Meta, https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/smb_app_state_sync
 * (test/fixtures/cloud-api/webhooks/webhook-smb-app-state-sync.json).
 */
import { appendAudit } from '../../store/audit-writer';
import { findContact, recordAddressBookName } from '../../store/contacts';
import { appendEvent } from '../../store/events';
import type { Executor } from '../../store/rows';
import type { AddressBookChange } from '../../whatsapp/webhook-envelope';
import { contactForIdentity } from '../contacts/contact-identity';

/** `numberId`: the business number whose app's address book changed (Meta's metadata.phone_number_id). */
export async function applyAddressBook(trx: Executor, numberId: string, change: AddressBookChange, now: number): Promise<void> {
  const identity = { waId: change.waId, userId: null, numberId };
  // A removal of someone go2msg never talked to changes nothing; an addition starts the thread, as opening it would.
  const contact = change.action === 'add' ? await contactForIdentity(trx, identity, now) : await findContact(trx, identity);
  if (!contact) return;
  const name = change.action === 'add' ? (change.fullName ?? change.firstName) : null;
  const updated = await recordAddressBookName(trx, contact.id, name, Number.isFinite(change.at) ? change.at : now, now);
  if (!updated) return;
  await appendAudit(trx, {
    at: now,
    action: 'contact.address_book',
    teammateId: null,
    channel: 'whatsapp',
    contactId: contact.id,
    details: { action: change.action, name, at: change.at, why: 'the business changed the customer in the WhatsApp Business app’s address book' },
  });
  await appendEvent(trx, contact.id, { type: 'contact', contact: updated }, now);
}
