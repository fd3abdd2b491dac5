/**
 * The team's inbox at a busy business's size: 10,000 conversations that are
 * not resolved over 1,000,000 messages, through the API with a signed-in
 * teammate, on SQLite and PostgreSQL. Measures the first page of a tab and a
 * full-text search. Baseline: the same requests to a bare Express handler.
 */
import type { Knex } from 'knex';
import { signIn } from '../test/support/sign-in';
import { startConnector } from '../test/support/connector';
import type { TestDbKind } from '../test/support/databases';
import { percentile, timeSequentialGets } from './support/load';
import { startBareExpress } from './support/processes';
import type { Bench, BenchRow } from './support/report';

const CONVERSATIONS = 10_000;
const MESSAGES_EACH = 100;
const REQUESTS = 200;
const BATCH = 500;

/** A vocabulary of made-up words, so searches hit realistic shares of the messages. */
export const VOCABULARY = Array.from({ length: 5_000 }, (_, i) => `w${i.toString(36)}x`);

/** Deterministic pseudo-random numbers (mulberry32), so every run searches the same text. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Contacts, their messages (every word searchable) and their conversations, written as the connector would. */
export async function seed(db: Knex, teammateIds: number[]): Promise<void> {
  const next = random(42);
  const base = Date.UTC(2026, 0, 1);
  for (let offset = 0; offset < CONVERSATIONS; offset += BATCH) {
    const contacts = Array.from({ length: BATCH }, (_, i) => {
      const n = offset + i;
      // search_name as the connector writes it (store/contacts.ts: foldForSearch of the name).
      return {
        wa_id: `1555${String(n).padStart(7, '0')}`,
        phone: `+1555${String(n).padStart(7, '0')}`,
        name: `Customer ${n}`,
        search_name: `customer ${n}`,
        created_at: base,
        updated_at: base,
      };
    });
    const ids = ((await db('contacts').insert(contacts).returning('id')) as Array<{ id: number } | number>).map((r) => (typeof r === 'number' ? r : r.id));
    const messages = ids.flatMap((contactId, i) =>
      Array.from({ length: MESSAGES_EACH }, (_, k) => {
        const inbound = k % 2 === 0;
        const text = Array.from({ length: 8 }, () => VOCABULARY[Math.floor(next() ** 2 * VOCABULARY.length)]).join(' ');
        const at = base + (offset + i) * 1_000 + k * 60_000;
        return {
          contact_id: contactId,
          direction: inbound ? 'in' : 'out',
          type: 'text',
          content: JSON.stringify({ type: 'text', text: { body: text } }),
          text,
          status: inbound ? 'received' : 'read',
          at,
          created_at: at,
          updated_at: at,
        };
      }),
    );
    for (let m = 0; m < messages.length; m += BATCH) await db('messages').insert(messages.slice(m, m + BATCH));
    const last = (await db('messages')
      .whereIn('contact_id', ids)
      .groupBy('contact_id')
      .select('contact_id', db.raw('max(id) as id'), db.raw('max(at) as at'))) as Array<{ contact_id: number; id: number; at: number }>;
    await db('conversations').insert(
      last.map((m, i) => ({
        contact_id: m.contact_id,
        state: 'open',
        // A third unassigned, the rest spread over the team; half of them wait for an answer.
        owner_id: i % 3 === 0 ? null : teammateIds[i % teammateIds.length],
        waiting_since: i % 2 === 0 ? Number(m.at) - 60_000 : null,
        last_message_id: m.id,
        last_activity_at: m.at,
        state_changed_at: base,
        created_at: base,
        updated_at: base,
      })),
    );
  }
}

type Timings = Record<string, { p50: number; p99: number; hits: number }>;

