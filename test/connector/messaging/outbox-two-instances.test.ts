/**
 * Two connectors on one PostgreSQL database send for the same business number: together they stay
 * within the number's limit in every second (each sends at its share, from the instances' register),
 * every message goes out once, and both take part.
 */
import { describe, expect, test } from 'vitest';
import { ApiClient } from '../../support/api';
import { useTwoInstances } from '../../support/connector';
import { mostInAnySecond } from '../../support/rates';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';

const ORIGIN = 'http://crm.test';
const MPS = 20;
const helloWorld = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };

describe('two instances sending for one number', () => {
  const instances = useTwoInstances(ORIGIN, { WHATSAPP_MPS: String(MPS) });

  test('together never over the limit in any second, each message sent once, by both', async () => {
    const { a, b } = instances;
    const session = await signIn(a.url, ORIGIN);
    const apis = [new ApiClient(a.url, session), new ApiClient(b.url, session)];
    const phones = Array.from({ length: 8 * MPS }, (_, i) => `+1650888${String(i).padStart(4, '0')}`);
    // Half the requests reach each instance, as behind a load balancer; each kicks its own outbox.
    const responses = await Promise.all(phones.map((phone, i) => apis[i % 2]!.send(phone, helloWorld, `two-instances-${i}`)));
    for (const r of responses) expect(r, JSON.stringify(r.body)).toMatchObject({ status: 202 });
    const ids = responses.map((r) => `go2msg:${r.body.message.id}`);

    const sent = () => [...a.connector.simulator!.sent, ...b.connector.simulator!.sent];
    await waitFor(() => sent().length >= ids.length, { timeout: 30_000, what: 'every message to reach Meta' });
    await Promise.all([a.connector.outbox.drain(), b.connector.outbox.drain()]);

    const all = sent();
    expect(all.map((s) => s.body.biz_opaque_callback_data).sort()).toEqual([...ids].sort());
    expect(mostInAnySecond(all.map((s) => s.receivedAt))).toBeLessThanOrEqual(MPS);
    expect(a.connector.simulator!.sent.length).toBeGreaterThan(0);
    expect(b.connector.simulator!.sent.length).toBeGreaterThan(0);
  }, 60_000);
});
