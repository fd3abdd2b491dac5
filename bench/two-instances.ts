/**
 * Two connector instances on one PostgreSQL database, beside one instance under the same load in the
 * same run: customer messages stored per second (webhooks at full speed, split evenly between the
 * instances, as a load balancer would), and sends reaching the simulator per second (1,000/s offered
 * for one number at Meta's top tier, 1,000/s, which the instances share: together never over it).
 * Every process shares this machine's cores: the load, the connectors, the simulator and PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../connector/store/db';
import { freePort, startChildConnector, type ChildConnector } from '../test/support/child-connector';
import { createTestDatabase } from '../test/support/databases';
import { mostInAnySecond } from '../test/support/rates';
import { signIn } from '../test/support/sign-in';
import { startSimulator } from '../test/support/simulator-server';
import { waitFor } from '../test/support/wait';
import { sends } from './send-pipeline';
import { load } from './support/load';
import { CONNECTOR_ENTRY, profiling } from './support/processes';
import type { Bench, BenchSection } from './support/report';
import { signed } from './webhook-ingest';

const DURATION_S = 10;
const CONNECTIONS = 32;
const SEND_RATE = 1000;
const ORIGIN = 'http://bench.test';
const SHARED = { LOG_LEVEL: 'error', ALLOWED_ORIGINS: ORIGIN, SESSION_SECRET: 'a-shared-session-secret-of-32-characters!' };

async function instances(count: number, env: Record<string, string>): Promise<ChildConnector[]> {
  const started: ChildConnector[] = [];
  for (let i = 0; i < count; i++) started.push(await startChildConnector({ ...SHARED, ...env }, await freePort(), CONNECTOR_ENTRY, profiling()));
  return started;
}

/** Customer messages stored per second while `count` instances take webhooks at full speed, CONNECTIONS in all. */
async function ingest(count: number): Promise<{ storedPerS: number; acksPerS: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'go2msg-bench-'));
  const database = await createTestDatabase('postgres');
  const connectors = await instances(count, { ...database.env, MEDIA_DIR: join(dir, 'media') });
  const db = openDatabase(database.config);
  const stored = async () => Number((await db('messages').where('direction', 'in').count<{ n: number }[]>({ n: '*' }))[0]!.n);
  // Warm-up, and its backlog processed, so both runs start from warmed-up processes.
  await Promise.all(connectors.map((c) => load({ ...signed(`${c.url}/webhooks/whatsapp`).options, connections: CONNECTIONS / count, duration: 3 })));
  await waitFor(async () => ((await db('webhook_inbox').whereNull('processed_at').whereNull('dead_at').first('id')) ? undefined : true), {
    timeout: 120_000,
    interval: 100,
    what: 'the warm-up to be processed',
  });
  const before = await stored();
  const loads = await Promise.all(
    connectors.map((c) => load({ ...signed(`${c.url}/webhooks/whatsapp`).options, connections: CONNECTIONS / count, duration: DURATION_S })),
  );
  const storedPerS = ((await stored()) - before) / DURATION_S;
  await db.destroy();
  for (const c of connectors) await c.kill('SIGTERM');
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
  return { storedPerS, acksPerS: loads.reduce((n, l) => n + l.rps, 0) };
}

