/**
 * Coexistence with the WhatsApp Business app through the real connector and
 * the Cloud API simulator, on SQLite and PostgreSQL: what the business sends
 * from the phone app (smb_message_echoes) joins the customer's thread as
 * outgoing and audited; the app's chat history (history) is imported once, as
 * the past it is. Meta's own samples, and the simulator's signed webhooks.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { reference } from '../../support/reference';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';
import { postWebhook } from '../../support/webhooks';
import { SAMPLES } from '../../../connector/sandbox/simulator/samples';
import { LUCAS, SALES_NUMBER_ID, SUPPORT_NUMBER_ID } from '../../support/fixtures';

async function sandbox(baseUrl: string, path: string, body: object): Promise<{ messages: Array<{ id: string }>; webhook: { status: number } }> {
  const response = await fetch(`${baseUrl}/sandbox${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`sandbox ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json() as Promise<{ messages: Array<{ id: string }>; webhook: { status: number } }>;
}

describe.each(DB_KINDS)('coexistence with the WhatsApp Business app on %s', (kind) => {
  let running: RunningConnector;
  let api: ApiClient;
  const audits = (action: string, contactId: number) => running.connector.db('audit_log').where({ action, contact_id: contactId }).orderBy('id');

  beforeAll(async () => {
    running = await startConnector({ db: kind });
    api = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  });

  afterAll(async () => {
    await running?.close();
  });

  test('a reply the business types in the phone app appears in the thread as outgoing, from the app, audited, and ends the wait without touching the window', async () => {
    const customer = '+34612345678';
    await customerWrites(running.url, '34612345678', '¿Tenéis la talla M?');
    const before = await waitFor(async () => {
      const thread = await api.thread(customer);
      return thread.messages.length === 1 && thread;
    });
    expect((await running.connector.db('conversations').where({ contact_id: before.contact.id }).first()).waiting_since).not.toBeNull();

    const echo = await sandbox(running.url, '/customers/34612345678/echoes', { type: 'text', text: { body: 'Sí, te la guardo hasta mañana.' } });
    expect(echo.webhook.status).toBe(200);
    const thread = await waitFor(async () => {
      const t = await api.thread(customer);
      return t.messages.length === 2 && t;
    });
    const reply = thread.messages.at(-1)!;
    expect(reply).toMatchObject({
      direction: 'out',
      origin: 'phone_app',
      sender: null,
      status: 'sent',
      text: 'Sí, te la guardo hasta mañana.',
      wamid: echo.messages[0]!.id,
    });
    expect(thread.contact.lastInboundAt).toBe(before.contact.lastInboundAt);
    const conversation = await running.connector.db('conversations').where({ contact_id: thread.contact.id }).first();
    expect(conversation).toMatchObject({ waiting_since: null, owner_id: null });
    const rows = await audits('message.echo', thread.contact.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ teammate_id: null, provider_message_id: echo.messages[0]!.id });
    expect(JSON.parse(rows[0].details)).toMatchObject({ origin: 'phone_app', type: 'text' });
  });

  test("Meta's echo sample is stored once however often Meta repeats it, and a status for it moves it forward", async () => {
    const sample = reference<{ entry: Array<{ changes: Array<{ value: { message_echoes: Array<{ id: string }> } }> }> }>(
      'webhooks/webhook-smb-message-echoes.json',
    );
    const wamid = sample.entry[0]!.changes[0]!.value.message_echoes[0]!.id;
    expect((await postWebhook(running.url, sample)).status).toBe(200);
    expect((await postWebhook(running.url, sample)).status).toBe(200);
    await running.connector.webhooks.idle();
    const stored = await running.connector.db('messages').where({ wamid });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ direction: 'out', origin: 'phone_app', text: "Here's the info you requested! https://www.meta.com/quest/quest-3/" });
    expect(await audits('message.echo', stored[0].contact_id)).toHaveLength(1);
    const status = reference<object>('webhooks/webhook-status-delivered.json');
    const delivered = JSON.parse(JSON.stringify(status).replace(/"id":\s*"wamid\.[^"]+"/, `"id": "${wamid}"`));
    expect((await postWebhook(running.url, delivered)).status).toBe(200);
    await waitFor(async () => (await running.connector.db('messages').where({ wamid }).first()).status === 'delivered');
  });

  test('a photo the business sends from the phone app is fetched from Meta and shown like any file, once however often Meta repeats it', async () => {
    const photo = SAMPLES.image!();
    const held = running.connector.simulator!.media.put(photo.bytes, photo.mimeType, null);
    const wamid = `wamid.echo-photo-${kind}`;
    const echo = reference<{ entry: Array<{ changes: Array<{ value: { message_echoes: Array<Record<string, unknown>> } }> }> }>(
      'webhooks/webhook-smb-message-echoes.json',
    );
    echo.entry[0]!.changes[0]!.value.message_echoes[0] = {
      from: '15550783881',
      to: '+4915112345678',
      id: wamid,
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: 'image',
      image: { id: held.id, mime_type: held.mimeType, sha256: held.sha256, caption: 'Your parcel' },
    };
    expect((await postWebhook(running.url, echo)).status).toBe(200);
    expect((await postWebhook(running.url, echo)).status).toBe(200);
    const shown = await waitFor(async () => {
      const message = (await api.thread('+4915112345678')).messages.find((m) => m.wamid === wamid);
      return message?.media?.status === 'ready' && message;
    });
    expect(shown).toMatchObject({ direction: 'out', origin: 'phone_app', text: 'Your parcel', media: { kind: 'image', mimeType: 'image/png' } });
    expect(await running.connector.db('media').where({ provider_media_id: held.id })).toHaveLength(1);
  });

  test("the app's chat history is imported once, in order, as the past: no window, no wait, one audit row", async () => {
    const customer = LUCAS;
    const day = 24 * 3600;
    const history = await sandbox(running.url, '/customers/5511987654321/history', {
      messages: [
        { from: 'customer', text: 'Oi, o pedido 4821 chegou?', secondsAgo: 3 * day },
        { from: 'business', text: 'Chegou sim, sai amanhã.', secondsAgo: 3 * day - 600, status: 'READ' },
        { from: 'customer', text: 'Obrigado!', secondsAgo: 2 * day },
      ],
    });
    expect(history.webhook.status).toBe(200);
    await running.connector.webhooks.idle();
    const thread = await api.thread(customer);
    expect(thread.messages.map((m) => [m.direction, m.origin, m.text, m.status])).toEqual([
      ['in', 'history', 'Oi, o pedido 4821 chegou?', 'received'],
      ['out', 'history', 'Chegou sim, sai amanhã.', 'read'],
      ['in', 'history', 'Obrigado!', 'received'],
    ]);
    expect(thread.contact.lastInboundAt).toBeNull();
    expect(await running.connector.db('conversations').where({ contact_id: thread.contact.id }).first()).toBeUndefined();
    const rows = await audits('message.history_imported', thread.contact.id);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].details)).toMatchObject({ messages: 3, chunks: ['0/1'] });
  });

  test("Meta's history sample, sent twice and after the same message came live, adds each message once; a declined history stores nothing", async () => {
    const sample = reference<object>('webhooks/webhook-history.json');
    expect((await postWebhook(running.url, sample)).status).toBe(200);
    expect((await postWebhook(running.url, sample)).status).toBe(200);
    expect((await postWebhook(running.url, reference<object>('webhooks/webhook-history-declined.json'))).status).toBe(200);
    await running.connector.webhooks.idle();
    const ids = ['wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzRUIwMTBBMUIyQzNENEU1RjZBNwA=', 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBQzRUIwMTBBMUIyQzNENEU1RjZBOAA='];
    const stored = await running.connector.db('messages').whereIn('wamid', ids).orderBy('at');
    expect(stored.map((m) => [m.direction, m.status, m.origin])).toEqual([
      ['in', 'received', 'history'],
      ['out', 'delivered', 'history'],
    ]);
    expect(await audits('message.history_imported', stored[0].contact_id)).toHaveLength(1);
    expect(await running.connector.db('webhook_inbox').whereNotNull('dead_at')).toEqual([]);
  });

  test("the name the business saves in the app's address book is kept on the customer's thread with that number, audited, and cleared when removed", async () => {
    const customer = '+447700900123';
    const contact = async (ref = customer) => (await api.thread(ref)).contact;
    const added = await fetch(`${running.url}/sandbox/customers/447700900123/address-book?to=${SALES_NUMBER_ID}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'add', fullName: 'Olivia Bennett (wholesale)' }),
    });
    expect(((await added.json()) as { webhook: { status: number } }).webhook.status).toBe(200);
    await running.connector.webhooks.idle();
    // Saved from the Sales number's app: its thread with Sales has the name; Support's, if opened, has none.
    const sales = await contact(`${customer}@${SALES_NUMBER_ID}`);
    expect(sales).toMatchObject({ phoneNumberId: SALES_NUMBER_ID, addressBookName: 'Olivia Bennett (wholesale)' });
    expect((await contact(`${customer}@${SUPPORT_NUMBER_ID}`)).addressBookName).toBeNull();
    const rows = await audits('contact.address_book', sales.id);
    expect(rows.map((r) => JSON.parse(r.details as string))).toMatchObject([{ action: 'add', name: 'Olivia Bennett (wholesale)' }]);

    await fetch(`${running.url}/sandbox/customers/447700900123/address-book?to=${SALES_NUMBER_ID}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'remove' }),
    });
    await running.connector.webhooks.idle();
    expect((await contact(`${customer}@${SALES_NUMBER_ID}`)).addressBookName).toBeNull();
    expect(await audits('contact.address_book', sales.id)).toHaveLength(2);
  });

  test("Meta's smb_app_state_sync sample names the customer on the number it came for; sent again, it changes nothing", async () => {
    const sample = reference<object>('webhooks/webhook-smb-app-state-sync.json');
    await postWebhook(running.url, sample);
    await running.connector.webhooks.idle();
    const saved = (await api.thread(`+16505551234@${SUPPORT_NUMBER_ID}`)).contact;
    expect(saved.addressBookName).toBe('Pablo Morales');
    await postWebhook(running.url, sample);
    await running.connector.webhooks.idle();
    expect(await audits('contact.address_book', saved.id)).toHaveLength(1);
  });
});
