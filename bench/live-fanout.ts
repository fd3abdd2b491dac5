/**
 * Live fan-out: a customer's message reaching the panels open on them, with
 * 1,000 panels open (10 on each of 100 customers, 10 panels per sign-in) and
 * customers writing 50 messages a second, on SQLite and PostgreSQL; then the
 * same message reaching 200 open inboxes; then two instances on one
 * PostgreSQL, the message arriving at instance A and the panels split between
 * A and B. Also the database queries an instance makes at rest with every
 * panel open, and its RSS and CPU. The connector runs in its own process with
 * a query counter (support/counting-connector.ts); the panels and inboxes are
 * SSE streams read in this process, which also sends the signed webhooks and
 * times each delivery on one clock. Baseline: a bare Express process that
 * broadcasts each webhook's message to the same 1,000 streams in memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import { openDatabase, type Db } from '../connector/store/db';
import { freePort, startChildConnector, type ChildConnector } from '../test/support/child-connector';
import { createTestDatabase } from '../test/support/databases';
import { signIn, type SignedIn } from '../test/support/sign-in';
import { waitFor } from '../test/support/wait';
import { percentile } from './support/load';
import { compiledEntry, startBareExpress } from './support/processes';
import type { Bench, BenchRow } from './support/report';
import { customerMessageBody, webhookSignature } from './support/webhooks';

const CUSTOMERS = 100;
const PANELS = 1_000;
const SESSIONS = 100;
const INBOXES = 200;
const RATE = 50;
const WARM_UP_S = 3;
const LOAD_S = 10;
const REST_S = 15;
const ORIGIN = 'http://bench.test';
const WA_IDS = Array.from({ length: CUSTOMERS }, (_, i) => `1650556${String(1000 + i)}`);
/** A message's mark in its text: `lf-<run>-<n>`. */
const MARK = /lf-(\d+)-(\d+)/;

interface Stats {
  queries: number;
  rss: number;
  cpuMicros: number;
}

const stats = async (url: string): Promise<Stats> => (await fetch(`${url}/__bench/stats`)).json() as Promise<Stats>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Message deliveries of one run: each message is sent at a known time; each
 * stream that shows it records its first arrival. A second arrival counts as a
 * repeat. Messages of other runs (the warm-up's) are not counted.
 */
class Deliveries {
  readonly latencies: number[] = [];
  private readonly seen = new Set<string>();
  repeats = 0;

  constructor(
    readonly run: number,
    readonly sentAt: Map<string, number>,
  ) {}

  arrived(stream: number, data: string, at: number): void {
    const match = MARK.exec(data);
    if (!match || Number(match[1]) !== this.run) return;
    const sent = this.sentAt.get(match[0]);
    if (sent === undefined) return;
    const id = `${stream}:${match[0]}`;
    if (this.seen.has(id)) {
      this.repeats++;
      return;
    }
    this.seen.add(id);
    this.latencies.push(at - sent);
  }

  get delivered(): number {
    return this.seen.size;
  }
}

interface OpenStream {
  close(): void;
  status: Promise<number>;
}

/** One SSE stream read here; `onEvent` gets each event's type and raw data with its arrival time. */
function openSse(url: string, headers: Record<string, string>, onEvent: (event: string, data: string, at: number) => void): OpenStream {
  const controller = new AbortController();
  const status = fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal }).then((response) => {
    const parser = createParser({ onEvent: (m) => onEvent(m.event ?? 'message', m.data, performance.now()) });
    void (async () => {
      try {
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
      } catch {
        // closed
      }
    })();
    return response.status;
  });
  return { close: () => controller.abort(), status };
}

