/**
 * The send pipeline: messages per second from API accept to the simulator's
 * receipt, against the real connector (SQLite; PostgreSQL as send-pipeline-pg)
 * in its own process with the number's limit set to Meta's top tier (1,000/s), and the most the simulator
 * received in any one second (it must not exceed the limit). Templates, so no
 * customer window is needed; 2,000 customers, so the per-customer pair limit
 * is not what is measured. Baseline: a bare Express handler under the same load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberBucket } from '../connector/domain/rate-limit';
import { createTestDatabase, type TestDbKind } from '../test/support/databases';
import { signIn } from '../test/support/sign-in';
import { mostInAnySecond } from '../test/support/rates';
import { receivedCounts, startSimulator } from '../test/support/simulator-server';
import { waitFor } from '../test/support/wait';
import { freePort, startChildConnector } from '../test/support/child-connector';
import { load, percentile } from './support/load';
import { compiledEntry, profiling, startBareExpress } from './support/processes';
import type { Bench, BenchSection } from './support/report';

const RATE = 1000;
const DURATION_S = 10;
const CUSTOMERS = 2000;
const ORIGIN = 'http://bench.test';

/** Template sends through the API to 2,000 customers at RATE offered; `acceptedAt` maps each accepted message to when. */
export function sends(url: string, headers: Record<string, string>, tag = '') {
  let n = 0;
  const acceptedAt = new Map<number, number>();
  return {
    acceptedAt,
    options: {
      url,
      method: 'POST' as const,
      connections: 64,
      duration: DURATION_S,
      overallRate: RATE,
      setupRequest: (req: Record<string, unknown>) => {
        n += 1;
        const to = encodeURIComponent(`+1444${String(n % CUSTOMERS).padStart(7, '0')}`);
        return {
          ...req,
          path: `/api/contacts/${to}/messages`,
          body: JSON.stringify({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }),
          headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': `bench-send-${tag}${n}-${process.pid}` },
        };
      },
      onResponse: (status: number, body: string) => {
        if (status === 202) acceptedAt.set((JSON.parse(body) as { message: { id: number } }).message.id, Date.now());
      },
    },
  };
}

/** The statements the connector has run so far, and its CPU time (support/counting-connector.ts). */
async function connectorStats(url: string): Promise<{ queries: number; cpuMicros: number }> {
  return (await (await fetch(`${url}/__bench/stats`)).json()) as { queries: number; cpuMicros: number };
}

async function benchSend(kind: TestDbKind): Promise<BenchSection> {
  const bare = await startBareExpress();
  const baseline = await load({ ...sends(bare.url, {}).options, overallRate: undefined });
  await bare.kill();

  const dir = mkdtempSync(join(tmpdir(), 'go2msg-bench-'));
  const database = await createTestDatabase(kind);
  const port = await freePort();
  const simulator = await startSimulator({ webhookUrl: `http://127.0.0.1:${port}/webhooks/whatsapp`, statusDelays: { sent: null, delivered: 0, read: null } });
  // Counts the connector's database statements (support/counting-connector.ts); with
  // BENCH_PROFILE_DIR it also writes a CPU profile when stopped with SIGTERM.
  const connector = await startChildConnector(
    {
      LOG_LEVEL: 'error',
      ...database.env,
      MEDIA_DIR: join(dir, 'media'),
      GRAPH_API_URL: simulator.graphApiUrl,
      WHATSAPP_MPS: String(RATE),
      OUTBOX_CONCURRENCY: '64',
      ALLOWED_ORIGINS: ORIGIN,
    },
    port,
    await compiledEntry('bench/support/counting-connector.ts', 'counting-connector'),
    profiling(),
  );
  const session = await signIn(connector.url, ORIGIN);
  const before = await connectorStats(connector.url);
  const run = sends(connector.url, session.headers);
  const measured = await load(run.options);
  const accepted = run.acceptedAt.size;
  await waitFor(() => simulator.simulator.sent.length >= accepted, { timeout: 120_000, interval: 100, what: 'every accepted message to reach the simulator' });
  const after = await connectorStats(connector.url);
  const statements = after.queries - before.queries;
  const cpuMsPerMessage = accepted ? (after.cpuMicros - before.cpuMicros) / 1000 / accepted : 0;

  const received = simulator.simulator.sent;
  const times = received.map((r) => r.receivedAt);
  const spanS = (Math.max(...times) - Math.min(...times)) / 1000;
  const latencies: number[] = [];
  for (const r of received) {
    const id = Number(/^go2msg:(\d+)$/.exec(String(r.body.biz_opaque_callback_data))?.[1]);
    const at = run.acceptedAt.get(id);
    if (at !== undefined) latencies.push(r.receivedAt - at);
  }
  const duplicates = [...receivedCounts(simulator.simulator).values()].filter((c) => c > 1).length;
  const peak = mostInAnySecond(times);
  await connector.kill('SIGTERM');
  await simulator.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });

  const delivered = received.length / spanS;
  return {
    title: `Send pipeline (API accept → outbox → simulator), ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, limit 1,000/s`,
    rows: [
      { metric: 'bare Express handler (baseline, unthrottled)', value: baseline.rps, unit: 'req/s' },
      { metric: 'API: messages accepted', value: measured.rps, unit: 'msg/s', goal: `offered ${RATE}/s` },
      { metric: 'simulator: messages received', value: delivered, unit: 'msg/s', goal: '≥ 1,000/s sustained', met: delivered >= 1000 * 0.95 },
      // What the pacing itself allows sustained at this limit (domain/rate-limit.ts numberBucket): the rest of the limit is its burst and a margin for the network.
      { metric: 'the number’s pacing at this limit, sustained', value: numberBucket(RATE, 0).refillPerMs * 1000, unit: 'msg/s' },
      { metric: 'most received in any one second', value: peak, unit: 'msg', goal: `≤ ${RATE} (the configured limit)`, met: peak <= RATE },
      { metric: 'accept → received at Meta, p50', value: percentile(latencies, 50), unit: 'ms', goal: '< 200 ms', met: percentile(latencies, 50) < 200 },
      { metric: 'accept → received at Meta, p99', value: percentile(latencies, 99), unit: 'ms' },
      { metric: 'API accept time, p50 / p99', value: `${measured.p50} / ${measured.p99} ms` },
      // Every statement on the writer and the read-only connection, the sign-in check of each request included.
      { metric: 'database statements per message (accept, send, outcome)', value: accepted ? statements / accepted : 0, unit: 'stmt' },
      // The connector's own CPU time (user and system) for each message, whatever else the machine ran: at 1,000/s one core allows 1 ms.
      { metric: 'connector CPU per message (accept, send, outcome)', value: cpuMsPerMessage, unit: 'ms' },
      { metric: 'messages received twice', value: duplicates, goal: '0', met: duplicates === 0 },
      { metric: 'requests refused or failed', value: measured.failed },
    ],
    notes: [
      `${RATE} requests/s offered for ${DURATION_S} s (hello_world template to ${CUSTOMERS} customers) from a separate process; status webhooks off so only the send path is measured.`,
    ],
  };
}

export const sendPipeline: Bench = { name: 'send-pipeline', run: () => benchSend('sqlite') };
export const sendPipelinePostgres: Bench = { name: 'send-pipeline-pg', run: () => benchSend('postgres') };
