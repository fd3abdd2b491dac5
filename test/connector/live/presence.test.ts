/**
 * Presence across instances: a panel's report, taken by one instance, reaches
 * the streams of that customer's panels on another instance sharing the
 * PostgreSQL database; the report's answer names who else is there, with the
 * host that vouched for them. Nothing about it is audited.
 */
import { describe, expect, test } from 'vitest';
import type { PresenceView } from '@domain/presence';
import { ApiClient, customerWrites } from '../../support/api';
import { useTwoInstances } from '../../support/connector';
import { signIn } from '../../support/sign-in';
import { openStream } from '../../support/sse';
import { waitFor } from '../../support/wait';

const ORIGIN = 'http://crm.test';
const WA_ID = '16505557301';
const CONTACT = encodeURIComponent(`+${WA_ID}`);
const instances = useTwoInstances(ORIGIN);

describe('presence on two instances of one PostgreSQL database', () => {
  test("Ben typing on instance B shows in Ana's panel on instance A, and each is told who else is there", async () => {
    const { a, b } = instances;
    await customerWrites(a.url, WA_ID, 'Hello?');
    await a.connector.webhooks.idle();
    const ana = new ApiClient(a.url, await signIn(a.url, ORIGIN, 'ana'));
    const ben = new ApiClient(b.url, await signIn(b.url, ORIGIN, 'ben'));
    const auditBefore = (await a.connector.db('audit_log').count<{ n: number }[]>('* as n'))[0]!.n;
    const { lastEventId } = await ana.thread(`+${WA_ID}`);
    const stream = openStream(`${a.url}/api/contacts/${CONTACT}/events?after=${lastEventId}`, ana.session.headers);
    expect(await stream.status).toBe(200);

    const anaHere = await ana.call<{ present: PresenceView[]; serverNow: number }>(`/api/conversations/${CONTACT}/presence`, {
      method: 'POST',
      body: JSON.stringify({ panel: 'panel-ana-0001' }),
    });
    expect(anaHere.status).toBe(200);
    expect(anaHere.body.present).toEqual([]);
    const benTyping = await ben.call<{ present: PresenceView[] }>(`/api/conversations/${CONTACT}/presence`, {
      method: 'POST',
      body: JSON.stringify({ panel: 'panel-ben-0001', typing: true }),
    });
    expect(benTyping.body.present.map((p) => p.teammate.name)).toEqual(['Ana Souza']);

    const seen = await waitFor(() => stream.events.find((e) => e.event === 'presence' && (e.data.presence as PresenceView).teammate.name === 'Ben Carter'), {
      what: "Ben's presence on Ana's stream",
    });
    const presence = seen.data.presence as PresenceView;
    expect(presence.typingUntil).toBeGreaterThan(presence.at);
    expect(presence.viewingUntil).toBeGreaterThan(presence.at);

    await ben.call(`/api/conversations/${CONTACT}/presence`, { method: 'POST', body: JSON.stringify({ panel: 'panel-ben-0001', leaving: true }) });
    await waitFor(
      () => stream.events.some((e) => e.event === 'presence' && (e.data.presence as PresenceView).viewingUntil === (e.data.presence as PresenceView).at),
      { what: 'Ben leaving' },
    );
    stream.close();
    expect((await a.connector.db('audit_log').count<{ n: number }[]>('* as n'))[0]!.n).toBe(auditBefore);
  });

  test('a report without a proper panel id is refused; one for a business-scoped id never seen is NOT_FOUND, one for a new number is taken', async () => {
    const { a } = instances;
    const ana = new ApiClient(a.url, await signIn(a.url, ORIGIN, 'ana'));
    const bad = await ana.call<{ error: { code: string } }>(`/api/conversations/${CONTACT}/presence`, { method: 'POST', body: JSON.stringify({ panel: 'x' }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const unknown = await ana.call<{ error: { code: string } }>(`/api/conversations/${encodeURIComponent('US.1234567890')}/presence`, {
      method: 'POST',
      body: JSON.stringify({ panel: 'panel-ana-0002' }),
    });
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    // A number nobody has written to yet is a customer all the same, as opening its thread makes it.
    const fresh = await ana.call(`/api/conversations/${encodeURIComponent('+16505557399')}/presence`, {
      method: 'POST',
      body: JSON.stringify({ panel: 'panel-ana-0003' }),
    });
    expect(fresh.status).toBe(200);
  });
});
