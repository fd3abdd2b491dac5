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

/** A customer's reaction to one of their messages, as Meta sends it (reaction sample: test/fixtures/cloud-api). */
function reaction(waId: string, id: string, to: string, at: number): object {
  return sandboxWebhook({
    contacts: [{ profile: { name: 'Customer' }, wa_id: waId }],
    messages: [{ from: waId, id, timestamp: String(at), type: 'reaction', reaction: { message_id: to, emoji: '👍' } }],
  });
}

describe.each(DB_KINDS)('plain customer messages stored together (a few statements a batch), on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  const apply = (bodies: object[]) => database.db.transaction((trx) => applyWebhookBodies(serviceDeps(database.db), trx, bodies, Date.now()));
  const second = Math.floor(Date.now() / 1000) - 120;
  const events = async (waId: string) => {
    const contact = await database.db('contacts').where('wa_id', waId).first('id');
    const rows: Array<{ payload: string }> = await database
      .db('events')
      .where('contact_id', contact.id)
      .whereIn('type', ['message', 'contact'])
      .orderBy('id')
      .select('payload');
    return rows.map((r) => {
      const event = JSON.parse(r.payload) as { type: string; message?: { text: string | null }; contact?: { lastInboundAt: number } };
      return event.type === 'message' ? `message ${event.message!.text}` : `contact ${event.contact!.lastInboundAt}`;
    });
  };

  test('each message once (a repeat in the same batch too), the window from each customer’s newest, the events in order', async () => {
    const [ana, ben] = ['16505558201', '16505558202'];
    const text = (waId: string, id: string, at: number, body: string) =>
      sandboxWebhook({
        contacts: [{ profile: { name: 'Customer' }, wa_id: waId }],
        messages: [{ from: waId, id, timestamp: String(at), type: 'text', text: { body } }],
      });
    await apply([
      text(ana, `wamid.plain-${kind}-1`, second, 'one'),
      text(ben, `wamid.plain-${kind}-2`, second + 5, 'hello'),
      text(ana, `wamid.plain-${kind}-3`, second + 9, 'two'),
      text(ana, `wamid.plain-${kind}-1`, second, 'one'),
    ]);
    // Meta's clock can put a message before one it sent earlier: the window keeps the newest.
    await apply([text(ana, `wamid.plain-${kind}-4`, second + 3, 'late'), text(ana, `wamid.plain-${kind}-3`, second + 9, 'two')]);
    const stored = await database
      .db('messages')
      .whereIn(
        'wamid',
        [1, 2, 3, 4].map((n) => `wamid.plain-${kind}-${n}`),
      )
      .select('wamid');
    expect(stored).toHaveLength(4);
    const contacts = await database.db('contacts').whereIn('wa_id', [ana, ben]).orderBy('wa_id').select('wa_id', 'last_inbound_at');
    expect(contacts.map((c: { last_inbound_at: number }) => Number(c.last_inbound_at))).toEqual([(second + 9) * 1000, (second + 5) * 1000]);
    expect(await events(ana)).toEqual(['message one', 'message two', `contact ${(second + 9) * 1000}`, 'message late']);
    expect(await events(ben)).toEqual(['message hello', `contact ${(second + 5) * 1000}`]);
  });

  test('a reaction between two texts in one batch finds the first, and the thread keeps the order they came in', async () => {
    const waId = '16505558203';
    const text = (id: string, at: number, body: string) =>
      sandboxWebhook({
        contacts: [{ profile: { name: 'Customer' }, wa_id: waId }],
        messages: [{ from: waId, id, timestamp: String(at), type: 'text', text: { body } }],
      });
    await apply([
      text(`wamid.order-${kind}-1`, second, 'first'),
      reaction(waId, `wamid.order-${kind}-r`, `wamid.order-${kind}-1`, second + 1),
      text(`wamid.order-${kind}-2`, second + 2, 'second'),
    ]);
    const rows: Array<{ wamid: string; reaction_to: string | null }> = await database
      .db('messages')
      .where('wamid', 'like', `wamid.order-${kind}-%`)
      .orderBy('id')
      .select('wamid', 'reaction_to');
    expect(rows).toEqual([
      { wamid: `wamid.order-${kind}-1`, reaction_to: null },
      { wamid: `wamid.order-${kind}-r`, reaction_to: `wamid.order-${kind}-1` },
      { wamid: `wamid.order-${kind}-2`, reaction_to: null },
    ]);
  });
});