async function measure(kind: TestDbKind): Promise<{ timings: Timings; seedS: number }> {
  const running = await startConnector({ db: kind, env: { ALLOWED_ORIGINS: 'http://bench.test' } });
  try {
    const { db } = running.connector;
    const session = await signIn(running.url, 'http://bench.test');
    const started = performance.now();
    await seed(db, [session.teammate.id]);
    // PostgreSQL plans from table statistics; autovacuum refreshes them after a bulk load like this one, the bench does it at once.
    if (kind === 'postgres') await db.raw('ANALYZE');
    const seedS = (performance.now() - started) / 1000;
    // Seeding outlasts a bearer token (15 minutes): measure with a fresh one.
    const fresh = await signIn(running.url, 'http://bench.test');
    const api = `${running.url}/api/conversations`;
    const queries: Record<string, string> = {
      all: `${api}?view=all&order=waiting`,
      unassigned: `${api}?view=unassigned&order=waiting`,
      activity: `${api}?view=all&order=activity`,
      rareWord: `${api}?view=all&q=${VOCABULARY[4_000]}`,
      commonWord: `${api}?view=all&q=${VOCABULARY[1]}`,
      name: `${api}?view=all&q=${encodeURIComponent('Customer 4242')}`,
    };
    const timings: Timings = {};
    for (const [name, url] of Object.entries(queries)) {
      const first = (await (await fetch(url, { headers: fresh.headers })).json()) as { data: unknown[] };
      const times = await timeSequentialGets(url, fresh.headers, REQUESTS);
      timings[name] = { p50: percentile(times, 50), p99: percentile(times, 99), hits: first.data.length };
    }
    return { timings, seedS };
  } finally {
    await running.close();
  }
}

const CASES: Array<{ name: string; label: string; goal: string; limit: number }> = [
  { name: 'all', label: 'first page of All, longest waiting first', goal: 'p50 < 20 ms', limit: 20 },
  { name: 'unassigned', label: 'first page of Unassigned', goal: 'p50 < 20 ms', limit: 20 },
  { name: 'activity', label: 'first page of All, latest activity first', goal: 'p50 < 20 ms', limit: 20 },
  { name: 'rareWord', label: 'search a rare word in 1,000,000 messages', goal: 'p50 < 50 ms', limit: 50 },
  { name: 'commonWord', label: 'search a common word in 1,000,000 messages', goal: 'p50 < 50 ms', limit: 50 },
  { name: 'name', label: "search a customer's name", goal: 'p50 < 50 ms', limit: 50 },
];

export const inbox: Bench = {
  name: 'inbox',
  async run() {
    const bare = await startBareExpress();
    const baseline = await timeSequentialGets(`${bare.url}/thread`, {}, REQUESTS);
    await bare.kill();
    const rows: BenchRow[] = [{ metric: 'bare Express handler (baseline), p50', value: percentile(baseline, 50), unit: 'ms' }];
    const notes: string[] = [];
    for (const kind of ['sqlite', 'postgres'] as const) {
      const { timings, seedS } = await measure(kind);
      for (const c of CASES) {
        const t = timings[c.name]!;
        rows.push({
          metric: `${kind}: ${c.label}, p50 / p99`,
          value: `${t.p50.toFixed(1)} / ${t.p99.toFixed(1)}`,
          unit: 'ms',
          goal: c.goal,
          met: t.p50 < c.limit,
        });
      }
      notes.push(`${kind}: seeded in ${Math.round(seedS)} s; rows on the first page: ${CASES.map((c) => `${c.name} ${timings[c.name]!.hits}`).join(', ')}.`);
    }
    return {
      title: `Inbox (GET /api/conversations, ${CONVERSATIONS.toLocaleString('en-US')} open conversations, ${(CONVERSATIONS * MESSAGES_EACH).toLocaleString('en-US')} messages)`,
      rows,
      notes: [
        `${REQUESTS} sequential requests after 20 warm-up ones, from the same process as the connector; each answer is a page of 50 with the four tabs' counts and the teammate's unread counts.`,
        'Message text: 8 words each from a 5,000-word made-up vocabulary, skewed so some words are common; full-text search is FTS5 on SQLite and a GIN tsvector index on PostgreSQL.',
        ...notes,
      ],
    };
  },
};