/** Customers write `rate` messages a second for `seconds`, round robin; each message is marked `lf-<run>-<n>` and its send time kept. */
async function customersWrite(webhookUrl: string, sentAt: Map<string, number>, run: number, rate: number, seconds: number): Promise<number> {
  const total = rate * seconds;
  const posts: Array<Promise<unknown>> = [];
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const waId = WA_IDS[n % CUSTOMERS]!;
    const text = `lf-${run}-${n}`;
    const body = customerMessageBody(`wamid.${text}-${Date.now()}`, waId, text);
    sentAt.set(text, performance.now());
    posts.push(
      fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': webhookSignature(body) }, body }).then((r) =>
        r.arrayBuffer(),
      ),
    );
  }
  await Promise.all(posts);
  return total;
}

/**
 * The fan-out alone: live events written straight into PostgreSQL at `rate` a
 * second, each in its own transaction, as another instance's short write would
 * be (PostgreSQL's notice wakes the connectors). Timed from before the insert.
 */
async function eventsWritten(writer: Db, sentAt: Map<string, number>, run: number, rate: number, seconds: number): Promise<number> {
  const total = rate * seconds;
  const inserts: Array<Promise<unknown>> = [];
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    const wait = started + (n * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const text = `lf-${run}-${n}`;
    const payload = JSON.stringify({ type: 'message', message: { text } });
    sentAt.set(text, performance.now());
    // .then() runs the query now: a knex query builder does nothing until then.
    inserts.push(
      writer('events')
        .insert({ contact_id: contactIds.get(WA_IDS[n % CUSTOMERS]!), type: 'message', payload, created_at: Date.now() })
        .then(() => undefined),
    );
  }
  await Promise.all(inserts);
  return total;
}

/** Waits until every expected delivery came, or `timeoutMs` passed. */
async function drained(deliveries: Deliveries, expected: number, timeoutMs = 15_000): Promise<void> {
  await waitFor(() => deliveries.delivered >= expected, { timeout: timeoutMs, interval: 100 }).catch(() => {});
}

interface LatencyResult {
  p50: number;
  p99: number;
  missing: number;
  repeats: number;
}

function latencyOf(deliveries: Deliveries, expected: number): LatencyResult {
  return {
    p50: percentile(deliveries.latencies, 50),
    p99: percentile(deliveries.latencies, 99),
    missing: expected - deliveries.delivered,
    repeats: deliveries.repeats,
  };
}

const CONNECTOR_ENV = {
  ALLOWED_ORIGINS: ORIGIN,
  LOG_LEVEL: 'error',
  RATE_LIMIT_SIGN_IN_PER_MINUTE: '0',
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0',
  RATE_LIMIT_API_PER_MINUTE: '0',
  RATE_LIMIT_STREAMS_PER_TOKEN: '0',
  SESSION_SECRET: 'a-shared-session-secret-of-32-characters!',
};

/** Compiled once per run, on first use. */
let countingEntry: Promise<string> | undefined;

async function startCounting(env: Record<string, string>): Promise<ChildConnector> {
  countingEntry ??= compiledEntry('bench/support/counting-connector.ts', 'counting-connector');
  return startChildConnector({ ...CONNECTOR_ENV, ...env }, await freePort(), await countingEntry);
}

async function signInMany(url: string): Promise<SignedIn[]> {
  const sessions: SignedIn[] = [];
  for (let i = 0; i < SESSIONS; i++) sessions.push(await signIn(url, ORIGIN, ['ana', 'ben', 'alex'][i % 3]));
  return sessions;
}

/** Where each stream's events go: the recorder of the run being measured, by instance. */
type Recorders = { current: Deliveries[] };

/** Each customer's contact id, as the thread answers it. */
const contactIds = new Map<string, number>();

