/**
 * Host records (issue 14): how fast conversations reach a helpdesk through the host outbox.
 *
 * - Time from a customer's message (the signed webhook POSTed to the connector) to the Zendesk
 *   ticket created in the simulator, one customer at a time: p50 and p99.
 * - Zendesk at a published plan limit (Suite Team: 200 requests a minute, answered 429 with
 *   Retry-After beyond it): a burst of new conversations, each needing four calls (ticket by
 *   external id, requester search, requester, ticket); tickets and calls per second, 429s seen,
 *   tickets per conversation.
 * - The same latency to HubSpot (a help desk ticket: ticket by unique property, contact search,
 *   contact, ticket; the account, properties and pipeline read once) and Salesforce (a Case: token
 *   once, Case by External ID, Contact by SOQL, Contact, upsert), against their simulators.
 * - The signed outbound webhook to a receiver with no limit: events delivered per second.
 * Baseline: one request to a bare Express handler, and the same POSTs it answers per second.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { customerWrites } from '../test/support/api';
import { startConnector } from '../test/support/connector';
import { startHubspot } from '../test/support/hubspot';
import { startSalesforce } from '../test/support/salesforce';
import { startZendesk } from '../test/support/zendesk';
import { percentile, timeSequentialGets } from './support/load';
import { startBareExpress } from './support/processes';
import type { Bench, BenchRow } from './support/report';

const LATENCY_CUSTOMERS = 100;
const BURST_CONVERSATIONS = 60;
const TEAM_PLAN_PER_MINUTE = 200;
const WEBHOOK_CUSTOMERS = 300;

/** Resolves with the time of each ticket creation the simulator accepts, in order. */
function watchTickets(simulator: import('../connector/sandbox/zendesk/zendesk-simulator').ZendeskSimulator): { next(): Promise<number>; count(): number } {
  const waiting: Array<(at: number) => void> = [];
  const done: number[] = [];
  const create = simulator.createTicket.bind(simulator);
  simulator.createTicket = (body, key) => {
    const answer = create(body, key);
    if (answer.status === 201 && answer.headers?.['x-idempotency-lookup'] !== 'hit') {
      const at = performance.now();
      const waiter = waiting.shift();
      if (waiter) waiter(at);
      else done.push(at);
    }
    return answer;
  };
  return {
    next: () => (done.length ? Promise.resolve(done.shift()!) : new Promise((resolve) => waiting.push(resolve))),
    count: () => simulator.tickets.size,
  };
}

async function latency(): Promise<number[]> {
  const zendesk = await startZendesk({ requestsPerMinute: 1_000_000 });
  const running = await startConnector({ env: { ...zendesk.env } });
  try {
    const tickets = watchTickets(zendesk.simulator);
    const times: number[] = [];
    for (let i = 0; i < LATENCY_CUSTOMERS + 10; i++) {
      const started = performance.now();
      const created = tickets.next();
      await customerWrites(running.url, `1650556${String(i).padStart(4, '0')}`, `Latency question ${i}`);
      const at = await created;
      if (i >= 10) times.push(at - started);
    }
    return times;
  } finally {
    await running.close();
    await zendesk.close();
  }
}

/** Customer message → record created, one customer at a time, for a host whose simulator says when it created a record. */
async function latencyTo(
  host: { env: Record<string, string>; close(): Promise<void> },
  onCreated: (listener: () => void) => void,
  prefix: string,
): Promise<number[]> {
  const running = await startConnector({ env: { ...host.env } });
  try {
    const waiting: Array<(at: number) => void> = [];
    onCreated(() => waiting.shift()?.(performance.now()));
    const times: number[] = [];
    for (let i = 0; i < LATENCY_CUSTOMERS + 10; i++) {
      const started = performance.now();
      const created = new Promise<number>((resolve) => waiting.push(resolve));
      await customerWrites(running.url, `${prefix}${String(i).padStart(4, '0')}`, `Latency question ${i}`);
      const at = await created;
      if (i >= 10) times.push(at - started);
    }
    return times;
  } finally {
    await running.close();
    await host.close();
  }
}

