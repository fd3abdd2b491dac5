/**
 * HubSpot help desk tickets for conversations (issue 14), against the HubSpot simulator (CRM v3
 * shapes, errors and rate-limit headers), on SQLite and PostgreSQL: a ticket per conversation
 * in the help desk pipeline, associated with the contact found or created by phone, linked
 * both ways; closing it in HubSpot resolves the conversation through the app's webhook (v3
 * signature, checked against HubSpot's own client library); reopening reopens it; one ticket
 * per conversation under 20 % injected faults and lost answers, and with two instances on one
 * PostgreSQL database; a revoked token pauses HubSpot and never shows up anywhere.
 */
import { Signature } from '@hubspot/api-client/lib/src/utils/signature';
import { afterAll, describe, expect, test } from 'vitest';
import { hubspotSignatureProblem, hubspotSignatureV3 } from '../../../connector/auth/host-proofs/hubspot';
import { signHubspotV3 } from '../../../connector/sandbox/hubspot/hubspot-simulator';
import { advanceClock, customerWrites } from '../../support/api';
import { DB_KINDS } from '../../support/databases';
import { deliverFromTwoInstances, useHostConnector } from '../../support/host-harness';
import { HUBSPOT_TEST, startHubspot, type HubspotServer } from '../../support/hubspot';
import { waitFor } from '../../support/wait';

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

const ticketsOf = (hubspot: HubspotServer, contactId: number) =>
  [...hubspot.simulator.tickets.values()].filter((t) => t.properties.go2msg_conversation === `go2msg:${contactId}`);

