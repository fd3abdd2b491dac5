/**
 * Webhook ingest: sustained signed webhook POSTs per second, and the time to
 * acknowledge (p50/p99), against the real connector (SQLite) in its own
 * process; then every acknowledged message is checked to be stored exactly
 * once. Baseline: the same load against a bare Express handler.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { SANDBOX_DEFAULTS } from '../connector/config/config';
import { waitFor } from '../test/support/wait';
import { load } from './support/load';
import { startBareExpress, startConnectorProcess } from './support/processes';
import type { Bench } from './support/report';

const DURATION_S = 10;
/** Load before measuring, so the numbers are of a warmed-up process, not of its first seconds. */
const WARM_UP_S = 3;
const CONNECTIONS = 32;

function webhookBody(wamid: string, waId: string): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: SANDBOX_DEFAULTS.wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: SANDBOX_DEFAULTS.displayPhoneNumber, phone_number_id: SANDBOX_DEFAULTS.phoneNumberId },
              contacts: [{ profile: { name: `Customer ${waId.slice(-3)}` }, wa_id: waId }],
              messages: [{ from: waId, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Where is my order?' } }],
            },
          },
        ],
      },
    ],
  });
}

function signed(url: string) {
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
        const body = webhookBody(wamid, `1555000${String(n % 500).padStart(4, '0')}`);
        const signature = `sha256=${createHmac('sha256', SANDBOX_DEFAULTS.appSecret).update(body).digest('hex')}`;
        return { ...req, body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } };
      },
      onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
        if (status === 200) acked.add(context.wamid as string);
      },
    },
  };
}

export const webhookIngest: Bench = {
  name: 'webhook-ingest',
  async run() {
    const bare = await startBareExpress();
    await load({ ...signed(`${bare.url}/webhooks/whatsapp`).options, duration: WARM_UP_S });
    const baseline = await load(signed(`${bare.url}/webhooks/whatsapp`).options);
    await bare.kill();

    const dir = mkdtempSync(join(tmpdir(), 'go2msg-bench-'));
    const file = join(dir, 'go2msg.sqlite');
    const connector = await startConnectorProcess({ SQLITE_FILE: file, MEDIA_DIR: join(dir, 'media') });
    const db = knexFactory({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true });
    const drained = () =>
      waitFor(
        async () => {
          const pending = await db('webhook_inbox').whereNull('processed_at').count<{ n: number }[]>({ n: '*' });
          return Number(pending[0]!.n) === 0 ? db('messages').where('direction', 'in').pluck('wamid') : undefined;
        },
        { timeout: 120_000, interval: 200, what: 'the inbox to drain' },
      );
    // Warm up (JIT, SQLite pages), then let the warm-up's backlog finish so it does not compete.
    const warmUp = signed(`${connector.url}/webhooks/whatsapp`);
    await load({ ...warmUp.options, duration: WARM_UP_S });
    await drained();
    const run = signed(`${connector.url}/webhooks/whatsapp`);
    const measured = await load(run.options);

    // Every acknowledged message must end up stored, once.
    const started = Date.now();
    const stored = ((await drained()) as string[]).filter((w) => !warmUp.acked.has(w));
    const drainS = (Date.now() - started) / 1000;
    const storedSet = new Set(stored);
    const lost = [...run.acked].filter((w) => !storedSet.has(w)).length;
    const duplicated = stored.length - storedSet.size;
    await db.destroy();
    await connector.kill();
    rmSync(dir, { recursive: true, force: true });

    const ratio = measured.rps / baseline.rps;
    return {
      title: 'Webhook ingest (signed POST → stored → 200), SQLite',
      rows: [
        { metric: 'bare Express handler (baseline)', value: baseline.rps, unit: 'req/s' },
        { metric: 'connector: acknowledged webhooks', value: measured.rps, unit: 'req/s', goal: '≥ 2,000/s', met: measured.rps >= 2000 },
        { metric: 'connector vs bare Express', value: `${Math.round(ratio * 100)}%`, goal: '≥ 50%', met: ratio >= 0.5 },
        { metric: 'time to acknowledge, p50', value: measured.p50, unit: 'ms' },
        { metric: 'time to acknowledge, p99', value: measured.p99, unit: 'ms' },
        { metric: 'acknowledged messages lost', value: lost, goal: '0', met: lost === 0 },
        { metric: 'messages stored twice', value: duplicated, goal: '0', met: duplicated === 0 },
        { metric: 'failed requests', value: measured.failed },
        { metric: 'backlog processed after the load stopped', value: drainS, unit: 's' },
      ],
      notes: [`${CONNECTIONS} connections for ${DURATION_S} s from a separate process, after ${WARM_UP_S} s of warm-up (whose backlog is processed first); each POST is a unique message from one of 500 customers, signed with the app secret.`],
    };
  },
};
