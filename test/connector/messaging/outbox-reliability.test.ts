/**
 * Every accepted message is delivered exactly once, whatever fails:
 * 20% injected Cloud API faults (server errors, timeouts before and after Meta
 * took the message, throughput and pair limits), and a connector process
 * killed with SIGKILL in the middle of a burst, then replaced by another on
 * the same database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ApiClient } from '../../support/api';
import { freePort, startChildConnector, type ChildConnector } from '../../support/child-connector';
import { startConnector, type RunningConnector } from '../../support/connector';
import { signIn } from '../../support/sign-in';
import { receivedCounts, startSimulator, type SimulatorServer } from '../../support/simulator-server';
import { waitFor } from '../../support/wait';

const CUSTOMERS = Array.from({ length: 10 }, (_, i) => `1650555${String(2000 + i)}`);
const ORIGIN = 'http://crm.test';

/** Sends `perCustomer` messages to each customer; returns the message ids. */
async function burst(api: ApiClient, customers: string[], perCustomer: number): Promise<number[]> {
  const ids: number[] = [];
  for (let n = 0; n < perCustomer; n++) {
    const sends = customers.map((waId) => api.send(`+${waId}`, { type: 'text', text: { body: `message ${n} to ${waId}` } }, `burst-${waId}-${n}`));
    for (const response of await Promise.all(sends)) {
      if (response.status !== 202) throw new Error(`not accepted: ${JSON.stringify(response.body)}`);
      ids.push(response.body.message.id);
    }
  }
  return ids;
}

async function statuses(api: ApiClient, customers: string[]): Promise<Map<number, { status: string; wamid: string | null }>> {
  const all = new Map<number, { status: string; wamid: string | null }>();
  for (const waId of customers) {
    for (const m of (await api.thread(`+${waId}`)).messages) if (m.direction === 'out') all.set(m.id, { status: m.status, wamid: m.wamid });
  }
  return all;
}

describe('exactly once under 20% injected faults', () => {
  let running: RunningConnector;
  afterAll(async () => running?.close());

  test('every accepted message reaches Meta exactly once and ends delivered', async () => {
    running = await startConnector({
      env: { GRAPH_TIMEOUT_MS: '300', OUTBOX_AMBIGUOUS_GRACE_MS: '1500', ALLOWED_ORIGINS: ORIGIN },
      connector: { simulator: { statusDelays: { sent: 20, delivered: 50, read: null } }, outbox: { leaseMs: 10_000 } },
    });
    const sim = running.connector.simulator!;
    const api = new ApiClient(running.url, await signIn(running.url, ORIGIN));
    const customers = CUSTOMERS.slice(0, 8);
    for (const waId of customers) await sim.customerSends(waId, { type: 'text', text: { body: 'hi' } });
    await running.connector.webhooks.idle();
    sim.faults.configure({ rate: 0.2, kinds: ['5xx', 'timeout', '130429', '131056'], timeoutMs: 600 });

    const ids = await burst(api, customers, 5);
    await waitFor(
      async () => {
        const all = await statuses(api, customers);
        return ids.every((id) => all.get(id)?.status === 'delivered');
      },
      // Generous: a message unlucky enough to meet several faults waits out Meta's backoff (4^X s for the pair limit).
      { timeout: 120_000, interval: 200, what: 'every message to be delivered' },
    );
    const counts = receivedCounts(sim);
    expect(ids.map((id) => counts.get(id))).toEqual(ids.map(() => 1));
    // The faults really happened: more sends were attempted than messages exist.
    const attempts = await running.connector.db('messages').whereIn('id', ids).sum<{ n: number }[]>({ n: 'attempts' });
    expect(Number(attempts[0]!.n)).toBeGreaterThan(ids.length);
  }, 150_000);
});

describe('a connector killed mid-burst', () => {
  let simulator: SimulatorServer;
  let first: ChildConnector | undefined;
  let second: ChildConnector | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'go2msg-crash-'));

  afterAll(async () => {
    await first?.kill();
    await second?.kill();
    await simulator?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  test('loses nothing and sends nothing twice after a restart on the same database', async () => {
    const port = await freePort();
    simulator = await startSimulator({
      webhookUrl: `http://127.0.0.1:${port}/webhooks/whatsapp`,
      faults: { rate: 0.2, kinds: ['5xx', 'timeout'], timeoutMs: 800 },
    });
    const env = {
      SQLITE_FILE: join(dir, 'go2msg.sqlite'),
      MEDIA_DIR: join(dir, 'media'),
      GRAPH_API_URL: simulator.graphApiUrl,
      GRAPH_TIMEOUT_MS: '400',
      WHATSAPP_MPS: '10',
      OUTBOX_LEASE_MS: '10000',
      OUTBOX_AMBIGUOUS_GRACE_MS: '4000',
      ALLOWED_ORIGINS: ORIGIN,
    };
    first = await startChildConnector(env, port);
    for (const waId of CUSTOMERS) await simulator.simulator.customerSends(waId, { type: 'text', text: { body: 'hi' } });
    const api = new ApiClient(first.url, await signIn(first.url, ORIGIN));
    const ids = await burst(api, CUSTOMERS, 6);

    // Kill it while the burst is still going out (10 messages per second).
    await waitFor(() => simulator.simulator.sent.length >= 15, { timeout: 30_000, what: 'part of the burst to go out' });
    await first.kill('SIGKILL');
    const sentBeforeCrash = simulator.simulator.sent.length;
    expect(sentBeforeCrash).toBeLessThan(ids.length);

    second = await startChildConnector(env, port);
    const again = new ApiClient(second.url, await signIn(second.url, ORIGIN));
    await waitFor(
      async () => {
        const all = await statuses(again, CUSTOMERS);
        return ids.every((id) => ['sent', 'delivered', 'read'].includes(all.get(id)?.status ?? ''));
      },
      { timeout: 90_000, interval: 500, what: 'every message to be sent after the restart' },
    );
    const counts = receivedCounts(simulator.simulator);
    const duplicates = ids.filter((id) => (counts.get(id) ?? 0) > 1);
    const missing = ids.filter((id) => (counts.get(id) ?? 0) === 0);
    expect({ duplicates, missing }).toEqual({ duplicates: [], missing: [] });
  }, 180_000);
});
