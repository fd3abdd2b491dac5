/**
 * Salesforce Cases for conversations (issue 14), against the Salesforce simulator (token
 * endpoint and REST shapes, error arrays, Sforce-Limit-Info), on SQLite and PostgreSQL: the
 * client credentials flow of an External Client App; a Case per conversation upserted by its
 * External ID, with the Contact found by SOQL or created, linked both ways; a Case closed in
 * Salesforce resolves the conversation (the Flow's callout, the Case read back from the API);
 * reopening reopens it; an expired session is renewed once; 403 REQUEST_LIMIT_EXCEEDED holds
 * deliveries without pausing; one Case per conversation under 20 % faults and on two
 * PostgreSQL instances; a refused secret pauses Salesforce; no credential ever shows.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { contactByPhoneQuery, soqlString } from '../../../connector/domain/salesforce';
import { advanceClock, customerWrites } from '../../support/api';
import { DB_KINDS } from '../../support/databases';
import { deliverFromTwoInstances, useHostConnector } from '../../support/host-harness';
import { SALESFORCE_TEST, startSalesforce, type SalesforceServer } from '../../support/salesforce';
import { waitFor } from '../../support/wait';

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

const casesOf = (salesforce: SalesforceServer, contactId: number) =>
  [...salesforce.simulator.cases.values()].filter((c) => c.fields.Go2msg_Conversation__c === `go2msg:${contactId}`);

describe.each(DB_KINDS)('Salesforce Cases, on %s', (kind) => {
  const bench = useHostConnector(kind, startSalesforce, '/webhooks/salesforce');
  const { logs, conversation, health, withRecord } = bench;

  test('a new conversation becomes a Case with its Contact found by phone or created, linked both ways', async () => {
    const waId = '16505550701';
    await customerWrites(bench.running.url, waId, "The blender's lid cracked\nOrder 5521");
    const view = await withRecord(waId);
    const [found] = casesOf(bench.host, view.contact.id);
    expect(found!.fields).toMatchObject({
      Subject: "The blender's lid cracked",
      Description: "The blender's lid cracked\nOrder 5521",
      Status: 'New',
      Go2msg_WhatsApp__c: `+${waId}`,
    });
    expect(bench.host.simulator.contacts.get(String(found!.fields.ContactId))!.fields).toMatchObject({ MobilePhone: `+${waId}` });
    expect(view.records).toEqual([{ host: 'salesforce', id: found!.Id, url: `${bench.host.url}/lightning/r/Case/${found!.Id}/view` }]);

    // A customer the org already has as a Contact (by Phone) is used, not created again.
    const known = '16505550702';
    bench.host.simulator.createContact({ LastName: "O'Brien", Phone: `+${known}` });
    const before = bench.host.simulator.contacts.size;
    await customerWrites(bench.running.url, known, 'hi');
    const second = await withRecord(known);
    expect(bench.host.simulator.contacts.size).toBe(before);
    expect(bench.host.simulator.contacts.get(String(casesOf(bench.host, second.contact.id)[0]!.fields.ContactId))!.fields.LastName).toBe("O'Brien");
  });

  test('closed in Salesforce resolves the conversation; the customer writing again reopens the Case; resolving in go2msg closes it', async () => {
    const waId = '16505550703';
    await customerWrites(bench.running.url, waId, 'Where is my invoice?');
    const view = await withRecord(waId);
    const found = casesOf(bench.host, view.contact.id)[0]!;
    expect(await bench.host.simulator.agentSetsStatus(found.Id, 'Closed')).toBe(200);
    expect((await conversation(waId)).state).toBe('resolved');
    const audit = await bench.running.connector.db('audit_log').where({ action: 'conversation.resolved', contact_id: view.contact.id }).first('details');
    expect(JSON.parse(audit.details)).toMatchObject({ cause: 'salesforce' });

    await customerWrites(bench.running.url, waId, 'Still nothing');
    await waitFor(() => found.fields.Status === 'New', { what: 'the Case reopened' });
    await bench.agent.call(`/api/conversations/%2B${waId}/resolve`, { method: 'POST', body: '{}' });
    await waitFor(() => found.fields.Status === 'Closed', { what: 'the Case closed from go2msg' });
    expect(await bench.host.simulator.agentSetsStatus(found.Id, 'Working')).toBe(200);
    expect((await conversation(waId)).state).not.toBe('resolved');
    expect(casesOf(bench.host, view.contact.id)).toHaveLength(1);
  });

  test("the Flow's callout needs the token, and only makes the connector read the Case from Salesforce", async () => {
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${bench.running.url}/webhooks/salesforce`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await post({}, { caseId: '500000000000001' })).status).toBe(401);
    expect((await post({ 'x-go2msg-webhook-token': 'not-the-token-0123456789abcdef' }, { caseId: '500000000000001' })).status).toBe(401);
    expect((await post({ 'x-go2msg-webhook-token': SALESFORCE_TEST.webhookToken }, { caseId: "5' OR Id != '" })).status).toBe(400);
    // A Case that is no conversation's changes nothing, whatever the request claims, and is not even read.
    const unknown = await post({ 'x-go2msg-webhook-token': SALESFORCE_TEST.webhookToken }, { caseId: '500000000000001', status: 'Closed' });
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ outcome: 'unknown-record' });
  });

  test('an expired session is renewed once, without pausing; 403 REQUEST_LIMIT_EXCEEDED holds deliveries and is not a refused credential', async () => {
    bench.host.simulator.expireSessions();
    const waId = '16505550704';
    await customerWrites(bench.running.url, waId, 'after the session timed out');
    await withRecord(waId);
    expect((await health()).alerts.some((a) => a.code === 'HOST_PAUSED_SALESFORCE')).toBe(false);

    bench.host.simulator.dailyRequests = 0;
    const limited = '16505550705';
    await customerWrites(bench.running.url, limited, 'while the org is out of API calls');
    await waitFor(
      async () => ((await bench.admin.call<{ data: Array<{ host: string; heldUntil: number | null }> }>('/api/admin/hosts')).body.data[0]?.heldUntil ?? 0) > 0,
      {
        what: 'Salesforce held back',
      },
    );
    expect((await health()).alerts.some((a) => a.code === 'HOST_PAUSED_SALESFORCE')).toBe(false);
    bench.host.simulator.dailyRequests = 100_000;
    bench.host.simulator.resetUsage();
    await waitFor(async () => (await conversation(limited)).records?.length || (await advanceClock(bench.running.url, 15 * 60), false), {
      timeout: 20_000,
      interval: 200,
      what: 'the Case once the limit is back',
    });
  });

  test('under 20 % injected faults (500s and lost answers) each conversation gets exactly one Case', async () => {
    bench.host.simulator.faultRate = 0.2;
    const customers = Array.from({ length: 10 }, (_, i) => `1650555${String(7100 + i)}`);
    for (const waId of customers) await customerWrites(bench.running.url, waId, `question ${waId}`);
    const ids = await Promise.all(customers.map(async (waId) => (await conversation(waId)).contact.id));
    await waitFor(
      async () => {
        const open = await bench.running.connector
          .db('host_deliveries')
          .whereIn('contact_id', ids)
          .whereNot('status', 'delivered')
          .count<Array<{ n: string }>>({ n: '*' });
        return (Number(open[0]!.n) === 0 && ids.every((id) => casesOf(bench.host, id).length > 0)) || (await advanceClock(bench.running.url, 30), false);
      },
      { timeout: 40_000, interval: 200, what: 'a Case for every conversation' },
    );
    bench.host.simulator.faultRate = 0;
    for (const id of ids) expect(casesOf(bench.host, id)).toHaveLength(1);
  }, 60_000);

  test('a refused consumer secret pauses Salesforce with an alert; no credential reaches a log line, a stored error or the admin API', async () => {
    bench.host.simulator.clientSecret = 'rotated-in-salesforce';
    bench.host.simulator.expireSessions();
    const waId = '16505550706';
    await customerWrites(bench.running.url, waId, 'hello?');
    await waitFor(async () => (await health()).alerts.some((a) => a.code === 'HOST_PAUSED_SALESFORCE'), { what: 'the alert' });
    const hosts = await bench.admin.call('/api/admin/hosts');
    bench.host.simulator.clientSecret = SALESFORCE_TEST.clientSecret;
    await bench.admin.call('/api/admin/hosts/salesforce/resume', { method: 'POST' });
    await withRecord(waId);
    const everything = [
      ...logs,
      JSON.stringify(hosts.body),
      JSON.stringify(await health()),
      JSON.stringify(await bench.running.connector.db('host_deliveries').select('last_error')),
    ].join('\n');
    expect(everything).not.toContain(SALESFORCE_TEST.clientSecret);
    expect(everything).not.toMatch(/00D5g000008XyzQEAS!/);
  });
});

describe('the Contact query', () => {
  test('a value can never end the SOQL literal', () => {
    expect(soqlString("+1 650 O'Brien \\ x")).toBe("'+1 650 O\\'Brien \\\\ x'");
    expect(contactByPhoneQuery("' OR Name != '")).toBe(
      "SELECT Id FROM Contact WHERE Phone = '\\' OR Name != \\'' OR MobilePhone = '\\' OR Name != \\'' ORDER BY CreatedDate LIMIT 1",
    );
  });
});

describe('two instances on one PostgreSQL database', () => {
  test('deliver from one queue under 20 % faults: one Case per conversation, never two', async () => {
    const salesforce = await startSalesforce({ latencyMs: 5 });
    closers.push(() => salesforce.close());
    salesforce.simulator.faultRate = 0.2;
    const customers = Array.from({ length: 12 }, (_, i) => `1650555${String(7200 + i)}`);
    const ids = await deliverFromTwoInstances(salesforce, customers, closers);
    for (const id of ids) expect(casesOf(salesforce, id)).toHaveLength(1);
    expect(salesforce.simulator.caseCreations).toHaveLength(customers.length);
  }, 90_000);
});
