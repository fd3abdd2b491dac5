/**
 * The signed outbound webhook ("any other CRM", issue 14), on SQLite and PostgreSQL: every
 * conversation and message event reaches the receiver signed (checked with the documented
 * recipe, independently of the connector's code), each with an id that stays the same on
 * retries; 5xx answers and timeouts are retried; a 429 holds the host for its Retry-After;
 * a refused credential pauses the host with an operator alert until an admin resumes it;
 * a refused event is kept as a dead letter an admin replays; the secret never reaches a log
 * or an error.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HostDeliveryPage, HostStatusView } from '../../../connector/domain/host-delivery';
import type { HostEventType } from '../../../connector/domain/host-events';
import { advanceClock, ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { startHostReceiver, type HostReceiver } from '../../support/host-receiver';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';

const SECRET = 'whsec-test-0123456789abcdef0123456789abcdef';

interface Health {
  status: string;
  alerts: Array<{ code: string; message: string }>;
}

describe.each(DB_KINDS)('the signed outbound webhook, on %s', (kind) => {
  let receiver: HostReceiver;
  let running: RunningConnector;
  let admin: ApiClient;
  let agent: ApiClient;
  const logs: string[] = [];

  const eventsFor = (waId: string) => [...receiver.taken().values()].filter((e) => e.contact.waId === waId);
  const typesFor = (waId: string) => eventsFor(waId).map((e) => e.type);
  const health = async () => (await (await fetch(`${running.url}/healthz`)).json()) as Health;
  const act = (client: ApiClient, waId: string, verb: string, body: object = {}) =>
    client.call(`/api/conversations/%2B${waId}/${verb}`, { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    receiver = await startHostReceiver(SECRET);
    const log = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }));
    running = await startConnector({
      db: kind,
      env: { HOST_WEBHOOK_URL: receiver.url, HOST_WEBHOOK_SECRET: SECRET, HOST_TIMEOUT_MS: '300' },
      // Backoff at its shortest, so retries come within the test's patience.
      connector: { log, hosts: { random: () => 0 } },
    });
    admin = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'alex'));
    agent = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    await receiver?.close();
  });

  test('a conversation and its messages reach the receiver signed, in order, each event once', async () => {
    const waId = '16505550101';
    await customerWrites(running.url, waId, 'My order has not arrived');
    await waitFor(() => typesFor(waId).includes('message.received'), { what: 'the first events' });
    expect(typesFor(waId).slice(0, 2)).toEqual(['conversation.created', 'message.received']);
    const created = eventsFor(waId)[0]!;
    expect(created).toMatchObject({ contact: { phone: `+${waId}`, waId }, conversation: { state: 'open', firstMessageText: 'My order has not arrived' } });
    expect(created.id).toMatch(/^evt_/);

    await agent.send(`+${waId}`, { type: 'text', text: { body: 'Looking into it' } }, `webhook-${kind}-1`);
    await waitFor(() => eventsFor(waId).some((e) => e.type === 'message.status' && e.message?.status === 'read'), { what: 'the reply read' });
    const me = (await agent.call<{ id: number }>('/api/me')).body;
    await act(agent, waId, 'assign', { teammateId: me.id });
    await act(agent, waId, 'resolve');
    await customerWrites(running.url, waId, 'Still nothing');
    await waitFor(() => typesFor(waId).filter((t) => t === 'message.received').length === 2, { what: 'the reopening and its message' });

    const types = typesFor(waId);
    const expected: HostEventType[] = [
      'conversation.created',
      'message.received',
      'message.sent',
      'message.status',
      'conversation.assigned',
      'conversation.resolved',
      'conversation.reopened',
      'message.received',
    ];
    expect(types.filter((t, i) => t !== 'message.status' || types[i - 1] !== 'message.status')).toEqual(expected);
    // Each status once, forward only (a "sent" overtaken by "delivered" is never applied, so never told).
    const statuses = eventsFor(waId)
      .filter((e) => e.type === 'message.status')
      .map((e) => e.message!.status);
    expect(statuses).toEqual(['accepted', 'sent', 'delivered', 'read'].filter((s) => statuses.includes(s as never)));
    expect(statuses.at(-1)).toBe('read');
    expect(eventsFor(waId).find((e) => e.type === 'conversation.assigned')).toMatchObject({
      conversation: { owner: { id: me.id } },
      cause: { teammateId: me.id, host: null },
    });
    const sent = receiver.received.filter((r) => r.body.contact.waId === waId);
    expect(sent.every((r) => r.verified)).toBe(true);
    expect(sent.every((r) => r.headers['x-go2msg-event-id'] === r.body.id && r.headers['x-go2msg-event'] === r.body.type)).toBe(true);
    // Every event once: no id came twice when nothing failed.
    expect(new Set(sent.map((r) => r.body.id)).size).toBe(sent.length);
  });

  test('a body changed in transit, or signed with another secret, does not verify', async () => {
    const [one] = receiver.received;
    const { verifyGo2msgSignature } = await import('../../support/host-receiver');
    const now = Math.floor(Date.now() / 1000);
    const header = one!.headers['x-go2msg-signature'] as string;
    expect(verifyGo2msgSignature(SECRET, one!.raw, header, now)).toBe(true);
    expect(verifyGo2msgSignature(SECRET, one!.raw.replace('"type":"', '"type":"x'), header, now)).toBe(false);
    expect(verifyGo2msgSignature(`${SECRET}x`, one!.raw, header, now)).toBe(false);
    // An old capture replayed later than the tolerance.
    expect(verifyGo2msgSignature(SECRET, one!.raw, header, now + 3600)).toBe(false);
  });

  test('under 20 % failures and timeouts every event is taken, each conversation created once', async () => {
    let n = 0;
    // Every fifth answer fails: a 503, or an answer slower than the connector waits (taken, then retried).
    receiver.answer = () => (++n % 5 === 0 ? (n % 10 === 0 ? { status: 200, delayMs: 600 } : { status: 503 }) : { status: 200 });
    const customers = Array.from({ length: 12 }, (_, i) => `1650555${String(2000 + i)}`);
    for (const waId of customers) await customerWrites(running.url, waId, `hello from ${waId}`);
    // Retries back off by the sandbox clock: time is moved on rather than waited for.
    await waitFor(async () => customers.every((waId) => typesFor(waId).includes('message.received')) || (await advanceClock(running.url, 30), false), {
      timeout: 30_000,
      interval: 200,
      what: 'every customer event taken',
    });
    for (const waId of customers) expect(typesFor(waId).filter((t) => t === 'conversation.created')).toHaveLength(1);
    expect(
      receiver.received.some(
        (r) => r.body.contact.waId && customers.includes(r.body.contact.waId) && receiver.received.filter((o) => o.body.id === r.body.id).length > 1,
      ),
    ).toBe(true);
    receiver.answer = () => ({ status: 200 });
  });

  test('a 429 holds the host for its Retry-After; the event comes again after it', async () => {
    const waId = '16505550102';
    let refusedAt = 0;
    receiver.answer = (event) => {
      if (event.body.contact.waId === waId && refusedAt === 0) {
        refusedAt = event.at;
        return { status: 429, headers: { 'retry-after': '1' } };
      }
      return { status: 200 };
    };
    await customerWrites(running.url, waId, 'rate me');
    await waitFor(() => typesFor(waId).includes('message.received'), { what: 'delivery after the wait' });
    const again = receiver.received.filter((r) => r.body.contact.waId === waId && r.at > refusedAt);
    expect(again[0]!.at - refusedAt).toBeGreaterThanOrEqual(1000);
    // Not counted as a failed attempt.
    const row = await running.connector.db('host_deliveries').where({ event_id: again[0]!.body.id }).first('attempts');
    expect(Number(row.attempts)).toBe(1);
    receiver.answer = () => ({ status: 200 });
  });

  test('a refused credential pauses the host with an alert; after the fix an admin resumes it and nothing was lost', async () => {
    const waId = '16505550103';
    // The receiver echoes what it got in its error, as some do: the secret must still never be repeated.
    receiver.answer = (event) => ({
      status: 401,
      body: JSON.stringify({ error: `bad signature ${event.headers['x-go2msg-signature']} for secret ${SECRET}` }),
    });
    await customerWrites(running.url, waId, 'anyone there?');
    await waitFor(async () => (await health()).alerts.some((a) => a.code === 'HOST_PAUSED_WEBHOOK'), { what: 'the alert' });
    expect((await health()).status).toBe('degraded');
    const status = (await admin.call<{ data: HostStatusView[] }>('/api/admin/hosts')).body.data;
    expect(status).toEqual([expect.objectContaining({ host: 'webhook', pausedAt: expect.any(Number), pending: 2 })]);
    const tries = receiver.received.length;
    await customerWrites(running.url, waId, 'hello?');
    // The new message's event is recorded, and the outbox has looked and left it for the paused host.
    await running.connector.webhooks.idle();
    await running.connector.hosts!.outbox.drain();
    expect(receiver.received.length).toBe(tries);

    receiver.answer = () => ({ status: 200 });
    expect((await agent.call(`/api/admin/hosts/webhook/resume`, { method: 'POST' })).status).toBe(403);
    expect((await admin.call(`/api/admin/hosts/webhook/resume`, { method: 'POST' })).body).toEqual({ resumed: true });
    await waitFor(() => typesFor(waId).filter((t) => t === 'message.received').length === 2, { what: 'the held events' });
    expect(typesFor(waId)).toEqual(['conversation.created', 'message.received', 'message.received']);
    expect((await health()).alerts.some((a) => a.code === 'HOST_PAUSED_WEBHOOK')).toBe(false);
    const audit = await running.connector.db('audit_log').where({ action: 'host.resumed' }).first('details');
    expect(JSON.parse(audit.details)).toEqual({ host: 'webhook' });
  });

  test('an event the receiver refuses for good is a dead letter an admin lists and replays', async () => {
    const waId = '16505550104';
    receiver.answer = (event) => (event.body.contact.waId === waId ? { status: 422, body: `{"error":"unknown customer; key ${SECRET}"}` } : { status: 200 });
    await customerWrites(running.url, waId, 'refuse me');
    const page = await waitFor(
      async () => {
        const body = (await admin.call<HostDeliveryPage>('/api/admin/hosts/dead-letters')).body;
        return body.data.length >= 2 && body;
      },
      { what: 'the dead letters' },
    );
    expect(page.data.map((d) => d.type).sort()).toEqual(['conversation.created', 'message.received']);
    expect(page.data[0]).toMatchObject({ host: 'webhook', error: 'the host refused the call with 422' });
    expect((await health()).alerts.some((a) => a.code === 'HOST_DEAD_LETTERS')).toBe(true);

    receiver.answer = () => ({ status: 200 });
    const replayed = await admin.call<{ replayed: number[] }>('/api/admin/hosts/dead-letters/replay', { method: 'POST' });
    expect(replayed.body.replayed).toHaveLength(2);
    await waitFor(() => typesFor(waId).length === 2, { what: 'the replayed events' });
    expect(typesFor(waId)).toEqual(['conversation.created', 'message.received']);
    await waitFor(async () => !(await health()).alerts.some((a) => a.code === 'HOST_DEAD_LETTERS'), { what: 'the alert cleared' });
  });

  test('housekeeping forgets delivered events after a week, never a pending one or a dead letter', async () => {
    const count = async (status: string) =>
      Number((await running.connector.db('host_deliveries').where({ status }).count<Array<{ n: number }>>({ n: '*' }))[0]!.n);
    expect(await count('delivered')).toBeGreaterThan(0);
    receiver.answer = () => ({ status: 422 });
    await customerWrites(running.url, '16505550105', 'kept as a dead letter');
    await waitFor(async () => (await count('dead')) === 2, { what: 'the dead letters' });
    receiver.answer = () => ({ status: 200 });
    await advanceClock(running.url, 8 * 24 * 3600);
    await running.connector.housekeeping.drain();
    expect(await count('delivered')).toBe(0);
    expect(await count('dead')).toBe(2);
  });

  test('the secret never reaches a log line', () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.filter((line) => line.includes(SECRET))).toEqual([]);
  });
});
