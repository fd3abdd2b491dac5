/**
 * Zendesk tickets for conversations (issue 14), against the Zendesk simulator (the shapes,
 * errors and rate-limit headers of Zendesk's reference), on SQLite and PostgreSQL: a ticket
 * per conversation, linked both ways; solving it in Zendesk resolves the conversation
 * through a signed webhook (Zendesk's scheme, signed by the simulator's own code); reopening
 * the conversation reopens the ticket; one ticket per conversation under 20 % injected
 * faults and lost answers; a revoked token pauses Zendesk and never shows up anywhere.
 */
import { describe, expect, test } from 'vitest';
import type { HostStatusView } from '../../../connector/domain/host-delivery';
import { signZendeskWebhook } from '../../../connector/sandbox/zendesk/zendesk-simulator';
import { advanceClock, customerWrites } from '../../support/api';
import { DB_KINDS } from '../../support/databases';
import { useHostConnector } from '../../support/host-harness';
import { waitFor } from '../../support/wait';
import { startZendesk, ZENDESK_TEST } from '../../support/zendesk';

describe.each(DB_KINDS)('Zendesk tickets, on %s', (kind) => {
  const bench = useHostConnector(kind, startZendesk, '/webhooks/zendesk');
  const { logs, conversation, health } = bench;
  const ticketOf = (contactId: number) => [...bench.host.simulator.tickets.values()].filter((t) => t.external_id === `go2msg:${contactId}`);

  test('a new conversation becomes a ticket: requester by phone, tag whatsapp, subject and description from the first message, linked both ways', async () => {
    const waId = '16505550201';
    await customerWrites(bench.running.url, waId, 'My order #778 has not arrived\nIt was due Monday');
    const view = await waitFor(
      async () => {
        const c = await conversation(waId);
        return c.records?.length ? c : null;
      },
      { what: 'the ticket on the conversation' },
    );
    const [ticket] = ticketOf(view.contact.id);
    expect(ticket).toMatchObject({
      subject: 'My order #778 has not arrived',
      description: 'My order #778 has not arrived\nIt was due Monday',
      tags: ['whatsapp'],
      via: { channel: 'api' },
      status: 'new',
    });
    expect(bench.host.simulator.users.get(ticket!.requester_id)).toMatchObject({ phone: `+${waId}`, role: 'end-user' });
    expect(view.records).toEqual([{ host: 'zendesk', id: String(ticket!.id), url: `${bench.host.url}/agent/tickets/${ticket!.id}` }]);
    const audit = await bench.running.connector
      .db('audit_log')
      .where({ action: 'conversation.linked', contact_id: view.contact.id })
      .select('teammate_id', 'details');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details)).toEqual({ host: 'zendesk', recordId: String(ticket!.id), url: view.records![0]!.url });

    // Another customer: a requester of their own.
    const other = '16505550202';
    await customerWrites(bench.running.url, other, 'hi');
    await waitFor(async () => (await conversation(other)).records?.length, { what: 'the second ticket' });
    expect(bench.host.simulator.users.size).toBe(2);
  });

  test('solving the ticket in Zendesk resolves the conversation; a customer writing again reopens the ticket; resolving in go2msg solves it', async () => {
    const waId = '16505550203';
    await customerWrites(bench.running.url, waId, 'Can I change my address?');
    const contactId = (
      await waitFor(async () => {
        const c = await conversation(waId);
        return c.records?.length ? c : null;
      })
    ).contact.id;
    const ticket = ticketOf(contactId)[0]!;

    expect(await bench.host.simulator.agentSetsStatus(ticket.id, 'solved')).toBe(200);
    expect((await conversation(waId)).state).toBe('resolved');
    const audit = await bench.running.connector
      .db('audit_log')
      .where({ action: 'conversation.resolved', contact_id: contactId })
      .first('teammate_id', 'details');
    expect(audit.teammate_id).toBeNull();
    expect(JSON.parse(audit.details)).toMatchObject({ cause: 'zendesk' });
    // Not told back to Zendesk: nothing was queued for it.
    expect(await bench.running.connector.db('host_deliveries').where({ host: 'zendesk', contact_id: contactId, type: 'conversation.resolved' })).toHaveLength(
      0,
    );

    await customerWrites(bench.running.url, waId, 'Actually one more thing');
    await waitFor(() => ticket.status === 'open' || bench.host.simulator.tickets.get(ticket.id)!.status === 'open', { what: 'the ticket reopened' });
    expect(bench.host.simulator.tickets.get(ticket.id)!.comments.at(-1)).toEqual({
      body: 'The customer wrote again on WhatsApp: Actually one more thing',
      public: false,
    });
    expect(ticketOf(contactId)).toHaveLength(1);

    await bench.agent.call(`/api/conversations/%2B${waId}/resolve`, { method: 'POST', body: '{}' });
    await waitFor(() => bench.host.simulator.tickets.get(ticket.id)!.status === 'solved', { what: 'the ticket solved from go2msg' });
  });

  test('a closed ticket is not reopened: the conversation goes on in a follow-up ticket', async () => {
    const waId = '16505550204';
    await customerWrites(bench.running.url, waId, 'first');
    const contactId = (
      await waitFor(async () => {
        const c = await conversation(waId);
        return c.records?.length ? c : null;
      })
    ).contact.id;
    const first = ticketOf(contactId)[0]!;
    await bench.host.simulator.agentSetsStatus(first.id, 'closed');
    await customerWrites(bench.running.url, waId, 'back again');
    const followUp = await waitFor(() => ticketOf(contactId).find((t) => t.id !== first.id), { what: 'the follow-up ticket' });
    expect(followUp).toMatchObject({ via_followup_source_id: first.id, tags: ['whatsapp'] });
    await waitFor(async () => (await conversation(waId)).records?.[0]?.id === String(followUp.id), { what: 'the link moved to the follow-up' });
  });

  test("the webhook is refused unless signed with Zendesk's scheme and recent", async () => {
    const body = JSON.stringify({ ticket_id: '1001', status: 'solved' });
    const post = (headers: Record<string, string>) =>
      fetch(`${bench.running.url}/webhooks/zendesk`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const now = new Date().toISOString();
    expect((await post({})).status).toBe(401);
    expect(
      (await post({ 'x-zendesk-webhook-signature': signZendeskWebhook('another-secret', now, body), 'x-zendesk-webhook-signature-timestamp': now })).status,
    ).toBe(401);
    const old = new Date(Date.now() - 3_600_000).toISOString();
    expect(
      (await post({ 'x-zendesk-webhook-signature': signZendeskWebhook(ZENDESK_TEST.webhookSecret, old, body), 'x-zendesk-webhook-signature-timestamp': old }))
        .status,
    ).toBe(401);
    const refused = await post({
      'x-zendesk-webhook-signature': signZendeskWebhook(ZENDESK_TEST.webhookSecret, now, `${body} `),
      'x-zendesk-webhook-signature-timestamp': now,
    });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('SIGNATURE_INVALID');
    const accepted = await post({
      'x-zendesk-webhook-signature': signZendeskWebhook(ZENDESK_TEST.webhookSecret, now, body),
      'x-zendesk-webhook-signature-timestamp': now,
    });
    expect(accepted.status).toBe(200);
  });

  test('under 20 % injected faults (500s and lost answers) each conversation gets exactly one ticket', async () => {
    bench.host.simulator.faultRate = 0.2;
    const customers = Array.from({ length: 12 }, (_, i) => `1650555${String(3100 + i)}`);
    const before = bench.host.simulator.createRequests.length;
    for (const waId of customers) await customerWrites(bench.running.url, waId, `order question ${waId}`);
    const ids = await Promise.all(customers.map(async (waId) => (await conversation(waId)).contact.id));
    // Retries back off (0.5 s, 1 s, 2 s …, by the sandbox clock): time is moved on rather than waited for.
    await waitFor(async () => ids.every((id) => ticketOf(id).length > 0) || (await advanceClock(bench.running.url, 30), false), {
      timeout: 40_000,
      interval: 200,
      what: 'a ticket for every conversation',
    });
    bench.host.simulator.faultRate = 0;
    for (const id of ids) expect(ticketOf(id)).toHaveLength(1);
    expect(bench.host.simulator.createRequests.length - before).toBe(customers.length);
  }, 60_000);

  test('a revoked API token pauses Zendesk with an alert, and never appears in logs, errors or the admin API', async () => {
    bench.host.simulator.apiToken = 'rotated-in-zendesk';
    const waId = '16505550205';
    await customerWrites(bench.running.url, waId, 'hello?');
    await waitFor(async () => (await health()).alerts.some((a) => a.code === 'HOST_PAUSED_ZENDESK'), { what: 'the alert' });
    const hosts = (await bench.admin.call<{ data: HostStatusView[] }>('/api/admin/hosts')).body;
    expect(hosts.data[0]).toMatchObject({
      host: 'zendesk',
      pausedReason: 'Zendesk (127.0.0.1' + bench.host.url.slice('http://127.0.0.1'.length) + ') refused the credential (HTTP 401)',
    });
    bench.host.simulator.apiToken = ZENDESK_TEST.apiToken;
    await bench.admin.call('/api/admin/hosts/zendesk/resume', { method: 'POST' });
    await waitFor(async () => (await conversation(waId)).records?.length, { what: 'the ticket after the fix' });
    const everything = [
      ...logs,
      JSON.stringify(hosts),
      JSON.stringify(await health()),
      JSON.stringify(await bench.running.connector.db('host_deliveries').select('last_error')),
    ].join('\n');
    const basic = Buffer.from(`${ZENDESK_TEST.email}/token:${ZENDESK_TEST.apiToken}`).toString('base64');
    expect(everything).not.toContain(ZENDESK_TEST.apiToken);
    expect(everything).not.toContain(basic);
  });
});
