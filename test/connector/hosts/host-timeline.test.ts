/**
 * Timeline copying (issue 14), off by default: with HOST_TIMELINE on, the customer's later
 * messages and the agents' replies are added to the host record as notes agents alone see
 * (Zendesk internal notes, Freshdesk private notes, HubSpot notes on the ticket, Salesforce
 * private CaseComments), through the host outbox, each exactly once under 20 % injected faults
 * and lost answers; the message that opened the conversation is the record's description and is
 * not copied again. Without HOST_TIMELINE no message event is even stored for a host.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { timelineMarker } from '../../../connector/domain/host-timeline';
import { advanceClock, ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { startFreshdesk } from '../../support/freshdesk';
import { startHubspot } from '../../support/hubspot';
import { startSalesforce } from '../../support/salesforce';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';
import { startZendesk } from '../../support/zendesk';

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

interface HostUnderTest {
  env: Record<string, string>;
  /** The notes on the record, as the host keeps them (text), and whether each is private. */
  notes(recordId: string): Array<{ text: string; private: boolean }>;
  faults(rate: number): void;
  close(): Promise<void>;
}

const HOSTS: Record<string, () => Promise<HostUnderTest>> = {
  zendesk: async () => {
    const z = await startZendesk();
    return {
      env: z.env,
      // The first comment is the ticket's description.
      notes: (id) => (z.simulator.tickets.get(Number(id))?.comments.slice(1) ?? []).map((c) => ({ text: c.body, private: !c.public })),
      faults: (rate) => void (z.simulator.faultRate = rate),
      close: () => z.close(),
    };
  },
  freshdesk: async () => {
    const f = await startFreshdesk();
    return {
      env: f.env,
      notes: (id) => (f.simulator.notes.get(Number(id)) ?? []).map((n) => ({ text: n.body_text, private: n.private })),
      faults: (rate) => void (f.simulator.faultRate = rate),
      close: () => f.close(),
    };
  },
  hubspot: async () => {
    const h = await startHubspot();
    return {
      env: h.env,
      // HubSpot notes are only ever seen by the account's users.
      notes: (id) =>
        [...h.simulator.notes.values()]
          .filter((n) => n.associations.tickets?.includes(id))
          .map((n) => ({ text: (n.properties.hs_note_body ?? '').replace(/<br>/g, '\n').replace(/<\/?div>/g, ''), private: true })),
      faults: (rate) => void (h.simulator.faultRate = rate),
      close: () => h.close(),
    };
  },
  salesforce: async () => {
    const s = await startSalesforce();
    return {
      env: s.env,
      notes: (id) =>
        [...s.simulator.caseComments.values()]
          .filter((c) => c.fields.ParentId === id)
          .map((c) => ({ text: String(c.fields.CommentBody), private: c.fields.IsPublished === false })),
      faults: (rate) => void (s.simulator.faultRate = rate),
      close: () => s.close(),
    };
  },
};

const text = (body: string) => ({ type: 'text', text: { body } });

describe.each(Object.keys(HOSTS))('timeline copying to %s', (name) => {
  let host: HostUnderTest;
  let running: RunningConnector;
  let agent: ApiClient;
  const recordOf = async (waId: string) =>
    waitFor(async () => (await agent.call<{ records?: Array<{ id: string }> }>(`/api/conversations/%2B${waId}`)).body.records?.[0]?.id, {
      what: 'the record',
    });

  test('later customer messages and agent replies become private notes, each once, the opening message not copied', async () => {
    host = await HOSTS[name]!();
    closers.push(() => host.close());
    running = await startConnector({
      db: 'sqlite',
      env: { ...host.env, HOST_TIMELINE: 'on', HOST_TIMEOUT_MS: '300' },
      connector: { hosts: { random: () => 0 } },
    });
    closers.push(() => running.close());
    agent = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));

    const waId = '16505550801';
    await customerWrites(running.url, waId, 'My order is late');
    const recordId = await recordOf(waId);
    const reply = await agent.send(`+${waId}`, text('Sorry! It ships today.'), `timeline-${name}-1`);
    expect(reply.status).toBe(202);
    await customerWrites(running.url, waId, 'Thanks, and the invoice?');
    await running.connector.hosts!.outbox.idle();
    const notes = await waitFor(() => host.notes(recordId).length >= 2 && host.notes(recordId), { what: 'two notes' });
    expect(notes.map((n) => n.text.split('\n\n')[0])).toEqual([
      'Ana Souza (agent) on WhatsApp:\nSorry! It ships today.',
      expect.stringMatching(/\(customer\) on WhatsApp:\nThanks, and the invoice\?$/),
    ]);
    expect(notes.every((n) => n.private)).toBe(true);
    expect(notes[0]!.text).toContain(timelineMarker(reply.body.message.id));
  });

  test('under 20 % injected faults (500s and lost answers) every message is on the record exactly once', async () => {
    const waId = '16505550802';
    await customerWrites(running.url, waId, 'hello');
    const recordId = await recordOf(waId);
    host.faults(0.2);
    const lines = Array.from({ length: 8 }, (_, i) => `question ${i + 1}`);
    for (const line of lines) await customerWrites(running.url, waId, line);
    await waitFor(
      async () => {
        const open = await running.connector
          .db('host_deliveries')
          .where({ contact_id: (await recordContact(running, waId)) ?? 0 })
          .whereNot('status', 'delivered')
          .count<Array<{ n: string }>>({ n: '*' });
        return (Number(open[0]!.n) === 0 && host.notes(recordId).length >= lines.length) || (await advanceClock(running.url, 30), false);
      },
      { timeout: 40_000, interval: 200, what: 'every message on the record' },
    );
    host.faults(0);
    const copied = host.notes(recordId).map((n) => n.text.split('\n')[1]);
    expect(copied).toEqual(lines);
  }, 60_000);
});

async function recordContact(running: RunningConnector, waId: string): Promise<number | null> {
  const row = await running.connector.db('contacts').where({ wa_id: waId }).first('id');
  return row ? Number(row.id) : null;
}

describe('timeline copying is off by default', () => {
  test('without HOST_TIMELINE no message event is stored for a helpdesk, and its record gets no notes', async () => {
    const zendesk = await startZendesk();
    closers.push(() => zendesk.close());
    const running = await startConnector({ db: 'sqlite', env: zendesk.env });
    closers.push(() => running.close());
    await customerWrites(running.url, '16505550803', 'first');
    await customerWrites(running.url, '16505550803', 'second');
    await waitFor(() => zendesk.simulator.tickets.size === 1, { what: 'the ticket' });
    await running.connector.hosts!.outbox.idle();
    expect(await running.connector.db('host_deliveries').where('type', 'like', 'message.%')).toHaveLength(0);
    expect([...zendesk.simulator.tickets.values()][0]!.comments).toHaveLength(1);
  });
});
