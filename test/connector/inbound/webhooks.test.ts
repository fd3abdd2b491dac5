/**
 * POST /webhooks/whatsapp against the real connector, fed with Meta's own
 * samples from test/fixtures/cloud-api/webhooks/.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { replyWindow } from '../../../connector/domain/reply-window';
import { ApiClient } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { reference, referenceFiles } from '../../support/reference';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';
import { postWebhook } from '../../support/webhooks';
import { SHEENA, SHEENA_WA_ID } from '../../support/fixtures';

type Envelope = { entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }> };

let running: RunningConnector;
let api: ApiClient;

beforeAll(async () => {
  // Slow simulated statuses, so the tests below decide which statuses arrive and in what order.
  running = await startConnector({ connector: { simulator: { statusDelays: { sent: 600_000, delivered: 600_000, read: null } } } });
  api = new ApiClient(running.url, await signIn(running.url, running.demoUrl));
});

afterAll(async () => {
  await running?.close();
});

const inboxCount = async () => Number((await running.connector.db('webhook_inbox').count<{ n: number }[]>({ n: '*' }))[0]!.n);
const messagesWith = async (wamid: string) => running.connector.db('messages').where({ wamid });

describe('GET /webhooks/whatsapp (verification)', () => {
  test('answers the challenge when the verify token matches', async () => {
    const response = await fetch(`${running.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=go2msg-sandbox-verify-token&hub.challenge=1158201444`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('1158201444');
  });

  test('refuses a wrong verify token', async () => {
    const response = await fetch(`${running.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong-token&hub.challenge=1158201444`);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('1158201444');
  });
});

describe('POST /webhooks/whatsapp', () => {
  const sample = () => reference<Envelope>('webhooks/webhook-text.json');

  test.each([
    { description: 'no signature', options: { signature: null } },
    { description: 'a signature made with another secret', options: { secret: 'not-the-app-secret' } },
    { description: 'a malformed signature', options: { signature: 'sha256=nothex' } },
  ])('refuses $description with 401 and stores nothing', async ({ options }) => {
    const before = await inboxCount();
    const response = await postWebhook(running.url, sample(), options);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('SIGNATURE_INVALID');
    expect(await inboxCount()).toBe(before);
  });

  test('stores a repeated message once, however often Meta sends it', async () => {
    const body = sample();
    for (let i = 0; i < 3; i++) expect((await postWebhook(running.url, body)).status).toBe(200);
    await running.connector.webhooks.idle();
    const rows = await messagesWith('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ direction: 'in', type: 'text', text: 'Does it come in another color?' });
  });

  const messageSamples = referenceFiles('webhooks').filter((f) => {
    const value = reference<Envelope>(`webhooks/${f}`).entry[0]!.changes[0]!.value;
    return Array.isArray(value.messages);
  });

  test.each(messageSamples)('stores the message in %s with its raw payload', async (file) => {
    const body = reference<Envelope>(`webhooks/${file}`);
    const raw = (body.entry[0]!.changes[0]!.value.messages as Array<{ id: string; type: string }>)[0]!;
    // Meta's samples share message ids; each gets its own here so none is taken for a repeat.
    raw.id = `wamid.sample-${file}`;
    expect((await postWebhook(running.url, body)).status).toBe(200);
    await running.connector.webhooks.idle();
    const [row] = await messagesWith(raw.id);
    expect(row, `${file} was not stored`).toBeDefined();
    expect(row.type).toBe(raw.type);
    expect(JSON.parse(row.content)).toMatchObject(raw);
  });

  test('a webhook for a number this connector does not answer for is kept as a dead letter saying which number and what to do', async () => {
    const body = sample();
    const value = body.entry[0]!.changes[0]!.value as { metadata: { phone_number_id: string }; messages: Array<{ id: string }> };
    value.metadata.phone_number_id = '999999999999';
    value.messages[0]!.id = 'wamid.other-number';
    await postWebhook(running.url, body);
    await running.connector.webhooks.idle();
    // Not guessed into another number's threads, and not dropped: an admin can replay it once the number is configured.
    expect(await messagesWith('wamid.other-number')).toHaveLength(0);
    const dead = await running.connector.db('webhook_inbox').whereNotNull('dead_at').where('body', 'like', '%wamid.other-number%').first();
    expect(dead?.last_error).toContain('999999999999');
    expect(dead?.last_error).toContain('WHATSAPP_PHONE_NUMBERS');
  });
});

describe('statuses', () => {
  async function sendReply(body: string): Promise<{ id: number; wamid: string; waId: string }> {
    // The customer writes first, so the window is open.
    const inbound = reference<Envelope>('webhooks/webhook-text.json');
    const m = (inbound.entry[0]!.changes[0]!.value.messages as Array<{ id: string; timestamp: string }>)[0]!;
    m.id = `wamid.in-${Math.random()}`;
    m.timestamp = String(Math.floor(running.connector.clock.now() / 1000));
    await postWebhook(running.url, inbound);
    await running.connector.webhooks.idle();
    const { body: sent } = await api.send(SHEENA, { type: 'text', text: { body } }, `status-${Math.random().toString(36).slice(2)}`);
    if (!sent.message) throw new Error(JSON.stringify(sent));
    const accepted = await waitFor(async () => {
      const row = await running.connector.db('messages').where({ id: sent.message.id }).first();
      return row?.wamid && row;
    });
    return { id: accepted.id, wamid: accepted.wamid, waId: SHEENA_WA_ID };
  }

  async function postStatus(wamid: string, status: string, extra: Record<string, unknown> = {}) {
    const body = reference<Envelope>('webhooks/webhook-status-sent.json');
    const s = (body.entry[0]!.changes[0]!.value.statuses as Array<Record<string, unknown>>)[0]!;
    Object.assign(s, { id: wamid, status, ...extra });
    delete s.pricing;
    expect((await postWebhook(running.url, body)).status).toBe(200);
    await running.connector.webhooks.idle();
  }

  const statusOf = async (id: number) => (await running.connector.db('messages').where({ id }).first()).status;

  test('only move forward, whatever order Meta delivers them in', async () => {
    const { id, wamid } = await sendReply('out of order');
    await postStatus(wamid, 'delivered');
    expect(await statusOf(id)).toBe('delivered');
    await postStatus(wamid, 'sent');
    expect(await statusOf(id)).toBe('delivered');
    await postStatus(wamid, 'read');
    await postStatus(wamid, 'delivered');
    await postStatus(wamid, 'read');
    expect(await statusOf(id)).toBe('read');
  });

  test('keeps when the current status happened, by Meta\'s timestamp, for the panel\'s "Read at 4:36 PM"', async () => {
    const { id, wamid } = await sendReply('read when?');
    const view = async () => (await api.thread(SHEENA)).messages.find((m) => m.id === id)!;
    expect((await view()).statusAt ?? null).toBeNull();
    const readAt = Math.floor(running.connector.clock.now() / 1000) + 90;
    await postStatus(wamid, 'delivered', { timestamp: String(readAt - 30) });
    await postStatus(wamid, 'read', { timestamp: String(readAt) });
    expect(await view()).toMatchObject({ status: 'read', statusAt: readAt * 1000 });
    // A status that does not move it forward leaves the time of the one that did.
    await postStatus(wamid, 'delivered', { timestamp: String(readAt + 60) });
    expect((await view()).statusAt).toBe(readAt * 1000);
  });

  test("a failed status keeps Meta's code, title and details, with the reason and the fix", async () => {
    const { id, wamid } = await sendReply('will fail');
    const failed = reference<Envelope>('webhooks/webhook-status-failed-131026.json');
    const s = (failed.entry[0]!.changes[0]!.value.statuses as Array<Record<string, unknown>>)[0]!;
    s.id = wamid;
    await postWebhook(running.url, failed);
    await running.connector.webhooks.idle();
    const view = (await api.thread(SHEENA)).messages.find((m) => m.id === id)!;
    expect(view.status).toBe('failed');
    expect(view.failure).toMatchObject({
      code: 131026,
      title: 'Message undeliverable',
      reason: expect.stringMatching(/could not deliver/),
      action: expect.any(String),
    });
    expect(view.failure?.details).toBeTruthy();
  });

  test('a 131047 failure closes the window for that customer', async () => {
    const { id, wamid } = await sendReply('window closed at Meta');
    const failed = reference<Envelope>('webhooks/webhook-status-failed-131047.json');
    (failed.entry[0]!.changes[0]!.value.statuses as Array<Record<string, unknown>>)[0]!.id = wamid;
    await postWebhook(running.url, failed);
    await running.connector.webhooks.idle();
    const thread = await api.thread(SHEENA);
    expect(thread.messages.find((m) => m.id === id)?.failure?.action).toMatch(/template/);
    expect(replyWindow({ lastInboundAt: thread.contact.lastInboundAt, closedByProviderAt: thread.contact.windowClosedAt, now: thread.serverNow }).state).toBe(
      'closed',
    );
    const refused = await api.send(SHEENA, { type: 'text', text: { body: 'again' } }, 'after-131047');
    expect(refused.body.error?.code).toBe('WINDOW_CLOSED');
  });
});