/** Opens panel i as a panel does: the thread (its lastEventId), then the stream from there; on instance `i % urls.length`. */
async function openPanels(urls: string[], sessions: SignedIn[], recorders: Recorders): Promise<OpenStream[]> {
  const panels: OpenStream[] = [];
  for (let i = 0; i < PANELS; i++) {
    const instance = i % urls.length;
    const url = urls[instance]!;
    const headers = sessions[Math.floor(i / (PANELS / SESSIONS))]!.headers;
    const contact = encodeURIComponent(`+${WA_IDS[i % CUSTOMERS]}`);
    const thread = (await (await fetch(`${url}/api/contacts/${contact}/thread?limit=1`, { headers })).json()) as {
      lastEventId: number;
      contact: { id: number };
    };
    contactIds.set(WA_IDS[i % CUSTOMERS]!, thread.contact.id);
    panels.push(
      openSse(
        `${url}/api/contacts/${contact}/events`,
        { ...headers, 'last-event-id': String(thread.lastEventId) },
        (event, data, at) => event === 'message' && recorders.current[instance]!.arrived(i, data, at),
      ),
    );
  }
  for (const p of panels) if ((await p.status) !== 200) throw new Error('a panel stream was refused');
  return panels;
}

async function openInboxes(url: string, sessions: SignedIn[], recorders: Recorders): Promise<OpenStream[]> {
  const inboxes: OpenStream[] = [];
  for (let i = 0; i < INBOXES; i++) {
    const headers = sessions[i % SESSIONS]!.headers;
    const page = (await (await fetch(`${url}/api/conversations?view=all&limit=50`, { headers })).json()) as { lastEventId: number };
    inboxes.push(
      openSse(
        `${url}/api/conversations/events`,
        { ...headers, 'last-event-id': String(page.lastEventId) },
        (event, data, at) => event === 'conversation' && recorders.current[0]!.arrived(i, data, at),
      ),
    );
  }
  for (const s of inboxes) if ((await s.status) !== 200) throw new Error('an inbox stream was refused');
  return inboxes;
}

interface RunResult {
  panels: LatencyResult;
  /** PostgreSQL only: events committed by another connection → panels. */
  fanOut: LatencyResult | null;
  inboxes: LatencyResult;
  restQps: number;
  loadQps: number;
  cpuPercent: number;
  rssIdleMb: number;
  rssPeakMb: number;
}

/** One instance: 1,000 panels under 50 messages/s, queries at rest, then 200 inboxes under the same. */
async function oneInstance(env: Record<string, string>, writer: Db | null): Promise<RunResult> {
  const connector = await startCounting(env);
  try {
    const url = connector.url;
    const webhooks = `${url}/webhooks/whatsapp`;
    const sentAt = new Map<string, number>();
    const rssIdleMb = (await stats(url)).rss / 2 ** 20;
    const sessions = await signInMany(url);
    const recorders: Recorders = { current: [new Deliveries(0, sentAt)] };
    const panels = await openPanels([url], sessions, recorders);
    // Warm up (JIT, caches), and let the warm-up's deliveries finish.
    await drained(recorders.current[0]!, (await customersWrite(webhooks, sentAt, 0, RATE, WARM_UP_S)) * (PANELS / CUSTOMERS));

    await sleep(2_000);
    const restStart = await stats(url);
    await sleep(REST_S * 1000);
    const restEnd = await stats(url);

    const deliveries = new Deliveries(1, sentAt);
    recorders.current = [deliveries];
    let rssPeak = restEnd.rss;
    const sampler = setInterval(() => void stats(url).then((s) => (rssPeak = Math.max(rssPeak, s.rss))), 1_000);
    const loadStart = await stats(url);
    const sent = await customersWrite(webhooks, sentAt, 1, RATE, LOAD_S);
    const loadEnd = await stats(url);
    clearInterval(sampler);
    const expected = sent * (PANELS / CUSTOMERS);
    await drained(deliveries, expected);

    let fanOut: LatencyResult | null = null;
    if (writer) {
      // Warm up the writer's own pool first (its connections are opened on first use).
      recorders.current = [new Deliveries(5, sentAt)];
      await drained(recorders.current[0]!, (await eventsWritten(writer, sentAt, 5, RATE, WARM_UP_S)) * (PANELS / CUSTOMERS));
      const direct = new Deliveries(4, sentAt);
      recorders.current = [direct];
      const directExpected = (await eventsWritten(writer, sentAt, 4, RATE, LOAD_S)) * (PANELS / CUSTOMERS);
      await drained(direct, directExpected);
      fanOut = latencyOf(direct, directExpected);
    }
    for (const p of panels) p.close();

    recorders.current = [new Deliveries(2, sentAt)];
    const inboxes = await openInboxes(url, sessions, recorders);
    await drained(recorders.current[0]!, (await customersWrite(webhooks, sentAt, 2, RATE, WARM_UP_S)) * INBOXES);
    const inboxDeliveries = new Deliveries(3, sentAt);
    recorders.current = [inboxDeliveries];
    const inboxSent = await customersWrite(webhooks, sentAt, 3, RATE, LOAD_S);
    await drained(inboxDeliveries, inboxSent * INBOXES);
    for (const s of inboxes) s.close();

    const cpuS = (loadEnd.cpuMicros - loadStart.cpuMicros) / 1e6;
    return {
      panels: latencyOf(deliveries, expected),
      fanOut,
      inboxes: latencyOf(inboxDeliveries, inboxSent * INBOXES),
      restQps: (restEnd.queries - restStart.queries) / REST_S,
      loadQps: (loadEnd.queries - loadStart.queries) / LOAD_S,
      cpuPercent: (cpuS / LOAD_S) * 100,
      rssIdleMb,
      rssPeakMb: rssPeak / 2 ** 20,
    };
  } finally {
    await connector.kill();
  }
}

