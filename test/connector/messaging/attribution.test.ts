/**
 * Every outbound message and its audit row carry the teammate, the host and
 * the host user it came from; with a signature configured, the customer sees
 * the teammate's first name on free text (never on templates). Both databases.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEXT_BODY_MAX } from '../../../connector/domain/limits';
import type { TokenResponse } from '../../../connector/domain/sign-in';
import { auditForMessage } from '../../../connector/store/audit-reader';
import { ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { CRM_HOST, crmProof, HOSTS_ENV } from '../../support/host-proofs';
import { postJson, signIn, signedIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';

const CUSTOMER = '+16505559876';
const text = (body: string) => ({ type: 'text', text: { body } });

describe.each(DB_KINDS)('attribution on %s', (kind) => {
  let running: RunningConnector;
  let viaCrm: ApiClient;
  let viaSso: ApiClient;

  beforeAll(async () => {
    running = await startConnector({ db: kind, env: { ...HOSTS_ENV, SIGNATURE_MODE: 'suffix' } });
    // Ana links her CRM user once through SSO, then the CRM's proof signs her in.
    const hostSession = async () =>
      postJson<TokenResponse & { error?: { details: { linkTicket: string } } }>(
        `${running.url}/auth/host-session`,
        { host: CRM_HOST, proof: await crmProof('crm-ana', running.url) },
        { origin: running.demoUrl },
      );
    await signIn(running.url, running.demoUrl, 'ana', { linkTicket: (await hostSession()).body.error!.details.linkTicket });
    viaCrm = new ApiClient(running.url, signedIn((await hostSession()).body, running.demoUrl));
    viaSso = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ben'));
    await customerWrites(running.url, CUSTOMER.slice(1), 'Hello, anyone there?');
    await waitFor(async () => (await viaSso.thread(CUSTOMER)).contact.lastInboundAt !== null);
  });

  afterAll(async () => {
    await running?.close();
  });

  test('a message sent from the CRM names the teammate, the CRM and the CRM user, in the row, the view and the audit', async () => {
    const sent = await viaCrm.send(CUSTOMER, text('On it!'), 'attribution-crm-1');
    expect(sent.status).toBe(202);
    const message = sent.body.message;
    expect(message.sender).toEqual({ teammateId: viaCrm.session.teammate.id, name: 'Ana Souza', host: CRM_HOST });
    expect(await running.connector.db('messages').where({ id: message.id }).first('teammate_id', 'host', 'host_user_id')).toEqual({
      teammate_id: viaCrm.session.teammate.id,
      host: CRM_HOST,
      host_user_id: 'crm-ana',
    });
    const [audit] = await auditForMessage(running.connector.db, message.id);
    expect(audit).toMatchObject({
      action: 'message.send',
      teammateId: viaCrm.session.teammate.id,
      details: { host: CRM_HOST, hostUserId: 'crm-ana', signature: 'suffix' },
    });
    // Reloading the thread tells the same story.
    expect((await viaCrm.thread(CUSTOMER)).messages.find((m) => m.id === message.id)!.sender).toEqual(message.sender);
  });

  test('a one-time code sent from the CRM names the CRM and the CRM user too', async () => {
    const sent = await viaCrm.call<{ message: { id: number } }>(`/api/contacts/${encodeURIComponent(CUSTOMER)}/one-time-codes`, {
      method: 'POST',
      headers: { 'idempotency-key': 'attribution-otp-1' },
      body: JSON.stringify({ template: { name: 'verification_code', language: 'en_US' }, code: '482913' }),
    });
    expect(sent.status).toBe(202);
    expect(await running.connector.db('messages').where({ id: sent.body.message.id }).first('teammate_id', 'host', 'host_user_id')).toEqual({
      teammate_id: viaCrm.session.teammate.id,
      host: CRM_HOST,
      host_user_id: 'crm-ana',
    });
    const [audit] = await auditForMessage(running.connector.db, sent.body.message.id);
    expect(audit).toMatchObject({ action: 'message.send', details: { host: CRM_HOST, hostUserId: 'crm-ana', purpose: 'one_time_code' } });
  });

  test('a message sent after SSO alone names the teammate and no host', async () => {
    const sent = await viaSso.send(CUSTOMER, text('Ben here.'), 'attribution-sso-1');
    expect(sent.body.message.sender).toEqual({ teammateId: viaSso.session.teammate.id, name: 'Ben Carter' });
    const [audit] = await auditForMessage(running.connector.db, sent.body.message.id);
    expect(audit!.details).toMatchObject({ host: null, hostUserId: null });
  });

  test("the customer sees the teammate's first name under free text, as sent to WhatsApp", async () => {
    const sent = await viaSso.send(CUSTOMER, text('Your order ships today.'), 'attribution-sig-1');
    expect(sent.body.message.text).toBe('Your order ships today.\n\n— Ben');
    const atMeta = await waitFor(() =>
      running.connector.simulator!.sent.find((s) => (s.body.text as { body?: string } | undefined)?.body?.startsWith('Your order ships today.')),
    );
    expect(atMeta.body.text).toEqual({ body: 'Your order ships today.\n\n— Ben' });
    expect(viaSso.session.issued.teammate.signature).toBe('\n\n— Ben');
  });

  test('templates go out exactly as approved, without the signature', async () => {
    const sent = await viaSso.send(CUSTOMER, { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }, 'attribution-template-1');
    expect(sent.status).toBe(202);
    expect(sent.body.message.text).not.toContain('— Ben');
    const [audit] = await auditForMessage(running.connector.db, sent.body.message.id);
    expect(audit!.details).not.toHaveProperty('signature');
  });

  test('the 4,096-character limit counts the signature', async () => {
    const refused = await viaSso.send(CUSTOMER, text('a'.repeat(TEXT_BODY_MAX - 3)), 'attribution-long-1');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'TEXT_TOO_LONG' });
    const fits = await viaSso.send(CUSTOMER, text('a'.repeat(TEXT_BODY_MAX - [...'\n\n— Ben'].length)), 'attribution-long-2');
    expect(fits.status).toBe(202);
  });
});
