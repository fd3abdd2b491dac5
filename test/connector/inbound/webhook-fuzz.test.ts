/**
 * The webhook fuzz, on SQLite and PostgreSQL: a few hundred seeded mutations of Meta's
 * samples (test/support/webhook-fuzz.ts), each signed with the app secret as Meta would.
 * The connector answers every one 200 (anything else makes Meta send it again for days),
 * keeps every one, writes nothing of a body it could not apply, and a customer's message
 * posted after the fuzz is processed by the same drain, not left behind the bodies that failed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { storableText } from '../../../connector/domain/stored-text';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { fuzzedWebhooks, fuzzIdPrefix } from '../../support/webhook-fuzz';
import { postWebhook, sandboxWebhook } from '../../support/webhooks';
import { SHEENA_WA_ID } from '../../support/fixtures';

const SEED = 20261206;
const BODIES = 250;
const AT_ONCE = 8;

describe.each(DB_KINDS)('webhook fuzz on %s', (kind) => {
  let running: RunningConnector;
  const bodies = fuzzedWebhooks(SEED, BODIES);
  const statuses: number[] = [];

  beforeAll(async () => {
    running = await startConnector({ db: kind });
    for (let i = 0; i < bodies.length; i += AT_ONCE) {
      statuses.push(...(await Promise.all(bodies.slice(i, i + AT_ONCE).map(async (body) => (await postWebhook(running.url, body)).status))));
    }
    await running.connector.webhooks.idle();
  }, 120_000);

  afterAll(async () => {
    await running?.close();
  });

  test('answers every signed body 200 and keeps every one', async () => {
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const stored = await running.connector.db('webhook_inbox').select('body');
    // A body that is not JSON is kept with U+0000 replaced (PostgreSQL cannot store it).
    expect(stored.map((r: { body: string }) => r.body).sort()).toEqual(bodies.map((b) => (b.includes('\u0000') ? storableText(b) : b)).sort());
  });

  test('writes nothing of a body it could not apply', async () => {
    const rows: Array<{ body: string; processed_at: number | null }> = await running.connector.db('webhook_inbox').select('body', 'processed_at');
    const notApplied = new Set(rows.filter((r) => r.processed_at === null).map((r) => r.body));
    const written: string[] = (await running.connector.db('messages').where('wamid', 'like', 'wamid.fuzz-%').select('wamid')).map(
      (r: { wamid: string }) => r.wamid,
    );
    const fromFailedBodies = bodies.flatMap((body, n) =>
      notApplied.has(body) || notApplied.has(storableText(body)) ? written.filter((w) => w.startsWith(fuzzIdPrefix(n))) : [],
    );
    expect(fromFailedBodies).toEqual([]);
    // The fuzz does reach the processor: most bodies are applied, and their messages stored.
    expect(rows.length - notApplied.size).toBeGreaterThan(BODIES / 2);
    expect(written.length).toBeGreaterThan(0);
  });

  test("a customer's message posted after the fuzz is processed by the next drain", async () => {
    const wamid = 'wamid.after-the-fuzz';
    const message = sandboxWebhook({
      contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: SHEENA_WA_ID }],
      messages: [
        {
          from: SHEENA_WA_ID,
          id: wamid,
          timestamp: String(Math.floor(running.connector.clock.now() / 1000)),
          type: 'text',
          text: { body: 'Is my order on its way?' },
        },
      ],
    });
    expect((await postWebhook(running.url, message)).status).toBe(200);
    await running.connector.webhooks.idle();
    expect(await running.connector.db('messages').where({ wamid }).first()).toMatchObject({ text: 'Is my order on its way?' });
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });
});
