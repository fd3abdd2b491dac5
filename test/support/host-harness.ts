/**
 * What the tests of each helpdesk (Zendesk, Freshdesk, HubSpot, Salesforce) share: a
 * connector per database talking to the host's simulator, with a debug log kept (to show
 * that no credential is ever written), an admin and an agent signed in; and two instances
 * on one PostgreSQL database delivering from one queue.
 */
import { Writable } from 'node:stream';
import type { Knex } from 'knex';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { ConversationView } from '../../connector/domain/conversations';
import { advanceClock, ApiClient, customerWrites } from './api';
import { startConnector, type RunningConnector } from './connector';
import { createTestDatabase, type TestDbKind } from './databases';
import { signIn } from './sign-in';
import { waitFor } from './wait';

/** A host's simulator as the tests start it: its HOST_* variables, a webhook address to call, and a way to stop it. */
export interface HostServer {
  url: string;
  env: Record<string, string>;
  simulator: { webhookUrl: string | null };
  close(): Promise<void>;
}

export interface HostBench<H extends HostServer> {
  host: H;
  running: RunningConnector;
  admin: ApiClient;
  agent: ApiClient;
  /** Every line the connector logged, at debug level. */
  logs: string[];
  conversation(waId: string): Promise<ConversationView>;
  /** The conversation once it links its host record. */
  withRecord(waId: string): Promise<ConversationView>;
  health(): Promise<{ status: string; alerts: Array<{ code: string; message: string }> }>;
}

/** For one describe block: the host's simulator and a connector on `kind` talking to it (the host calls back at `webhookPath`). */
export function useHostConnector<H extends HostServer>(kind: TestDbKind, start: () => Promise<H>, webhookPath: string): HostBench<H> {
  const logs: string[] = [];
  const bench = {
    logs,
    conversation: async (waId: string) => (await bench.agent.call<ConversationView>(`/api/conversations/%2B${waId}`)).body,
    withRecord: (waId: string) =>
      waitFor(
        async () => {
          const c = await bench.conversation(waId);
          return c.records?.length ? c : null;
        },
        { what: 'the host record on the conversation' },
      ),
    health: async () => (await (await fetch(`${bench.running.url}/healthz`)).json()) as { status: string; alerts: Array<{ code: string; message: string }> },
  } as HostBench<H>;

  beforeAll(async () => {
    bench.host = await start();
    const log = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }));
    bench.running = await startConnector({ db: kind, env: { ...bench.host.env, HOST_TIMEOUT_MS: '300' }, connector: { log, hosts: { random: () => 0 } } });
    bench.host.simulator.webhookUrl = `${bench.running.url}${webhookPath}`;
    bench.admin = new ApiClient(bench.running.url, await signIn(bench.running.url, bench.running.demoUrl, 'alex'));
    bench.agent = new ApiClient(bench.running.url, await signIn(bench.running.url, bench.running.demoUrl, 'ana'));
  }, 60_000);

  afterAll(async () => {
    await bench.running?.close();
    await bench.host?.close();
  });
  return bench;
}

/** The customers' contacts, once their webhooks have been applied. */
export async function contactIds(db: Knex, waIds: string[]): Promise<number[]> {
  return waitFor(
    async () => {
      const ids = (await db('contacts').whereIn('wa_id', waIds).select('id')).map((r: { id: number }) => Number(r.id));
      return ids.length === waIds.length && ids;
    },
    { timeout: 20_000, what: 'every customer stored' },
  );
}

/**
 * Two connector instances on one PostgreSQL database, talking to `host`, with the customers
 * writing to both (as behind a load balancer). A record can exist before its conversation links
 * it: the call that created it may have lost its answer (an injected fault, or HOST_TIMEOUT_MS on
 * a busy machine), so the link comes from a retry that backs off by each instance's sandbox clock.
 * Both clocks are moved on together until every delivery is done and every conversation linked,
 * rather than waited for. Returns the customers' contact ids; `closers` stops what was started.
 */
export async function deliverFromTwoInstances(host: HostServer, customers: string[], closers: Array<() => Promise<void>>): Promise<number[]> {
  const database = await createTestDatabase('postgres');
  closers.push(() => database.drop());
  const env = { ...host.env, HOST_TIMEOUT_MS: '300', HOST_OUTBOX_CONCURRENCY: '4' };
  const a = await startConnector({ database, env, connector: { hosts: { random: () => 0 } } });
  closers.push(() => a.close());
  const b = await startConnector({ database, env, connector: { hosts: { random: () => 0 } } });
  closers.push(() => b.close());
  await Promise.all(customers.map((waId, i) => customerWrites((i % 2 ? a : b).url, waId, `hello ${waId}`)));
  const ids = await contactIds(a.connector.db, customers);
  const settled = async () => {
    const open = await a.connector.db('host_deliveries').whereIn('contact_id', ids).whereNot('status', 'delivered').count<Array<{ n: string }>>({ n: '*' });
    const linked = await a.connector.db('host_links').whereIn('contact_id', ids).whereNotNull('record_id').count<Array<{ n: string }>>({ n: '*' });
    return Number(open[0]!.n) === 0 && Number(linked[0]!.n) === customers.length;
  };
  await waitFor(async () => (await settled()) || (await Promise.all([advanceClock(a.url, 30), advanceClock(b.url, 30)]), false), {
    timeout: 45_000,
    interval: 200,
    what: 'every delivery done and every conversation linked',
  });
  await Promise.all([a.connector.hosts!.outbox.drain(), b.connector.hosts!.outbox.drain()]);
  return ids;
}
