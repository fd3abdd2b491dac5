/**
 * Freshdesk tickets for conversations (issue 14), against the Freshdesk simulator, on SQLite
 * and PostgreSQL: a ticket per conversation (contact found or created by phone, tag
 * whatsapp), linked both ways; resolving it in Freshdesk resolves the conversation through its
 * automation's webhook (token checked); a customer writing again reopens it; one ticket per
 * conversation under 20 % injected faults and lost answers; the API key never shows up.
 */
import { describe, expect, test } from 'vitest';
import { advanceClock, customerWrites } from '../../support/api';
import { DB_KINDS } from '../../support/databases';
import { useHostConnector } from '../../support/host-harness';
import { FRESHDESK_TEST, startFreshdesk } from '../../support/freshdesk';
import { waitFor } from '../../support/wait';

describe.each(DB_KINDS)('Freshdesk tickets, on %s', (kind) => {
  const bench = useHostConnector(kind, startFreshdesk, '/webhooks/freshdesk');
  const { logs, conversation, withRecord } = bench;
  const ticketsOf = (contactId: number) => [...bench.host.simulator.tickets.values()].filter((t) => t.tags.includes(`go2msg-${contactId}`));

  test('a new conversation becomes an open chat ticket tagged whatsapp, its contact created by phone, linked both ways', async () => {
    const waId = '16505550401';
    await customerWrites(bench.running.url, waId, 'Where is <my> order?\nThanks');
    const view = await withRecord(waId);
    const [ticket] = ticketsOf(view.contact.id);
    expect(ticket).toMatchObject({
      subject: 'Where is <my> order?',
      description: '<div>Where is &lt;my&gt; order?<br>Thanks</div>',
      status: 2,
      source: 7,
      tags: ['whatsapp', `go2msg-${view.contact.id}`],
    });
    expect(bench.host.simulator.contacts.get(ticket!.requester_id)).toMatchObject({ phone: `+${waId}` });
    expect(view.records).toEqual([{ host: 'freshdesk', id: String(ticket!.id), url: `${bench.host.url}/a/tickets/${ticket!.id}` }]);
  });

  test('resolved in Freshdesk resolves the conversation; the customer writing again reopens the ticket; resolving in go2msg resolves it', async () => {
    const waId = '16505550402';
    await customerWrites(bench.running.url, waId, 'Refund please');
    const view = await withRecord(waId);
    const ticket = ticketsOf(view.contact.id)[0]!;
    expect(await bench.host.simulator.agentSetsStatus(ticket.id, 4)).toBe(200);
    expect((await conversation(waId)).state).toBe('resolved');
    expect(
      await bench.running.connector.db('host_deliveries').where({ host: 'freshdesk', contact_id: view.contact.id, type: 'conversation.resolved' }),
    ).toHaveLength(0);
    await customerWrites(bench.running.url, waId, 'One more question');
    await waitFor(() => bench.host.simulator.tickets.get(ticket.id)!.status === 2, { what: 'the ticket reopened' });
    await bench.agent.call(`/api/conversations/%2B${waId}/resolve`, { method: 'POST', body: '{}' });
    await waitFor(() => bench.host.simulator.tickets.get(ticket.id)!.status === 4, { what: 'the ticket resolved from go2msg' });
    expect(ticketsOf(view.contact.id)).toHaveLength(1);
  });

  test('the webhook is refused without the token', async () => {
    const post = (token?: string) =>
      fetch(`${bench.running.url}/webhooks/freshdesk`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { 'x-go2msg-webhook-token': token } : {}) },
        body: JSON.stringify({ ticket_id: 1, status: 'Resolved' }),
      });
    expect((await post()).status).toBe(401);
    expect((await post('not-the-token-0123456789abcdef')).status).toBe(401);
    expect((await post(FRESHDESK_TEST.webhookToken)).status).toBe(200);
  });

  test('under 20 % injected faults (500s and lost answers) each conversation gets exactly one ticket', async () => {
    bench.host.simulator.faultRate = 0.2;
    const customers = Array.from({ length: 10 }, (_, i) => `1650555${String(5100 + i)}`);
    for (const waId of customers) await customerWrites(bench.running.url, waId, `question ${waId}`);
    const ids = await Promise.all(customers.map(async (waId) => (await conversation(waId)).contact.id));
    await waitFor(async () => ids.every((id) => ticketsOf(id).length > 0) || (await advanceClock(bench.running.url, 30), false), {
      timeout: 40_000,
      interval: 200,
      what: 'a ticket for every conversation',
    });
    bench.host.simulator.faultRate = 0;
    for (const id of ids) expect(ticketsOf(id)).toHaveLength(1);
  }, 60_000);

  test('the API key never reaches a log line or a stored error', async () => {
    const basic = Buffer.from(`${FRESHDESK_TEST.apiKey}:X`).toString('base64');
    const everything = [...logs, JSON.stringify(await bench.running.connector.db('host_deliveries').select('last_error'))].join('\n');
    expect(everything).not.toContain(FRESHDESK_TEST.apiKey);
    expect(everything).not.toContain(basic);
  });
});
