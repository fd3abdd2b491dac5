/**
 * Several connector instances behind a load balancer, sharing one PostgreSQL
 * database: a token from one works on the other, both outboxes send from the
 * same queue without ever sending a message twice, and a panel connected to
 * one instance sees what another instance recorded.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiClient } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { createTestDatabase, type TestDatabase } from '../../support/databases';
import { signIn } from '../../support/sign-in';
import { receivedCounts, startSimulator, type SimulatorServer } from '../../support/simulator-server';
import { openStream } from '../../support/sse';
import { waitFor } from '../../support/wait';

const ORIGIN = 'http://crm.test';
const CUSTOMERS = Array.from({ length: 20 }, (_, i) => `1650555${String(3000 + i)}`);

let database: TestDatabase;
let simulator: SimulatorServer;
let a: RunningConnector;
let b: RunningConnector;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  simulator = await startSimulator({ webhookUrl: 'http://placeholder.invalid/', statusDelays: { sent: 20, delivered: 40, read: null } });
  const env = { GRAPH_API_URL: simulator.graphApiUrl, ALLOWED_ORIGINS: ORIGIN, SESSION_SECRET: 'a-shared-session-secret-of-32-characters!' };
  a = await startConnector({ database, env });
  b = await startConnector({ database, env });
  // Meta delivers webhooks to one callback URL; here it is instance A.
  simulator.webhooks.retarget(`${a.url}/webhooks/whatsapp`);
}, 60_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await simulator?.close();
  await database?.drop();
});

describe('two instances on one PostgreSQL database', () => {
  test('a token from one instance works on the other', async () => {
    const session = await signIn(a.url, ORIGIN);
    const me = await fetch(`${b.url}/api/me`, { headers: session.headers });
    expect(me.status).toBe(200);
  });

  test('both outboxes send from one queue, each message exactly once', async () => {
    for (const waId of CUSTOMERS) await simulator.simulator.customerSends(waId, { type: 'text', text: { body: 'hi' } });
    await a.connector.webhooks.idle();
    const viaA = new ApiClient(a.url, await signIn(a.url, ORIGIN));
    const viaB = new ApiClient(b.url, viaA.session);
    const ids: number[] = [];
    for (let n = 0; n < 3; n++) {
      const responses = await Promise.all(
        CUSTOMERS.map((waId, i) => (i % 2 ? viaA : viaB).send(`+${waId}`, { type: 'text', text: { body: `m${n}` } }, `multi-${waId}-${n}`)),
      );
      ids.push(...responses.map((r) => r.body.message.id));
    }
    // Every message is sent, and a second send of any would be claimed or in flight, until both outboxes find nothing more to do.
    await Promise.all([a.connector.outbox.drain(), b.connector.outbox.drain()]);
    const counts = receivedCounts(simulator.simulator);
    expect(ids.filter((id) => counts.get(id) !== 1)).toEqual([]);
  });

  test('a panel on one instance sees a customer message recorded by the other', async () => {
    const session = await signIn(b.url, ORIGIN);
    const api = new ApiClient(b.url, session);
    const thread = await api.thread('+16505553000');
    const stream = openStream(`${b.url}/api/contacts/${encodeURIComponent('+16505553000')}/events`, {
      ...session.headers,
      'last-event-id': String(thread.lastEventId),
    });
    expect(await stream.status).toBe(200);
    // The webhook reaches instance A only; B learns of it from the shared database.
    await simulator.simulator.customerSends('16505553000', { type: 'text', text: { body: 'seen by B?' } });
    await waitFor(() => stream.events.some((e) => (e.data.message as { text?: string } | undefined)?.text === 'seen by B?'), { timeout: 10_000 });
    stream.close();
  });
});
