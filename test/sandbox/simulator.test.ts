/**
 * The Cloud API simulator answers like Meta: the shapes of
 * test/fixtures/cloud-api/responses and errors, signed webhooks with
 * non-ASCII escaped, and its own 24-hour window.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SANDBOX_DEFAULTS } from '../../connector/config/config';
import { SandboxClock } from '../../connector/sandbox/clock';
import { sampleOggOpus } from '../../connector/sandbox/simulator/samples';
import type { CloudApiSimulator } from '../../connector/sandbox/simulator/simulator';
import { reference, referenceFiles } from '../support/reference';
import { startSimulator, type SimulatorServer } from '../support/simulator-server';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { waitFor } from '../support/wait';
import { LUCAS, LUCAS_WA_ID, SHEENA, SHEENA_WA_ID } from '../support/fixtures';

const TOKEN = SANDBOX_DEFAULTS.accessToken;
const PHONE_ID = SANDBOX_DEFAULTS.phoneNumberId;
const WABA = SANDBOX_DEFAULTS.wabaId;

let server: SimulatorServer;
let receiver: WebhookReceiver;
let base: string;
let simulator: CloudApiSimulator;
const clock = new SandboxClock();
const received = () => receiver.received;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  server = await startSimulator({ webhookUrl: receiver.url, clock, statusDelays: { sent: 10, delivered: 20, read: 30 } });
  simulator = server.simulator;
  base = `${server.url}/graph`;
});

afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

async function post(path: string, body: unknown, token: string | null = TOKEN) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const keysOf = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(keysOf)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keysOf(v)]))
      : typeof value;

const statusesFor = (wamid: string) =>
  received()
    .flatMap((r) => (r.body.entry[0]!.changes[0]!.value.statuses as Array<Record<string, any>> | undefined) ?? [])
    .filter((s) => s.id === wamid);

describe('sending', () => {
  test("answers a send inside the window with Meta's success shape and a wamid", async () => {
    await simulator.customerSends(SHEENA_WA_ID, { type: 'text', text: { body: 'hi' } });
    const { status, body } = await post(`/v24.0/${PHONE_ID}/messages`, reference('requests/send-text.json'));
    expect(status).toBe(200);
    expect(keysOf(body)).toEqual(keysOf(reference('responses/send-success.json')));
    expect(body.contacts[0]).toEqual({ input: SHEENA, wa_id: SHEENA_WA_ID });
    expect(body.messages[0].id).toMatch(/^wamid\./);
  });

  test('sends signed status webhooks sent → delivered → read, with pricing on sent', async () => {
    const { body } = await post(`/v24.0/${PHONE_ID}/messages`, { ...reference<object>('requests/send-text.json'), biz_opaque_callback_data: 'go2msg:42' });
    const wamid = body.messages[0].id as string;
    await waitFor(() => statusesFor(wamid).length === 3);
    const statuses = statusesFor(wamid);
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    expect(statuses[0]).toMatchObject({
      recipient_id: SHEENA_WA_ID,
      biz_opaque_callback_data: 'go2msg:42',
      pricing: { pricing_model: 'PMP', type: 'free_customer_service', category: 'service' },
    });
    expect(received().every((r) => r.signed)).toBe(true);
  });

  test('accepts any Graph version prefix', async () => {
    for (const version of ['v17.0', 'v23.0', 'v27.0']) {
      expect((await post(`/${version}/${PHONE_ID}/messages`, reference('requests/send-text.json'))).status).toBe(200);
    }
  });

  test('outside the window, accepts free text and then fails it by webhook with 131047, as Meta does today', async () => {
    const { status, body } = await post(`/v24.0/${PHONE_ID}/messages`, {
      messaging_product: 'whatsapp',
      to: '+34612345678',
      type: 'text',
      text: { body: 'hello?' },
    });
    expect(status).toBe(200);
    const wamid = body.messages[0].id as string;
    const failed = (await waitFor(() => statusesFor(wamid).length > 0 && statusesFor(wamid)))[0]!;
    expect(failed).toMatchObject({ status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message', error_data: { details: expect.any(String) } }] });
    expect(keysOf(failed.errors)).toEqual(keysOf(reference<any>('webhooks/webhook-status-failed-131047.json').entry[0].changes[0].value.statuses[0].errors));
  });

  test('a template is allowed outside the window and billed', async () => {
    const { status, body } = await post(`/v24.0/${PHONE_ID}/messages`, { ...reference<object>('requests/send-template-hello-world.json'), to: '+34612345678' });
    expect(status).toBe(200);
    const wamid = body.messages[0].id as string;
    await waitFor(() => statusesFor(wamid).some((s) => s.status === 'sent'));
    expect(statusesFor(wamid)[0]).toMatchObject({ status: 'sent', pricing: { type: 'regular', category: 'utility' } });
  });

  test("a customer's profile name reaches the webhook as Meta sends it, and stays for the next message", async () => {
    const profileNames = () =>
      received()
        .flatMap((r) => (r.body.entry[0]!.changes[0]!.value.contacts as Array<{ wa_id: string; profile: { name: string } }> | undefined) ?? [])
        .filter((c) => c.wa_id === '4915112345678')
        .map((c) => c.profile.name);
    await simulator.customerSends('4915112345678', { type: 'text', text: { body: 'hallo' }, profileName: 'Lena Vogel' });
    await simulator.customerSends('4915112345678', { type: 'text', text: { body: 'noch da?' } });
    await waitFor(() => profileNames().length === 2);
    expect(profileNames()).toEqual(['Lena Vogel', 'Lena Vogel']);
  });

  test('moving the sandbox clock 25 hours closes its window', async () => {
    await simulator.customerSends(LUCAS_WA_ID, { type: 'text', text: { body: 'oi' } });
    clock.advance(25 * 3600_000);
    const { body } = await post(`/v24.0/${PHONE_ID}/messages`, { messaging_product: 'whatsapp', to: LUCAS, type: 'text', text: { body: 'late' } });
    const failed = (await waitFor(() => statusesFor(body.messages[0].id).length > 0 && statusesFor(body.messages[0].id)))[0]!;
    expect(failed.errors[0].code).toBe(131047);
  });
});

describe("Meta's sample requests", () => {
  const samples = referenceFiles('requests').filter((f) => /^(send-|mark-as-read|typing-indicator)/.test(f));

  test.each(samples)('accepts %s', async (file) => {
    await simulator.customerSends(SHEENA_WA_ID, { type: 'text', text: { body: 'open the window' } });
    const { status, body } = await post(`/v24.0/${PHONE_ID}/messages`, reference(`requests/${file}`));
    expect(status, JSON.stringify(body)).toBe(200);
    if (file.startsWith('send-')) expect(body.messages[0].id).toMatch(/^wamid\./);
    else expect(body).toEqual({ success: true });
  });

  test('a media id it does not hold fails by webhook with 131053, as Meta does', async () => {
    await simulator.customerSends(SHEENA_WA_ID, { type: 'text', text: { body: 'hi' } });
    const { body } = await post(`/v24.0/${PHONE_ID}/messages`, reference('requests/send-image-id.json'));
    const failed = (await waitFor(() => statusesFor(body.messages[0].id).length > 0 && statusesFor(body.messages[0].id)))[0]!;
    expect(failed).toMatchObject({ status: 'failed', errors: [{ code: 131053 }] });
  });

  test('a reaction is followed by a sent status only', async () => {
    await simulator.customerSends(SHEENA_WA_ID, { type: 'text', text: { body: 'hi' } });
    const { body } = await post(`/v24.0/${PHONE_ID}/messages`, reference('requests/send-reaction.json'));
    // Every status the simulator scheduled has reached the receiver: a "delivered" or "read" would be there now.
    await simulator.idle();
    expect(statusesFor(body.messages[0].id).map((s) => s.status)).toEqual(['sent']);
  });
});

describe('media', () => {
  test('a voice message must be Ogg/Opus: an MP3 sent with voice: true fails with 131053, the sample voice note is delivered', async () => {
    await simulator.customerSends(SHEENA_WA_ID, { type: 'text', text: { body: 'hi' } });
    const upload = async (bytes: Buffer, type: string, name: string) => {
      const form = new FormData();
      form.set('messaging_product', 'whatsapp');
      form.set('type', type);
      form.set('file', new Blob([new Uint8Array(bytes)], { type }), name);
      return (
        (await (await fetch(`${base}/v24.0/${PHONE_ID}/media`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form })).json()) as {
          id: string;
        }
      ).id;
    };
    const mp3 = await upload(Buffer.concat([Buffer.from('ID3'), Buffer.alloc(64)]), 'audio/mpeg', 'note.mp3');
    const ogg = await upload(sampleOggOpus(), 'audio/ogg', 'note.ogg');
    const send = (id: string) =>
      post(`/v24.0/${PHONE_ID}/messages`, { messaging_product: 'whatsapp', to: SHEENA_WA_ID, type: 'audio', audio: { id, voice: true } });
    const refused = (await send(mp3)).body.messages[0].id as string;
    const played = (await send(ogg)).body.messages[0].id as string;
    const failed = (await waitFor(() => statusesFor(refused).length > 0 && statusesFor(refused)))[0]!;
    expect(failed).toMatchObject({ status: 'failed', errors: [{ code: 131053 }] });
    expect((await waitFor(() => statusesFor(played).length > 0 && statusesFor(played)))[0]).toMatchObject({ status: 'sent' });
  });

  test('uploads multipart, retrieves a download URL that needs the token and expires', async () => {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/png');
    form.set('file', new Blob([new Uint8Array(Buffer.from('89504e470d0a1a0a', 'hex'))], { type: 'image/png' }), 'tiny.png');
    const upload = await fetch(`${base}/v24.0/${PHONE_ID}/media`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
    const { id } = (await upload.json()) as { id: string };
    expect(id).toMatch(/^\d+$/);
    const info = (await (await fetch(`${base}/v24.0/${id}?phone_number_id=${PHONE_ID}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as Record<
      string,
      string
    >;
    expect(keysOf(info)).toEqual(keysOf(reference('responses/media-get.json')));
    expect(info).toMatchObject({ mime_type: 'image/png', file_size: '8', id });
    expect((await fetch(info.url!)).status).toBe(401);
    const download = await fetch(info.url!, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer()).toString('hex')).toBe('89504e470d0a1a0a');
    simulator.media.expireDownloads();
    expect((await fetch(info.url!, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    const deleted = await fetch(`${base}/v24.0/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await deleted.json()).toEqual(reference('responses/success-true.json'));
  });
});

describe('injected faults', () => {
  test('fail the configured share of sends with the configured kinds', async () => {
    await simulator.customerSends(SHEENA_WA_ID, { type: 'text', text: { body: 'hi' } });
    simulator.faults.configure({ rate: 1, kinds: ['130429'] });
    const throttled = await post(`/v24.0/${PHONE_ID}/messages`, reference('requests/send-text.json'));
    simulator.faults.configure({ rate: 1, kinds: ['131056'] });
    const paired = await post(`/v24.0/${PHONE_ID}/messages`, reference('requests/send-text.json'));
    simulator.faults.configure({ rate: 1, kinds: ['5xx'] });
    const server = await post(`/v24.0/${PHONE_ID}/messages`, reference('requests/send-text.json'));
    simulator.faults.configure({ rate: 0 });
    expect([throttled.body.error.code, paired.body.error.code, server.body.error.code]).toEqual([130429, 131056, 131000]);
    expect(server.status).toBe(500);
  });
});

describe("Meta's errors", () => {
  const errorKeys = keysOf(reference<{ body: unknown }>('errors/error-131008.json').body);

  test.each([
    { description: 'no access token', path: `/v24.0/${PHONE_ID}/messages`, body: reference('requests/send-text.json'), token: null, status: 401, code: 190 },
    {
      description: 'a wrong access token',
      path: `/v24.0/${PHONE_ID}/messages`,
      body: reference('requests/send-text.json'),
      token: 'wrong',
      status: 401,
      code: 190,
    },
    {
      description: 'an unknown phone number id',
      path: '/v24.0/123/messages',
      body: reference('requests/send-text.json'),
      token: TOKEN,
      status: 400,
      code: 100,
    },
    {
      description: 'a missing recipient',
      path: `/v24.0/${PHONE_ID}/messages`,
      body: { messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } },
      token: TOKEN,
      status: 400,
      code: 131008,
    },
    {
      description: 'a missing messaging_product',
      path: `/v24.0/${PHONE_ID}/messages`,
      body: { to: SHEENA, type: 'text', text: { body: 'x' } },
      token: TOKEN,
      status: 400,
      code: 100,
    },
    {
      description: 'a text over 4,096 characters',
      path: `/v24.0/${PHONE_ID}/messages`,
      body: { messaging_product: 'whatsapp', to: SHEENA, type: 'text', text: { body: 'x'.repeat(4097) } },
      token: TOKEN,
      status: 400,
      code: 100,
    },
    {
      description: 'an unknown template',
      path: `/v24.0/${PHONE_ID}/messages`,
      body: { messaging_product: 'whatsapp', to: SHEENA, type: 'template', template: { name: 'nope', language: { code: 'en_US' } } },
      token: TOKEN,
      status: 404,
      code: 132001,
    },
    {
      description: 'template variables missing',
      path: `/v24.0/${PHONE_ID}/messages`,
      body: { messaging_product: 'whatsapp', to: SHEENA, type: 'template', template: { name: 'order_update', language: { code: 'en_US' } } },
      token: TOKEN,
      status: 400,
      code: 132000,
    },
    {
      description: "a named template's values without parameter_name",
      path: `/v24.0/${PHONE_ID}/messages`,
      body: {
        messaging_product: 'whatsapp',
        to: SHEENA,
        type: 'template',
        template: {
          name: 'order_confirmation',
          language: { code: 'en_US' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Sheena' },
                { type: 'text', text: '860198' },
              ],
            },
          ],
        },
      },
      token: TOKEN,
      status: 400,
      code: 100,
    },
    {
      description: 'a message type it does not know',
      path: `/v24.0/${PHONE_ID}/messages`,
      body: { messaging_product: 'whatsapp', to: SHEENA, type: 'hologram', hologram: {} },
      token: TOKEN,
      status: 400,
      code: 131051,
    },
    { description: 'malformed JSON', path: `/v24.0/${PHONE_ID}/messages`, body: '{"messaging_product":', token: TOKEN, status: 400, code: 100 },
  ])('refuses $description with HTTP $status and code $code', async ({ path, body, token, status, code }) => {
    const response = await post(path, body, token);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toMatch(new RegExp(`^\\(#${code}\\) `));
    if (code !== 190) expect(keysOf(response.body)).toEqual(errorKeys);
  });
});

describe('templates', () => {
  test('a named template needs each value to name its variable, as Meta says: "Parameter name is missing or empty"', async () => {
    const send = (parameters: object[]) =>
      post(`/v24.0/${PHONE_ID}/messages`, {
        messaging_product: 'whatsapp',
        to: SHEENA,
        type: 'template',
        template: { name: 'order_confirmation', language: { code: 'en_US' }, components: [{ type: 'body', parameters }] },
      });
    const unnamed = await send([
      { type: 'text', text: 'Sheena' },
      { type: 'text', text: '860198' },
    ]);
    expect(unnamed.body.error).toMatchObject({ code: 100, error_data: { details: 'Parameter name is missing or empty' } });
    const misnamed = await send([
      { type: 'text', parameter_name: 'customer_name', text: 'Sheena' },
      { type: 'text', parameter_name: 'order_id', text: '860198' },
    ]);
    expect(misnamed.body.error).toMatchObject({ code: 100, error_data: { details: expect.stringContaining('order_id') } });
    // Order does not matter once every value is named.
    const named = await send([
      { type: 'text', parameter_name: 'order_number', text: '860198' },
      { type: 'text', parameter_name: 'customer_name', text: 'Sheena' },
    ]);
    expect(named.status).toBe(200);
  });

  test('a map (LOCATION) header needs one location parameter', async () => {
    simulator.templates.push({
      id: '1555000000000009',
      name: 'pickup_ready',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      parameter_format: 'POSITIONAL',
      components: [
        { type: 'HEADER', format: 'LOCATION' },
        { type: 'BODY', text: 'Ready for pickup here.' },
      ],
    });
    try {
      const send = (parameters: object[]) =>
        post(`/v24.0/${PHONE_ID}/messages`, {
          messaging_product: 'whatsapp',
          to: SHEENA,
          type: 'template',
          template: { name: 'pickup_ready', language: { code: 'en_US' }, components: [{ type: 'header', parameters }] },
        });
      expect((await send([])).body.error.code).toBe(132000);
      expect((await send([{ type: 'text', text: 'Mission St' }])).body.error.code).toBe(132012);
      expect((await send([{ type: 'location', location: { latitude: 37.7749, longitude: -122.4194 } }])).status).toBe(200);
    } finally {
      simulator.templates.pop();
    }
  });

  test('pages the template list with cursors like Graph', async () => {
    const names: string[] = [];
    let url: string | undefined = `${base}/v24.0/${WABA}/message_templates?limit=2`;
    while (url) {
      const page = (await (await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
        data: Array<{ name: string }>;
        paging: { next?: string; cursors: { after: string } };
      };
      expect(page.data.length).toBeLessThanOrEqual(2);
      names.push(...page.data.map((t) => t.name));
      url = page.paging.next;
    }
    expect(names).toEqual(simulator.templates.map((t) => t.name));
    expect(names).toContain('hello_world');
  });
});

describe('simulated customers', () => {
  test('their messages arrive as signed webhooks with non-ASCII escaped like Meta', async () => {
    const { id } = await simulator.customerSends('34612345678', { type: 'text', text: { body: 'Olá! Preço: 10€ 👍' } });
    const delivery = received().find((r) => r.raw.includes(id))!;
    expect(delivery.signed).toBe(true);
    expect(delivery.raw).toContain('Ol\\u00e1! Pre\\u00e7o: 10\\u20ac \\ud83d\\udc4d');
    expect(delivery.body.entry[0]!.changes[0]!.value).toMatchObject({
      messaging_product: 'whatsapp',
      metadata: { phone_number_id: PHONE_ID },
      contacts: [{ profile: { name: 'María García' }, wa_id: '34612345678' }],
      messages: [{ from: '34612345678', id, type: 'text', text: { body: 'Olá! Preço: 10€ 👍' } }],
    });
  });

  test("stopping and resuming marketing messages arrives as Meta's signed user_preferences webhook", async () => {
    const preferences = () => received().filter((r) => r.body.entry[0]!.changes[0]!.field === 'user_preferences' && r.raw.includes('"16505551234"'));
    await simulator.customerSetsMarketing(SHEENA_WA_ID, 'stop');
    await simulator.customerSetsMarketing(SHEENA_WA_ID, 'resume');
    const [stop, resume] = await waitFor(() => preferences().length === 2 && preferences());
    expect(stop!.signed).toBe(true);
    expect(keysOf(stop!.body)).toEqual(keysOf(reference('webhooks/webhook-user-preferences-stop.json')));
    expect(stop!.body.entry[0]!.changes[0]!.value.user_preferences).toEqual([
      {
        wa_id: SHEENA_WA_ID,
        detail: 'User requested to stop marketing messages',
        category: 'marketing_messages',
        value: 'stop',
        timestamp: expect.any(Number),
      },
    ]);
    expect((resume!.body.entry[0]!.changes[0]!.value.user_preferences as unknown[])[0]).toMatchObject({
      value: 'resume',
      detail: 'User requested to resume marketing messages',
    });
  });

  test("a send to a Brazilian mobile registered before the ninth digit answers Meta's 12-digit wa_id, and its statuses name it", async () => {
    const { status, body } = await post(`/v24.0/${PHONE_ID}/messages`, {
      messaging_product: 'whatsapp',
      to: '+5521987654321',
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    expect(status).toBe(200);
    expect(body.contacts[0]).toEqual({ input: '+5521987654321', wa_id: '552187654321' });
    const [sent] = await waitFor(() => statusesFor(body.messages[0].id).length > 0 && statusesFor(body.messages[0].id));
    expect(sent!.recipient_id).toBe('552187654321');
  });

  test('a marketing template to a customer who stopped marketing messages fails with 131050, a utility one goes', async () => {
    await simulator.customerSetsMarketing('4915112345678', 'stop', { webhook: false });
    const offer = {
      messaging_product: 'whatsapp',
      to: '+4915112345678',
      type: 'template',
      template: {
        name: 'seasonal_offer',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Lena' },
              { type: 'text', text: '20%' },
            ],
          },
        ],
      },
    };
    const marketing = await post(`/v24.0/${PHONE_ID}/messages`, offer);
    const utility = await post(`/v24.0/${PHONE_ID}/messages`, { ...offer, template: { name: 'hello_world', language: { code: 'en_US' } } });
    const [failed] = await waitFor(() => statusesFor(marketing.body.messages[0].id).length > 0 && statusesFor(marketing.body.messages[0].id));
    expect(failed).toMatchObject({ status: 'failed', errors: [{ code: 131050 }] });
    expect(keysOf(failed!.errors)).toEqual(keysOf(reference<any>('webhooks/webhook-status-failed-131050.json').entry[0].changes[0].value.statuses[0].errors));
    const [delivered] = await waitFor(() => statusesFor(utility.body.messages[0].id).length > 0 && statusesFor(utility.body.messages[0].id));
    expect(delivered!.status).toBe('sent');
  });
});
