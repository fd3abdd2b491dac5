/**
 * SMS through the real connector in sandbox mode: the Twilio adapter speaking
 * to the SMS simulator, Twilio-signed callbacks, one thread per customer, the
 * same attribution and audit trail as WhatsApp, on SQLite and PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SANDBOX_DEFAULTS } from '../../../connector/config/config';
import { replyWindow } from '../../../connector/domain/reply-window';
import type { MessageView } from '../../../connector/domain/views';
import { twilioSignature } from '../../../connector/sms/twilio-signature';
import { auditForMessage } from '../../../connector/store/audit-reader';
import { upsertContact } from '../../../connector/store/contacts';
import { ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { signIn } from '../../support/sign-in';
import { customerTexts, sendSms } from '../../support/sms';
import { waitFor } from '../../support/wait';
import { LUCAS, SHEENA } from '../../support/fixtures';
import { SUPPORT_NUMBER_ID } from '../../support/fixtures';

const MARIA = '+34612345678';

describe.each(DB_KINDS)('SMS on %s', (kind) => {
  let running: RunningConnector;
  let api: ApiClient;
  const twilio = () => running.connector.sms.simulator!;

  async function messageWhen(contact: string, id: number, check: (m: MessageView) => boolean): Promise<MessageView> {
    return waitFor(
      async () => {
        const m = (await api.thread(contact)).messages.find((x) => x.id === id);
        return m && check(m) && m;
      },
      { what: `message ${id}` },
    );
  }

  /** Posts a Twilio-style form to the connector, signed with the sandbox auth token unless told otherwise. */
  function postTwilio(path: string, params: Record<string, string>, signature?: string | null) {
    const url = `${running.url}${path}`;
    const form = new URLSearchParams(params);
    const header = signature === undefined ? twilioSignature(SANDBOX_DEFAULTS.twilioAuthToken, url, form) : signature;
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(header === null ? {} : { 'x-twilio-signature': header }) },
      body: form,
    });
  }

  beforeAll(async () => {
    running = await startConnector({ db: kind, connector: { smsSimulator: { statusDelays: { sent: 20, delivered: 60 } } } });
    api = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  });

  afterAll(async () => {
    await running?.close();
  });

  test('the connector offers SMS from the sandbox number', async () => {
    const { status, body } = await api.call<{ channels: Array<{ channel: string; enabled: boolean; sender?: string }> }>('/api/channels');
    expect(status).toBe(200);
    expect(body.channels).toContainEqual({ channel: 'sms', enabled: true, sender: '+15550783881' });
  });

  test('an SMS reaches a customer whose WhatsApp window never opened, attributed, audited once, and moves to delivered', async () => {
    const thread = await api.thread(SHEENA);
    expect(replyWindow({ lastInboundAt: thread.contact.lastInboundAt, now: thread.serverNow }).open).toBe(false);
    const sent = await sendSms(api, SHEENA, 'Your order #4821 ships today.', 'sms-first-0001');
    expect(sent.status).toBe(202);
    expect(sent.body.message).toMatchObject({
      direction: 'out',
      channel: 'sms',
      text: 'Your order #4821 ships today.',
      status: 'queued',
      sender: { name: 'Ana Souza' },
    });

    const delivered = await messageWhen(SHEENA, sent.body.message.id, (m) => m.status === 'delivered');
    expect(delivered.wamid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilio().sent.find((s) => s.sid === delivered.wamid)).toMatchObject({ to: SHEENA, from: '+15550783881', body: 'Your order #4821 ships today.' });

    const audit = await auditForMessage(running.connector.db, delivered.id);
    const stored = (await running.connector.db('messages').where('id', delivered.id).first('content')).content as string;
    expect(audit.filter((a) => a.action === 'message.send')).toEqual([
      expect.objectContaining({
        teammateId: api.session.teammate.id,
        channel: 'sms',
        windowState: 'never_opened',
        contentSha256: createHash('sha256').update(stored).digest('hex'),
        contentBytes: Buffer.byteLength(stored),
      }),
    ]);
    const statuses = audit.filter((a) => a.action === 'message.status');
    expect(statuses.map((a) => a.status)).toEqual(['accepted', 'sent', 'delivered'].filter((s) => statuses.some((a) => a.status === s)));
    expect(statuses.at(-1)).toMatchObject({ status: 'delivered', channel: 'sms', providerMessageId: delivered.wamid, teammateId: api.session.teammate.id });
  });

  test('a retried SMS request with the same key returns the same message, texts once and adds no audit row', async () => {
    const first = await sendSms(api, SHEENA, 'Only once by SMS', 'sms-retry-0001');
    const id = first.body.message.id;
    await messageWhen(SHEENA, id, (m) => m.status === 'delivered');
    const again = await sendSms(api, SHEENA, 'Only once by SMS', 'sms-retry-0001');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, message: { id } });
    const conflict = await sendSms(api, SHEENA, 'Something else', 'sms-retry-0001');
    expect(conflict.body.error?.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(twilio().sent.filter((s) => s.body === 'Only once by SMS')).toHaveLength(1);
    expect((await auditForMessage(running.connector.db, id)).filter((a) => a.action === 'message.send')).toHaveLength(1);
  });

  test("a customer's SMS joins the same thread as their WhatsApp messages, and does not open the WhatsApp window", async () => {
    await customerTexts(running.url, LUCAS.slice(1), 'Olá! Is my parcel on its way?');
    const bySms = await waitFor(async () => {
      const t = await api.thread(LUCAS);
      return t.messages.length === 1 && t;
    });
    expect(bySms.messages[0]).toMatchObject({ direction: 'in', channel: 'sms', text: 'Olá! Is my parcel on its way?', wamid: expect.stringMatching(/^SM/) });
    expect(bySms.contact.lastInboundAt).toBeNull();

    await customerWrites(running.url, LUCAS.slice(1), 'And here on WhatsApp');
    // The thread is read in a few queries: wait until one read sees the message and the window it opened.
    const both = await waitFor(async () => {
      const t = await api.thread(LUCAS);
      return t.messages.length === 2 && t.contact.lastInboundAt !== null && t;
    });
    expect(both.contact.id).toBe(bySms.contact.id);
    expect(both.messages.map((m) => m.channel)).toEqual(['sms', 'whatsapp']);
    expect(replyWindow({ lastInboundAt: both.contact.lastInboundAt, now: both.serverNow }).open).toBe(true);
  });

  test('an inbound SMS signed as Twilio signs is stored once, however often Twilio repeats it', async () => {
    const params = {
      AccountSid: SANDBOX_DEFAULTS.twilioAccountSid,
      MessageSid: 'SM00000000000000000000000000000001',
      SmsSid: 'SM00000000000000000000000000000001',
      From: '+4915112345678',
      To: '+15550783881',
      Body: 'Hallo',
      NumMedia: '0',
    };
    for (let i = 0; i < 2; i++) {
      const response = await postTwilio('/webhooks/twilio/sms', params);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<Response>');
    }
    const thread = await api.thread('+4915112345678');
    expect(thread.messages).toEqual([expect.objectContaining({ channel: 'sms', text: 'Hallo', wamid: params.MessageSid })]);
  });

  test.each([
    { description: 'a wrong signature', signature: 'bm90IGEgdHdpbGlvIHNpZ25hdHVyZQ==' },
    { description: 'no signature', signature: null },
    { description: 'a signature made with another auth token', signature: 'other' },
  ])('an inbound SMS with $description is refused and nothing is stored', async ({ signature }) => {
    const params = { MessageSid: `SM${'f'.repeat(31)}${signature === null ? '1' : '2'}`, From: '+4917012345678', To: '+15550783881', Body: 'Fake' };
    const url = `${running.url}/webhooks/twilio/sms`;
    const header = signature === 'other' ? twilioSignature('not-the-auth-token-0123456789', url, new URLSearchParams(params)) : signature;
    const response = await postTwilio('/webhooks/twilio/sms', params, header);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('SIGNATURE_INVALID');
    expect(await running.connector.db('messages').where('wamid', params.MessageSid).first()).toBeUndefined();
  });

  test('a status callback with a bad signature changes nothing', async () => {
    const sent = await sendSms(api, SHEENA, 'Check the status', 'sms-status-sig-1');
    const delivered = await messageWhen(SHEENA, sent.body.message.id, (m) => m.status === 'delivered');
    const response = await postTwilio(
      `/webhooks/twilio/status?message=${delivered.id}`,
      { MessageSid: delivered.wamid!, MessageStatus: 'failed', ErrorCode: '30003' },
      'forged',
    );
    expect(response.status).toBe(401);
    expect((await messageWhen(SHEENA, delivered.id, () => true)).status).toBe('delivered');
  });

  test('a customer who texted STOP is not texted again: the SMS fails with 21610, explained, and the failure is audited', async () => {
    await customerTexts(running.url, MARIA.slice(1), 'STOP');
    const sent = await sendSms(api, MARIA, 'We miss you!', 'sms-opted-out-1');
    expect(sent.status).toBe(202);
    const failed = await messageWhen(MARIA, sent.body.message.id, (m) => m.status === 'failed');
    expect(failed.failure).toMatchObject({ code: 21610, reason: expect.stringMatching(/STOP/), action: expect.stringMatching(/WhatsApp/) });
    const statuses = (await auditForMessage(running.connector.db, failed.id)).filter((a) => a.action === 'message.status');
    expect(statuses).toEqual([
      expect.objectContaining({ status: 'failed', details: expect.objectContaining({ failure: expect.objectContaining({ code: 21610 }) }) }),
    ]);
  });

  test("Twilio's invalid test number fails with 21211 and what to do", async () => {
    const sent = await sendSms(api, '+15005550001', 'Hello?', 'sms-invalid-number');
    const failed = await messageWhen('+15005550001', sent.body.message.id, (m) => m.status === 'failed');
    expect(failed.failure).toMatchObject({ code: 21211, reason: expect.any(String), action: expect.any(String) });
  });

  test.each([
    { description: 'an empty SMS', contact: SHEENA, body: '   ', code: 'TEXT_EMPTY', status: 422 },
    { description: 'an SMS over 1,600 characters', contact: SHEENA, body: 'x'.repeat(1601), code: 'SMS_TOO_LONG', status: 422 },
    { description: 'a number without a country code', contact: '6505551234', body: 'hi', code: 'INVALID_PHONE', status: 400 },
  ])('refuses $description with $code and texts nothing', async ({ contact, body, code, status }) => {
    const before = twilio().sent.length;
    const response = await sendSms(api, contact, body, `sms-bad-${code}`);
    expect(response.status).toBe(status);
    expect(response.body.error).toMatchObject({ code, message: expect.any(String), action: expect.any(String) });
    expect(twilio().sent.length).toBe(before);
  });

  test('a customer known only by a WhatsApp username has no number to text', async () => {
    await upsertContact(running.connector.db, { waId: null, userId: 'US.13491208655302741918', numberId: SUPPORT_NUMBER_ID }, Date.now());
    const response = await sendSms(api, 'US.13491208655302741918', 'hi', 'sms-no-number-1');
    expect(response.status).toBe(422);
    expect(response.body.error?.code).toBe('SMS_NO_NUMBER');
  });
});
