/**
 * The outbox claims due messages ahead of its pacing, on a real database: a
 * burst goes out at the number's limit and never above it in any second, each
 * message claimed once (a message waits in the worker for its number's token,
 * not back in the queue), and messages claimed but not sent when the worker
 * stops go back to the queue at once, to be sent exactly once later.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiClient } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { mostInAnySecond } from '../../support/rates';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';

const MPS = 20;
const helloWorld = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
const customers = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `+1650777${prefix}${String(i).padStart(2, '0')}`);

describe.each(DB_KINDS)('the outbox claiming ahead on %s', (kind) => {
  let running: RunningConnector;
  let api: ApiClient;
  const sent = () => running.connector.simulator!.sent;

  beforeAll(async () => {
    running = await startConnector({
      db: kind,
      env: { WHATSAPP_MPS: String(MPS) },
      connector: { simulator: { statusDelays: { sent: null, delivered: 0, read: null } } },
    });
    api = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  });

  afterAll(async () => {
    await running?.close();
  });

  async function sendAll(phones: string[], key: string): Promise<number[]> {
    const responses = await Promise.all(phones.map((phone) => api.send(phone, helloWorld, `${key}-${kind}-${phone.slice(1)}`)));
    for (const r of responses) if (r.status !== 202) throw new Error(`not accepted: ${JSON.stringify(r.body)}`);
    return responses.map((r) => r.body.message.id as number);
  }

  test('a burst goes out at the number’s limit, never above it in any second, each message claimed once and none put back', async () => {
    const statements: string[] = [];
    const listen = (query: { sql: string }) => statements.push(query.sql.toLowerCase().replace(/[`"]/g, '').replace(/\s+/g, ' '));
    running.connector.db.on('query', listen);
    const before = sent().length;
    const ids = await sendAll(customers('1', 2 * MPS), 'paced');
    await waitFor(() => sent().length >= before + ids.length, { timeout: 30_000, what: 'the burst to reach the simulator' });
    await running.connector.outbox.drain();
    running.connector.db.off('query', listen);

    const burst = sent().slice(before);
    expect(mostInAnySecond(burst.map((s) => s.receivedAt))).toBeLessThanOrEqual(MPS);
    expect(burst.map((s) => s.body.biz_opaque_callback_data).sort()).toEqual(ids.map((id) => `go2msg:${id}`).sort());
    // A message short of its number's token waits in the worker: no claim is put back to wait in the queue.
    expect(statements.filter((sql) => sql.includes('attempts = attempts -'))).toEqual([]);
    const rows = await running.connector.db('messages').whereIn('id', ids).select('status', 'attempts');
    expect(rows.every((r: { status: string; attempts: number }) => r.status === 'accepted' && r.attempts === 1)).toBe(true);
  }, 60_000);

  test('messages claimed but not sent when the outbox stops go back to the queue, and are sent exactly once after it starts again', async () => {
    const before = sent().length;
    const ids = await sendAll(customers('2', 2 * MPS), 'stopped');
    await waitFor(() => sent().length >= before + 3, { timeout: 30_000, what: 'the first messages to go out' });
    await running.connector.outbox.stop();

    const rows: Array<{ id: number; status: string; attempts: number; wamid: string | null }> = await running.connector
      .db('messages')
      .whereIn('id', ids)
      .select('id', 'status', 'attempts', 'wamid');
    // Nothing is left claimed for the lease to return: sent (with its wamid), or queued as it was.
    expect(rows.filter((r) => r.status === 'sending')).toEqual([]);
    const queued = rows.filter((r) => r.status === 'queued');
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.every((r) => r.attempts === 0 && r.wamid === null)).toBe(true);

    running.connector.outbox.start();
    await waitFor(() => sent().length >= before + ids.length, { timeout: 30_000, what: 'the rest to go out' });
    await running.connector.outbox.drain();
    const counts = new Map<string, number>();
    for (const s of sent().slice(before)) counts.set(String(s.body.biz_opaque_callback_data), (counts.get(String(s.body.biz_opaque_callback_data)) ?? 0) + 1);
    expect(ids.map((id) => counts.get(`go2msg:${id}`))).toEqual(ids.map(() => 1));
  }, 60_000);
});
