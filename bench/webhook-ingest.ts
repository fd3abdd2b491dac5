/**
 * Webhook ingest, on SQLite and on PostgreSQL, against the real connector in its
 * own process: signed webhook POSTs acknowledged per second at full speed and the
 * time to acknowledge (p50/p99); then a steady offered rate for STEADY_S, where
 * what counts is messages *stored* per second (processed into the thread, not
 * just acknowledged) and the backlog left when the load stops. Every acknowledged
 * message is checked to be stored exactly once. Baseline: a bare Express handler.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../connector/store/db';
import { createTestDatabase, type TestDbKind } from '../test/support/databases';
import { waitFor } from '../test/support/wait';
import { load } from './support/load';
import { startBareExpress, startConnectorProcess } from './support/processes';
import type { Bench, BenchSection } from './support/report';
import { customerMessageBody, webhookSignature } from './support/webhooks';

const DURATION_S = 10;
/** The steady phase: the goal is 2,000 stored per second, sustained for 30 s. */
const STEADY_S = Number(process.env.BENCH_STEADY_S ?? 30);
const STEADY_RATE = 2000;
/** Load before measuring, so the numbers are of a warmed-up process, not of its first seconds. */
const WARM_UP_S = 3;
const CONNECTIONS = 32;

/** Signed customer messages to `url`, each unique, from 500 customers; `acked` collects those answered 200. */
export function signed(url: string) {
  let n = 0;
  const acked = new Set<string>();
  const prefix = randomBytes(4).toString('hex');
  return {
    acked,
    options: {
      url,
      method: 'POST' as const,
      connections: CONNECTIONS,
      duration: DURATION_S,
      setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
        const wamid = `wamid.bench-${prefix}-${++n}`;
        context.wamid = wamid;
        const body = customerMessageBody(wamid, `1555000${String(n % 500).padStart(4, '0')}`, 'Where is my order?');
        const signature = webhookSignature(body);
        return { ...req, body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } };
      },
      onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
        if (status === 200) acked.add(context.wamid as string);
      },
    },
  };
}

async function benchIngest(kind: TestDbKind): Promise<BenchSection> {
  const bare = await startBareExpress();
  await load({ ...signed(`${bare.url}/webhooks/whatsapp`).options, duration: WARM_UP_S });
  const baseline = await load(signed(`${bare.url}/webhooks/whatsapp`).options);
  await bare.kill();

  const dir = mkdtempSync(join(tmpdir(), 'go2msg-bench-'));
  const database = await createTestDatabase(kind);
  const connector = await startConnectorProcess({ ...database.env, MEDIA_DIR: join(dir, 'media') });
  const db = openDatabase(database.config);
  const storedCount = async () => Number((await db('messages').where('direction', 'in').count<{ n: number }[]>({ n: '*' }))[0]!.n);
  const drained = () =>
    waitFor(
      async () => {
        // The processor's own pending set (its partial index), so the polling costs the database little.
        const pending = await db('webhook_inbox').whereNull('processed_at').whereNull('dead_at').count<{ n: number }[]>({ n: '*' });
        return Number(pending[0]!.n) === 0 ? db('messages').where('direction', 'in').pluck('wamid') : undefined;
      },
      { timeout: 180_000, interval: 100, what: 'the inbox to drain' },
    );
  // Warm up (JIT, database pages), then let the warm-up's backlog finish so it does not compete.
  const warmUp = signed(`${connector.url}/webhooks/whatsapp`);
  await load({ ...warmUp.options, duration: WARM_UP_S });
  await drained();
  const run = signed(`${connector.url}/webhooks/whatsapp`);
  const measured = await load(run.options);

  // Every acknowledged message must end up stored, once.
  let started = Date.now();
  const stored = ((await drained()) as string[]).filter((w) => !warmUp.acked.has(w));
  const drainS = (Date.now() - started) / 1000;
  const storedSet = new Set(stored);
  const lost = [...run.acked].filter((w) => !storedSet.has(w)).length;
  const duplicated = stored.length - storedSet.size;

  // Steady: STEADY_RATE offered per second; stored per second while it lasts, and the backlog after.
  const steady = signed(`${connector.url}/webhooks/whatsapp`);
  const before = await storedCount();
  started = Date.now();
  const steadyLoad = await load({ ...steady.options, duration: STEADY_S, overallRate: STEADY_RATE });
  const loadS = (Date.now() - started) / 1000;
  const storedDuring = (await storedCount()) - before;
  started = Date.now();
  const steadyStored = new Set(((await drained()) as string[]).filter((w) => steady.acked.has(w)));
  const backlogS = (Date.now() - started) / 1000;
  const steadyLost = [...steady.acked].filter((w) => !steadyStored.has(w)).length;
  await db.destroy();
  // Stopped as an operator would (SIGTERM), so a CPU profile (BENCH_PROFILE_DIR) is written.
  await connector.kill('SIGTERM');
  await database.drop();
  rmSync(dir, { recursive: true, force: true });

  const ratio = measured.rps / baseline.rps;
  const storedRate = storedDuring / loadS;
  return {
    title: `Webhook ingest (signed POST → stored → 200 → processed), ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
    rows: [
      { metric: 'bare Express handler (baseline)', value: baseline.rps, unit: 'req/s' },
      { metric: 'connector: acknowledged webhooks, full speed', value: measured.rps, unit: 'req/s', goal: '≥ 2,000/s', met: measured.rps >= 2000 },
      { metric: 'connector vs bare Express', value: `${Math.round(ratio * 100)}%`, goal: '≥ 50%', met: ratio >= 0.5 },
      { metric: 'time to acknowledge, p50', value: measured.p50, unit: 'ms' },
      { metric: 'time to acknowledge, p99', value: measured.p99, unit: 'ms' },
      { metric: 'acknowledged messages lost', value: lost + steadyLost, goal: '0', met: lost + steadyLost === 0 },
      { metric: 'messages stored twice', value: duplicated, goal: '0', met: duplicated === 0 },
      { metric: 'failed requests', value: measured.failed + steadyLoad.failed },
      { metric: 'backlog processed after the full-speed load', value: drainS, unit: 's' },
      { metric: `steady ${STEADY_RATE}/s offered: acknowledged`, value: steadyLoad.rps, unit: 'req/s' },
      {
        metric: `steady ${STEADY_RATE}/s offered: messages stored (processed) per second`,
        value: storedRate,
        unit: 'msg/s',
        goal: '≥ 2,000/s',
        met: storedRate >= 2000 * 0.95,
      },
      { metric: `steady ${STEADY_RATE}/s offered: backlog after the load stopped`, value: backlogS, unit: 's', goal: '< 1 s', met: backlogS < 1 },
      { metric: 'acknowledge time at the steady rate, p50 / p99', value: `${steadyLoad.p50} / ${steadyLoad.p99} ms` },
    ],
    notes: [
      `Full speed: ${CONNECTIONS} connections for ${DURATION_S} s from a separate process, after ${WARM_UP_S} s of warm-up (whose backlog is processed first); each POST is a unique message from one of 500 customers, signed with the app secret.`,
      `Steady: ${STEADY_RATE}/s offered for ${STEADY_S} s (BENCH_STEADY_S); stored per second counts inbound messages written while the load lasted, the backlog is the time after it until the inbox is empty.`,
    ],
  };
}

export const webhookIngest: Bench = { name: 'webhook-ingest', run: () => benchIngest('sqlite') };
export const webhookIngestPostgres: Bench = { name: 'webhook-ingest-pg', run: () => benchIngest('postgres') };