describe.each(DB_KINDS)('HubSpot tickets, on %s', (kind) => {
  const bench = useHostConnector(kind, startHubspot, '/webhooks/hubspot');
  const { logs, conversation, health, withRecord } = bench;

  test('a new conversation becomes a help desk ticket associated with the contact found or created by phone, linked both ways', async () => {
    const waId = '16505550601';
    await customerWrites(bench.running.url, waId, 'My parcel is damaged\nPhotos to follow');
    const view = await withRecord(waId);
    const [ticket] = ticketsOf(bench.host, view.contact.id);
    expect(ticket!.properties).toMatchObject({
      subject: 'My parcel is damaged',
      content: 'My parcel is damaged\nPhotos to follow',
      hs_pipeline: '0',
      hs_pipeline_stage: '1',
      source_type: 'CHAT',
      go2msg_whatsapp_number: `+${waId}`,
    });
    const [contactId] = ticket!.associations.contacts!;
    expect(bench.host.simulator.contacts.get(contactId!)!.properties).toMatchObject({ phone: `+${waId}` });
    expect(bench.host.simulator.ticketProperties.get('go2msg_conversation')).toEqual({ hasUniqueValue: true });
    expect(view.records).toEqual([
      // The record's page on the account's UI domain (a real account's is app.bench.host.com or app-eu1.bench.host.com).
      { host: 'hubspot', id: ticket!.id, url: `https://${new URL(bench.host.url).host}/contacts/${bench.host.simulator.portalId}/record/0-5/${ticket!.id}` },
    ]);

    // A customer HubSpot already knows (by mobile phone) is associated, not created again.
    const known = '16505550602';
    bench.host.simulator.createContact({ properties: { mobilephone: `+${known}`, firstname: 'Known' } });
    const contactsBefore = bench.host.simulator.contacts.size;
    await customerWrites(bench.running.url, known, 'hello again');
    const second = await withRecord(known);
    expect(bench.host.simulator.contacts.size).toBe(contactsBefore);
    expect(bench.host.simulator.contacts.get(ticketsOf(bench.host, second.contact.id)[0]!.associations.contacts![0]!)!.properties.firstname).toBe('Known');
  });

  test('closed in HubSpot resolves the conversation; the customer writing again reopens the ticket; resolving in go2msg closes it', async () => {
    const waId = '16505550603';
    await customerWrites(bench.running.url, waId, 'Refund please');
    const view = await withRecord(waId);
    const ticket = ticketsOf(bench.host, view.contact.id)[0]!;
    expect(await bench.host.simulator.agentMovesTicket(ticket.id, '4')).toBe(200);
    expect((await conversation(waId)).state).toBe('resolved');
    const audit = await bench.running.connector.db('audit_log').where({ action: 'conversation.resolved', contact_id: view.contact.id }).first('details');
    expect(JSON.parse(audit.details)).toMatchObject({ cause: 'hubspot' });
    expect(
      await bench.running.connector.db('host_deliveries').where({ host: 'hubspot', contact_id: view.contact.id, type: 'conversation.resolved' }),
    ).toHaveLength(0);

    await customerWrites(bench.running.url, waId, 'One more question');
    await waitFor(() => ticket.properties.hs_pipeline_stage === '1', { what: 'the ticket back in the first open stage' });
    await bench.agent.call(`/api/conversations/%2B${waId}/resolve`, { method: 'POST', body: '{}' });
    await waitFor(() => ticket.properties.hs_pipeline_stage === '4', { what: 'the ticket closed from go2msg' });
    // Moved back to an open stage in HubSpot: the conversation reopens.
    expect(await bench.host.simulator.agentMovesTicket(ticket.id, '3')).toBe(200);
    expect((await conversation(waId)).state).not.toBe('resolved');
    expect(ticketsOf(bench.host, view.contact.id)).toHaveLength(1);
  });

  test("the webhook is refused unless signed with the app's client secret, v3, and recent", async () => {
    const url = `${bench.running.url}/webhooks/hubspot`;
    const body = JSON.stringify([{ subscriptionType: 'ticket.propertyChange', objectId: 1, propertyName: 'hs_pipeline_stage', propertyValue: '4' }]);
    const post = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const now = String(Date.now());
    const signed = (secret: string, timestamp: string, signedBody = body) => ({
      'x-hubspot-signature-v3': signHubspotV3(secret, 'POST', url, signedBody, timestamp),
      'x-hubspot-request-timestamp': timestamp,
    });
    expect((await post({})).status).toBe(401);
    expect((await post(signed('another-secret-0123456789', now))).status).toBe(401);
    expect((await post(signed(HUBSPOT_TEST.clientSecret, String(Date.now() - 3_600_000)))).status).toBe(401);
    const tampered = await post(signed(HUBSPOT_TEST.clientSecret, now, `${body} `));
    expect(tampered.status).toBe(401);
    expect(((await tampered.json()) as { error: { code: string } }).error.code).toBe('SIGNATURE_INVALID');
    const accepted = await post(signed(HUBSPOT_TEST.clientSecret, now));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ outcomes: ['unknown-record'] });
  });

  test('under 20 % injected faults (500s and lost answers) each conversation gets exactly one ticket', async () => {
    bench.host.simulator.faultRate = 0.2;
    const before = bench.host.simulator.createRequests.length;
    const customers = Array.from({ length: 10 }, (_, i) => `1650555${String(6100 + i)}`);
    for (const waId of customers) await customerWrites(bench.running.url, waId, `question ${waId}`);
    const ids = await Promise.all(customers.map(async (waId) => (await conversation(waId)).contact.id));
    await waitFor(
      async () => {
        const open = await bench.running.connector
          .db('host_deliveries')
          .whereIn('contact_id', ids)
          .whereNot('status', 'delivered')
          .count<Array<{ n: string }>>({ n: '*' });
        return (Number(open[0]!.n) === 0 && ids.every((id) => ticketsOf(bench.host, id).length > 0)) || (await advanceClock(bench.running.url, 30), false);
      },
      { timeout: 40_000, interval: 200, what: 'a ticket for every conversation' },
    );
    bench.host.simulator.faultRate = 0;
    for (const id of ids) expect(ticketsOf(bench.host, id)).toHaveLength(1);
    // A lost answer is found again by the unique conversation property, never created twice.
    expect(bench.host.simulator.createRequests.length - before).toBe(customers.length);
  }, 60_000);

  test('a revoked token pauses HubSpot with an alert; the token never reaches a log line, a stored error or the admin API', async () => {
    bench.host.simulator.accessToken = 'rotated-in-hubspot';
    const waId = '16505550604';
    await customerWrites(bench.running.url, waId, 'anyone there?');
    await waitFor(async () => (await health()).alerts.some((a) => a.code === 'HOST_PAUSED_HUBSPOT'), { what: 'the alert' });
    const hosts = await bench.admin.call('/api/admin/hosts');
    bench.host.simulator.accessToken = HUBSPOT_TEST.accessToken;
    await bench.admin.call('/api/admin/hosts/hubspot/resume', { method: 'POST' });
    await withRecord(waId);
    const everything = [
      ...logs,
      JSON.stringify(hosts.body),
      JSON.stringify(await health()),
      JSON.stringify(await bench.running.connector.db('host_deliveries').select('last_error')),
    ].join('\n');
    expect(everything).not.toContain(HUBSPOT_TEST.accessToken);
    expect(everything).not.toContain(HUBSPOT_TEST.clientSecret);
  });
});