/** Two instances on one PostgreSQL: webhooks reach A, panels alternate between A and B. */
interface TwoResult {
  onA: LatencyResult;
  onB: LatencyResult;
  /** Events committed by a third connection → panels on A and on B. */
  fanOutA: LatencyResult;
  fanOutB: LatencyResult;
  restQpsA: number;
  restQpsB: number;
}

async function twoInstances(env: Record<string, string>, writer: Db): Promise<TwoResult> {
  const a = await startCounting(env);
  const b = await startCounting(env);
  try {
    const webhooks = `${a.url}/webhooks/whatsapp`;
    const sentAt = new Map<string, number>();
    const sessions = await signInMany(a.url);
    const recorders: Recorders = { current: [new Deliveries(0, sentAt), new Deliveries(0, sentAt)] };
    const panels = await openPanels([a.url, b.url], sessions, recorders);
    const half = PANELS / CUSTOMERS / 2;
    const warmSent = await customersWrite(webhooks, sentAt, 0, RATE, WARM_UP_S);
    await Promise.all(recorders.current.map((d) => drained(d, warmSent * half)));

    await sleep(2_000);
    const [restA, restB] = await Promise.all([stats(a.url), stats(b.url)]);
    await sleep(REST_S * 1000);
    const [restA2, restB2] = await Promise.all([stats(a.url), stats(b.url)]);

    const [onA, onB] = (recorders.current = [new Deliveries(1, sentAt), new Deliveries(1, sentAt)]);
    const sent = await customersWrite(webhooks, sentAt, 1, RATE, LOAD_S);
    await Promise.all([drained(onA!, sent * half), drained(onB!, sent * half)]);

    recorders.current = [new Deliveries(5, sentAt), new Deliveries(5, sentAt)];
    const warmWritten = await eventsWritten(writer, sentAt, 5, RATE, WARM_UP_S);
    await Promise.all(recorders.current.map((d) => drained(d, warmWritten * half)));
    const [fanA, fanB] = (recorders.current = [new Deliveries(4, sentAt), new Deliveries(4, sentAt)]);
    const written = await eventsWritten(writer, sentAt, 4, RATE, LOAD_S);
    await Promise.all([drained(fanA!, written * half), drained(fanB!, written * half)]);
    for (const p of panels) p.close();
    return {
      onA: latencyOf(onA!, sent * half),
      onB: latencyOf(onB!, sent * half),
      fanOutA: latencyOf(fanA!, written * half),
      fanOutB: latencyOf(fanB!, written * half),
      restQpsA: (restA2.queries - restA.queries) / REST_S,
      restQpsB: (restB2.queries - restB.queries) / REST_S,
    };
  } finally {
    await a.kill();
    await b.kill();
  }
}