async function hubspotLatency(): Promise<number[]> {
  const hubspot = await startHubspot({ requestsPerTenSeconds: 1_000_000 });
  return latencyTo(
    hubspot,
    (listener) => {
      const create = hubspot.simulator.createTicket.bind(hubspot.simulator);
      hubspot.simulator.createTicket = (body) => {
        const answer = create(body);
        if (answer.status === 201) listener();
        return answer;
      };
    },
    '1650559',
  );
}

async function salesforceLatency(): Promise<number[]> {
  const salesforce = await startSalesforce({ dailyRequests: 1_000_000 });
  return latencyTo(
    salesforce,
    (listener) => {
      const upsert = salesforce.simulator.upsertCase.bind(salesforce.simulator);
      salesforce.simulator.upsertCase = (field, key, body) => {
        const answer = upsert(field, key, body);
        if (answer.status === 201) listener();
        return answer;
      };
    },
    '1650560',
  );
}

/** HubSpot at a Free/Starter private app's burst limit (100 requests per 10 s), answered 429 without Retry-After beyond it. */
const HUBSPOT_PER_TEN_SECONDS = 100;
async function hubspotAtLimit(): Promise<{ seconds: number; tickets: number; calls: number; refused: number; duplicates: number }> {
  const hubspot = await startHubspot({ requestsPerTenSeconds: HUBSPOT_PER_TEN_SECONDS });
  const running = await startConnector({ env: { ...hubspot.env } });
  try {
    let calls = 0;
    let refused = 0;
    const rateLimit = hubspot.simulator.rateLimit.bind(hubspot.simulator);
    hubspot.simulator.rateLimit = () => {
      const answer = rateLimit();
      if (answer.refused) refused += 1;
      else calls += 1;
      return answer;
    };
    const started = performance.now();
    for (let i = 0; i < BURST_CONVERSATIONS; i++) await customerWrites(running.url, `1650561${String(i).padStart(4, '0')}`, `Burst ${i}`);
    while (hubspot.simulator.tickets.size < BURST_CONVERSATIONS) await new Promise((r) => setTimeout(r, 50));
    const seconds = (performance.now() - started) / 1000;
    const perConversation = new Map<string | null, number>();
    for (const t of hubspot.simulator.tickets.values())
      perConversation.set(t.properties.go2msg_conversation ?? null, (perConversation.get(t.properties.go2msg_conversation ?? null) ?? 0) + 1);
    return { seconds, tickets: hubspot.simulator.tickets.size, calls, refused, duplicates: [...perConversation.values()].filter((n) => n > 1).length };
  } finally {
    await running.close();
    await hubspot.close();
  }
}

async function atPlanLimit(): Promise<{ seconds: number; tickets: number; calls: number; refused: number; duplicates: number }> {
  const zendesk = await startZendesk({ requestsPerMinute: TEAM_PLAN_PER_MINUTE });
  const running = await startConnector({ env: { ...zendesk.env } });
  try {
    let calls = 0;
    let refused = 0;
    const rateLimit = zendesk.simulator.rateLimit.bind(zendesk.simulator);
    zendesk.simulator.rateLimit = () => {
      const answer = rateLimit();
      if (answer.refused) refused += 1;
      else calls += 1;
      return answer;
    };
    const started = performance.now();
    for (let i = 0; i < BURST_CONVERSATIONS; i++) await customerWrites(running.url, `1650557${String(i).padStart(4, '0')}`, `Burst ${i}`);
    while (zendesk.simulator.tickets.size < BURST_CONVERSATIONS) await new Promise((r) => setTimeout(r, 50));
    const seconds = (performance.now() - started) / 1000;
    const perConversation = new Map<string | null, number>();
    for (const t of zendesk.simulator.tickets.values()) perConversation.set(t.external_id, (perConversation.get(t.external_id) ?? 0) + 1);
    return { seconds, tickets: zendesk.simulator.tickets.size, calls, refused, duplicates: [...perConversation.values()].filter((n) => n > 1).length };
  } finally {
    await running.close();
    await zendesk.close();
  }
}