/** Sends reaching the simulator per second with SEND_RATE offered in all, split between `count` instances. */
async function send(count: number): Promise<{ receivedPerS: number; peak: number; duplicates: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'go2msg-bench-'));
  const database = await createTestDatabase('postgres');
  const simulator = await startSimulator({ webhookUrl: 'http://127.0.0.1:9/unused', statusDelays: { sent: null, delivered: 0, read: null } });
  const connectors = await instances(count, {
    ...database.env,
    MEDIA_DIR: join(dir, 'media'),
    GRAPH_API_URL: simulator.graphApiUrl,
    WHATSAPP_MPS: String(SEND_RATE),
    OUTBOX_CONCURRENCY: '64',
  });
  const session = await signIn(connectors[0]!.url, ORIGIN);
  // A joining instance sends once the others have made room for it, a beat or two later (services/runtime/instance-register.ts).
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const runs = connectors.map((c, i) => sends(c.url, session.headers, `i${i}-`));
  await Promise.all(runs.map((r) => load({ ...r.options, connections: 64 / count, overallRate: SEND_RATE / count })));
  const accepted = runs.reduce((n, r) => n + r.acceptedAt.size, 0);
  await waitFor(() => simulator.simulator.sent.length >= accepted, { timeout: 120_000, interval: 100, what: 'every accepted message to reach the simulator' });
  const times = simulator.simulator.sent.map((s) => s.receivedAt);
  const spanS = (Math.max(...times) - Math.min(...times)) / 1000;
  const callbacks = simulator.simulator.sent.map((s) => String(s.body.biz_opaque_callback_data));
  const duplicates = callbacks.length - new Set(callbacks).size;
  for (const c of connectors) await c.kill('SIGTERM');
  await simulator.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
  return { receivedPerS: times.length / spanS, peak: mostInAnySecond(times), duplicates };
}

async function benchTwoInstances(): Promise<BenchSection> {
  const ingestOne = await ingest(1);
  const ingestTwo = await ingest(2);
  const sendOne = await send(1);
  const sendTwo = await send(2);
  const ratio = (two: number, one: number) => `${(two / one).toFixed(2)}×`;
  return {
    title: 'Two instances on one PostgreSQL database (beside one, same run)',
    rows: [
      { metric: 'customer messages stored per second, webhooks at full speed: one instance', value: ingestOne.storedPerS, unit: 'msg/s' },
      { metric: 'the same, two instances (half the connections each)', value: ingestTwo.storedPerS, unit: 'msg/s' },
      { metric: 'ingest, two instances against one', value: ratio(ingestTwo.storedPerS, ingestOne.storedPerS), goal: '≥ 1.6× with the cores for it' },
      { metric: 'webhooks acknowledged per second, one / two instances', value: `${Math.round(ingestOne.acksPerS)} / ${Math.round(ingestTwo.acksPerS)}` },
      { metric: 'sends reaching the simulator per second, one number at 1,000/s: one instance', value: sendOne.receivedPerS, unit: 'msg/s' },
      { metric: 'the same, two instances sharing the number’s limit', value: sendTwo.receivedPerS, unit: 'msg/s' },
      { metric: 'sends, two instances against one', value: ratio(sendTwo.receivedPerS, sendOne.receivedPerS) },
      {
        metric: 'most received in any one second, one / two instances',
        value: `${sendOne.peak} / ${sendTwo.peak}`,
        goal: `≤ ${SEND_RATE} (the number’s limit)`,
        met: Math.max(sendOne.peak, sendTwo.peak) <= SEND_RATE,
      },
      {
        metric: 'messages received twice, one / two instances',
        value: `${sendOne.duplicates} / ${sendTwo.duplicates}`,
        goal: '0',
        met: sendOne.duplicates + sendTwo.duplicates === 0,
      },
    ],
    notes: [
      `Ingest: signed customer messages from ${CONNECTIONS} connections for ${DURATION_S} s (split evenly between the instances), after 3 s of warm-up whose backlog is processed first; stored per second counts the inbound messages written while the load lasted.`,
      `Sends: ${SEND_RATE} template requests a second offered for 10 s, split evenly between the instances; the instances share the number's limit (each sends at half of it once the other has made room).`,
      'Every process runs on this machine’s 2 cores: the load generator and the simulator (this process), each connector, and PostgreSQL. A second instance adds a process competing for the same 2 cores, so the ratio here is what the machine allows, not what a second machine would add.',
    ],
  };
}

export const twoInstances: Bench = { name: 'two-instances', run: benchTwoInstances };