/** The baseline: the same 1,000 streams and 50 messages/s against a bare Express broadcast. */
async function baseline(): Promise<LatencyResult> {
  const bare = await startBareExpress();
  try {
    const sentAt = new Map<string, number>();
    const recorders: Recorders = { current: [new Deliveries(0, sentAt)] };
    const streams = Array.from({ length: PANELS }, (_, i) =>
      openSse(`${bare.url}/fanout/events/${WA_IDS[i % CUSTOMERS]}`, {}, (event, data, at) => event === 'message' && recorders.current[0]!.arrived(i, data, at)),
    );
    for (const s of streams) await s.status;
    await customersWrite(`${bare.url}/fanout/webhook`, sentAt, 0, RATE, WARM_UP_S);
    const deliveries = new Deliveries(1, sentAt);
    recorders.current = [deliveries];
    const sent = await customersWrite(`${bare.url}/fanout/webhook`, sentAt, 1, RATE, LOAD_S);
    const expected = sent * (PANELS / CUSTOMERS);
    await drained(deliveries, expected);
    for (const s of streams) s.close();
    return latencyOf(deliveries, expected);
  } finally {
    await bare.kill();
  }
}

const ms = (r: LatencyResult) => `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)}`;
const exact = (r: LatencyResult) => `${r.missing} / ${r.repeats}`;