describe("HubSpot's v3 signature", () => {
  test("our signer and verifier agree with HubSpot's own client library (@hubspot/api-client Signature)", () => {
    const request = {
      method: 'POST',
      uri: 'https://wa.acme.example/webhooks/hubspot?portalId=123&userEmail=ana@acme.example',
      body: '[{"objectId":1,"propertyName":"hs_pipeline_stage","propertyValue":"4"}]',
      timestamp: String(Date.now()),
    };
    const ours = hubspotSignatureV3(HUBSPOT_TEST.clientSecret, request);
    const theirs = Signature.getSignature('POST', 'v3', {
      signature: '',
      clientSecret: HUBSPOT_TEST.clientSecret,
      requestBody: request.body,
      url: request.uri,
      timestamp: Number(request.timestamp),
    });
    expect(ours).toBe(theirs);
    expect(
      Signature.isValid({
        signatureVersion: 'v3',
        signature: ours,
        clientSecret: HUBSPOT_TEST.clientSecret,
        requestBody: request.body,
        url: request.uri,
        method: 'POST',
        timestamp: Number(request.timestamp),
      }),
    ).toBe(true);
    expect(hubspotSignatureProblem(HUBSPOT_TEST.clientSecret, { ...request, signature: theirs }, Date.now())).toBeNull();
    // HubSpot's docs decode a few escapes in the URL before hashing (its library leaves that to the caller): the decoded URL signs the same.
    const escaped = { ...request, uri: 'https://wa.acme.example/webhooks/hubspot?userEmail=ana%40acme.example' };
    const decodedTheirs = Signature.getSignature('POST', 'v3', {
      signature: '',
      clientSecret: HUBSPOT_TEST.clientSecret,
      requestBody: request.body,
      url: 'https://wa.acme.example/webhooks/hubspot?userEmail=ana@acme.example',
      timestamp: Number(request.timestamp),
    });
    expect(hubspotSignatureV3(HUBSPOT_TEST.clientSecret, escaped)).toBe(decodedTheirs);
  });
});

describe('two instances on one PostgreSQL database', () => {
  test('deliver from one queue under 20 % faults: one HubSpot ticket per conversation, never two', async () => {
    const hubspot = await startHubspot({ latencyMs: 5 });
    closers.push(() => hubspot.close());
    hubspot.simulator.faultRate = 0.2;
    const customers = Array.from({ length: 12 }, (_, i) => `1650555${String(6200 + i)}`);
    const ids = await deliverFromTwoInstances(hubspot, customers, closers);
    for (const id of ids) expect(ticketsOf(hubspot, id)).toHaveLength(1);
    expect(hubspot.simulator.createRequests).toHaveLength(customers.length);
  }, 90_000);
});
