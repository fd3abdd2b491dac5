/**
 * One batch of webhook bodies applied in one transaction, its customers'
 * conversations noted together at its end: a reply the business sends from the
 * phone app in the same batch still ends the wait of the messages before it, and
 * a customer message after that reply still starts a new one; on both databases.
 */
import { describe, expect, test } from 'vitest';
import { SANDBOX_DEFAULTS } from '../../../connector/config/config';
import { applyWebhookBodies } from '../../../connector/services/inbound/ingest-webhook';
import { DB_KINDS, useMigratedDatabase } from '../../support/databases';
import { sandboxWebhook } from '../../support/webhooks';
import { serviceDeps } from '../../support/service-deps';

const metadata = { display_phone_number: SANDBOX_DEFAULTS.displayPhoneNumber, phone_number_id: SANDBOX_DEFAULTS.phoneNumberId };

function customerMessage(waId: string, id: string, at: number): object {
  return sandboxWebhook({
    contacts: [{ profile: { name: 'Customer' }, wa_id: waId }],
    messages: [{ from: waId, id, timestamp: String(at), type: 'text', text: { body: 'Is it in stock?' } }],
  });
}

function phoneAppReply(waId: string, id: string, at: number): object {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: SANDBOX_DEFAULTS.wabaId,
        changes: [
          {
            field: 'smb_message_echoes',
            value: {
              messaging_product: 'whatsapp',
              metadata,
              message_echoes: [{ from: SANDBOX_DEFAULTS.displayPhoneNumber, to: waId, id, timestamp: String(at), type: 'text', text: { body: 'Yes, it is.' } }],
            },
          },
        ],
      },
    ],
  };
}

describe.each(DB_KINDS)('a batch of webhooks noting conversations together, on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  const deps = () => serviceDeps(database.db);
  const apply = (bodies: object[]) => database.db.transaction((trx) => applyWebhookBodies(deps(), trx, bodies, Date.now()));
  const conversationOf = async (waId: string) => {
    const contact = await database.db('contacts').where('wa_id', waId).first('id');
    return database.db('conversations').where('contact_id', contact.id).first('waiting_since', 'state');
  };
  const second = Math.floor(Date.now() / 1000) - 60;

  test('a phone-app reply after the customer message in the same batch ends the wait', async () => {
    const waId = '16505558101';
    await apply([customerMessage(waId, `wamid.batch-${kind}-in-1`, second), phoneAppReply(waId, `wamid.batch-${kind}-echo-1`, second + 1)]);
    expect(await conversationOf(waId)).toMatchObject({ state: 'open', waiting_since: null });
  });

  test('a customer message after a phone-app reply in the same batch waits from that message', async () => {
    const waId = '16505558102';
    await apply([
      customerMessage(waId, `wamid.batch-${kind}-in-2`, second),
      phoneAppReply(waId, `wamid.batch-${kind}-echo-2`, second + 1),
      customerMessage(waId, `wamid.batch-${kind}-in-3`, second + 2),
    ]);
    const waiting = (await conversationOf(waId)).waiting_since;
    const last = await database.db('messages').where('wamid', `wamid.batch-${kind}-in-3`).first('at');
    expect(waiting).toBe(last.at);
  });
});