export const liveFanout: Bench = {
  name: 'live-fanout',
  async run() {
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(2))
        .join(', ');
    const notes: string[] = [`Load average at the start: ${load()}.`];
    const base = await baseline();
    const rows: BenchRow[] = [{ metric: 'bare Express broadcast (baseline): webhook → 1,000 streams, p50 / p99', value: ms(base), unit: 'ms' }];

    for (const kind of ['sqlite', 'postgres'] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'go2msg-bench-'));
      const database = kind === 'postgres' ? await createTestDatabase('postgres') : null;
      let writer: Db | null = null;
      try {
        const env = { MEDIA_DIR: join(dir, 'media'), ...(database ? database.env : { SQLITE_FILE: join(dir, 'go2msg.sqlite') }) };
        writer = database ? openDatabase(database.config) : null;
        const r = await oneInstance(env, writer);
        rows.push(
          {
            metric: `${kind}: customer message → open panel (1,000 open, 50/s), p50 / p99`,
            value: ms(r.panels),
            unit: 'ms',
            goal: 'p99 < 100 ms',
            met: r.panels.p99 < 100,
          },
          {
            metric: `${kind}: panel deliveries missing / repeated`,
            value: exact(r.panels),
            goal: '0 / 0',
            met: r.panels.missing === 0 && r.panels.repeats === 0,
          },
          ...(r.fanOut
            ? [
                {
                  metric: `${kind}: of which the fan-out alone: event committed by another connection → open panel, p50 / p99`,
                  value: ms(r.fanOut),
                  unit: 'ms',
                },
                {
                  metric: `${kind}: fan-out alone, deliveries missing / repeated`,
                  value: exact(r.fanOut),
                  goal: '0 / 0',
                  met: r.fanOut.missing === 0 && r.fanOut.repeats === 0,
                },
              ]
            : []),
          { metric: `${kind}: database queries at rest, 1,000 panels open`, value: r.restQps, unit: '/s', goal: 'a handful per second', met: r.restQps < 10 },
          { metric: `${kind}: database queries under 50 messages/s`, value: r.loadQps, unit: '/s' },
          { metric: `${kind}: connector CPU under 50 messages/s`, value: `${Math.round(r.cpuPercent)}%` },
          {
            metric: `${kind}: connector RSS before any panel / peak with 1,000 panels under load`,
            value: `${Math.round(r.rssIdleMb)} / ${Math.round(r.rssPeakMb)} (+${Math.round(r.rssPeakMb - r.rssIdleMb)})`,
            unit: 'MB',
            goal: '< 150 MB',
            met: r.rssPeakMb < 150,
          },
          {
            metric: `${kind}: customer message → row event in an open inbox (200 open, 50/s), p50 / p99`,
            value: ms(r.inboxes),
            unit: 'ms',
            goal: 'p99 < 100 ms',
            met: r.inboxes.p99 < 100,
          },
          { metric: `${kind}: inbox: messages no row event showed (a later one of the customer's came with it) / repeated`, value: exact(r.inboxes) },
        );
        if (kind === 'postgres') {
          const two = await twoInstances(env, writer!);
          rows.push(
            {
              metric: 'postgres, two instances: message at A → panel on B, p50 / p99',
              value: ms(two.onB),
              unit: 'ms',
              goal: 'p99 < 250 ms',
              met: two.onB.p99 < 250,
            },
            { metric: 'postgres, two instances: message at A → panel on A, p50 / p99', value: ms(two.onA), unit: 'ms' },
            {
              metric: 'postgres, two instances: deliveries missing / repeated (A, B)',
              value: `${exact(two.onA)}, ${exact(two.onB)}`,
              goal: '0 / 0',
              met: two.onA.missing + two.onA.repeats + two.onB.missing + two.onB.repeats === 0,
            },
            { metric: 'postgres, two instances, the fan-out alone: event committed → panel on A, p50 / p99', value: ms(two.fanOutA), unit: 'ms' },
            { metric: 'postgres, two instances, the fan-out alone: event committed → panel on B, p50 / p99', value: ms(two.fanOutB), unit: 'ms' },
            {
              metric: 'postgres, two instances, fan-out alone: missing / repeated (A, B)',
              value: `${exact(two.fanOutA)}, ${exact(two.fanOutB)}`,
              goal: '0 / 0',
              met: two.fanOutA.missing + two.fanOutA.repeats + two.fanOutB.missing + two.fanOutB.repeats === 0,
            },
            {
              metric: 'postgres, two instances: queries at rest (A, B; 500 panels each)',
              value: `${two.restQpsA.toFixed(1)}, ${two.restQpsB.toFixed(1)}`,
              unit: '/s',
            },
          );
        }
      } finally {
        await writer?.destroy();
        await database?.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    notes.push(`Load average at the end: ${load()}.`);
    return {
      title: 'Live fan-out (customer message → open panels and inboxes)',
      rows,
      notes: [
        `${PANELS.toLocaleString('en-US')} panels on ${CUSTOMERS} customers (10 each, 10 panels per sign-in, ${SESSIONS} sign-ins), each opened as a panel does (thread, then the stream from its lastEventId); customers write ${RATE} signed webhook messages a second for ${LOAD_S} s after ${WARM_UP_S} s of warm-up. Latency: from sending the webhook to the message event read from each panel's stream, in this process (the connector runs in its own, sharing the machine's 2 cores with it).`,
        `Queries: every query the connector's knex instances ran (a counter in its process), over ${REST_S} s at rest with every panel open (a heartbeat and three safety polls fall in it), and over the load. Inboxes: ${INBOXES} inbox streams (GET /api/conversations/events) under the same load, timed to the conversation event that carries the message.`,
        "PostgreSQL, the fan-out alone: live events written straight into the database by a separate connection at 50/s, one short transaction each (as another instance's send would), timed from before the insert to each panel. The end-to-end time adds the webhook's processing (stored bodies applied 25 to a transaction after a give-way pause), which is issue 17's inbound part, not the fan-out.",
        'The connector runs compiled to JavaScript (dist-connector, as `npm start` runs it; this wrapper built the same way), with no TypeScript loader in its process and with the Node flags of `npm start` (package.json: a young generation of at most 2 × 4 MB, one V8 background thread); its RSS before any panel is most of the peak.',
        'Other helpers share this machine; the load averages say how busy it was.',
        ...notes,
      ],
    };
  },
};