async function webhookThroughput(): Promise<{ events: number; seconds: number }> {
  let received = 0;
  let onAll: (() => void) | null = null;
  const expected = WEBHOOK_CUSTOMERS * 2; // conversation.created and message.received each
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(200).end();
      if (received === expected) onAll?.();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`;
  const running = await startConnector({ env: { HOST_WEBHOOK_URL: url, HOST_WEBHOOK_SECRET: 'bench-secret-0123456789abcdef0123456789' } });
  try {
    const all = new Promise<void>((resolve) => (onAll = resolve));
    // The customers write first, while the outbox is held; then the backlog is delivered.
    await running.connector.hosts!.outbox.stop();
    for (let i = 0; i < WEBHOOK_CUSTOMERS; i++) await customerWrites(running.url, `1650558${String(i).padStart(4, '0')}`, `Webhook ${i}`);
    await running.connector.webhooks.idle();
    const started = performance.now();
    await running.connector.hosts!.outbox.start();
    await all;
    return { events: received, seconds: (performance.now() - started) / 1000 };
  } finally {
    await running.close();
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  }
}

export const hostOutbox: Bench = {
  name: 'host-outbox',
  async run() {
    const bare = await startBareExpress();
    const baseline = await timeSequentialGets(`${bare.url}/thread`, {}, 300);
    await bare.kill();
    const times = await latency();
    const hubspotTimes = await hubspotLatency();
    const salesforceTimes = await salesforceLatency();
    const limited = await atPlanLimit();
    const hubspotLimited = await hubspotAtLimit();
    const webhook = await webhookThroughput();
    const rows: BenchRow[] = [
      { metric: 'bare Express handler (baseline), one request p50', value: percentile(baseline, 50), unit: 'ms' },
      { metric: 'customer message → Zendesk ticket created, p50', value: percentile(times, 50), unit: 'ms' },
      { metric: 'customer message → Zendesk ticket created, p99', value: percentile(times, 99), unit: 'ms' },
      { metric: 'customer message → HubSpot ticket created, p50', value: percentile(hubspotTimes, 50), unit: 'ms' },
      { metric: 'customer message → HubSpot ticket created, p99', value: percentile(hubspotTimes, 99), unit: 'ms' },
      { metric: 'customer message → Salesforce Case created, p50', value: percentile(salesforceTimes, 50), unit: 'ms' },
      { metric: 'customer message → Salesforce Case created, p99', value: percentile(salesforceTimes, 99), unit: 'ms' },
      {
        metric: `Zendesk at ${TEAM_PLAN_PER_MINUTE} requests/min: tickets per second (${BURST_CONVERSATIONS} new conversations)`,
        value: limited.tickets / limited.seconds,
        unit: '/s',
      },
      { metric: 'same: Zendesk calls per second (limit 3.33/s)', value: limited.calls / limited.seconds, unit: '/s' },
      { metric: 'same: 429 answers honoured', value: limited.refused },
      { metric: 'same: conversations with more than one ticket', value: limited.duplicates, goal: '0', met: limited.duplicates === 0 },
      {
        metric: `HubSpot at ${HUBSPOT_PER_TEN_SECONDS} requests/10 s: tickets per second (${BURST_CONVERSATIONS} new conversations)`,
        value: hubspotLimited.tickets / hubspotLimited.seconds,
        unit: '/s',
      },
      { metric: 'same: HubSpot calls per second (limit 10/s)', value: hubspotLimited.calls / hubspotLimited.seconds, unit: '/s' },
      { metric: 'same: 429 answers honoured', value: hubspotLimited.refused },
      { metric: 'same: conversations with more than one ticket', value: hubspotLimited.duplicates, goal: '0', met: hubspotLimited.duplicates === 0 },
      { metric: `signed webhook, no limit: events delivered per second (${webhook.events})`, value: webhook.events / webhook.seconds, unit: '/s' },
    ];
    return {
      title: 'Host records (Zendesk, HubSpot and Salesforce records and the outbound webhook, SQLite)',
      rows,
      notes: [
        `Latency: ${LATENCY_CUSTOMERS} customers one after another, from the signed WhatsApp webhook to the simulator accepting the ticket (four Zendesk calls each, on localhost).`,
        'The plan-limit run covers one rate-limit window and the wait Retry-After asks for, so its rate is bounded by the plan, not the connector.',
        "HubSpot's 429 carries no Retry-After: the outbox waits its default 10 s, the length of HubSpot's window, before the next call.",
        'The webhook run holds the outbox while the customers write, then times delivering the backlog (4 deliveries in flight).',
      ],
    };
  },
};
