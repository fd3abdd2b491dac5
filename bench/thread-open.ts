/**
 * Opening a long thread: the first page (50 messages) of a thread of 100,000,
 * through the API with a signed-in teammate, on SQLite and PostgreSQL.
 * Baseline: the same requests to a bare Express handler.
 */
import { signIn } from '../test/support/sign-in';
import { startConnector } from '../test/support/connector';
import type { TestDbKind } from '../test/support/databases';
import { percentile, timeSequentialGets } from './support/load';
import { startBareExpress } from './support/processes';
import type { Bench, BenchRow } from './support/report';

const MESSAGES = 100_000;
const REQUESTS = 300;
const PHONE = '+16505550100';

async function measure(kind: TestDbKind): Promise<{ p50: number; p99: number; seedS: number }> {
  const running = await startConnector({ db: kind, env: { ALLOWED_ORIGINS: 'http://bench.test' } });
  try {
    const { db } = running.connector;
    const session = await signIn(running.url, 'http://bench.test');
    const started = performance.now();
    const [contact] = await db('contacts')
      .insert({ wa_id: PHONE.slice(1), phone: PHONE, name: 'Long Thread', created_at: 1, updated_at: 1 })
      .returning('id');
    const contactId = typeof contact === 'object' ? contact.id : contact;
    const base = Date.UTC(2026, 0, 1);
    for (let offset = 0; offset < MESSAGES; offset += 500) {
      const rows = Array.from({ length: 500 }, (_, i) => {
        const n = offset + i;
        const inbound = n % 2 === 0;
        return {
          contact_id: contactId,
          direction: inbound ? 'in' : 'out',
          wamid: `wamid.long-${n}`,
          type: 'text',
          content: JSON.stringify({ type: 'text', text: { body: `Message number ${n}` } }),
          text: `Message number ${n}`,
          status: inbound ? 'received' : 'read',
          teammate_id: inbound ? null : session.teammate.id,
          at: base + n * 60_000,
          created_at: base,
          updated_at: base,
        };
      });
      await db('messages').insert(rows);
    }
    // PostgreSQL plans from table statistics; autovacuum refreshes them after a bulk load like this one, the bench does it at once.
    if (kind === 'postgres') await db.raw('ANALYZE messages');
    const seedS = (performance.now() - started) / 1000;
    const times = await timeSequentialGets(`${running.url}/api/contacts/${encodeURIComponent(PHONE)}/thread`, session.headers, REQUESTS);
    return { p50: percentile(times, 50), p99: percentile(times, 99), seedS };
  } finally {
    await running.close();
  }
}

export const threadOpen: Bench = {
  name: 'thread-open',
  async run() {
    const bare = await startBareExpress();
    const baseline = await timeSequentialGets(`${bare.url}/thread`, {}, REQUESTS);
    await bare.kill();
    const rows: BenchRow[] = [{ metric: 'bare Express handler (baseline), p50', value: percentile(baseline, 50), unit: 'ms' }];
    for (const kind of ['sqlite', 'postgres'] as const) {
      const result = await measure(kind);
      rows.push(
        { metric: `${kind}: first page of a 100,000-message thread, p50`, value: result.p50, unit: 'ms', goal: '< 20 ms', met: result.p50 < 20 },
        { metric: `${kind}: same, p99`, value: result.p99, unit: 'ms' },
      );
    }
    return {
      title: 'Thread open (GET /api/contacts/{contact}/thread, 50 messages of 100,000)',
      rows,
      notes: [`${REQUESTS} sequential requests after 20 warm-up ones, from the same process as the connector (keyset page on (contact_id, at, id)).`],
    };
  },
};
