/** The Twilio adapter against a recorded-shape fake of Twilio's Messages API. */
import { describe, expect, test } from 'vitest';
import { SmsSendError } from '../../connector/sms/provider';
import { createTwilioProvider } from '../../connector/sms/twilio';
import { SHEENA } from '../support/fixtures';

const SID = 'AC5a4d0be0c1f34b7e9d2a6c8f1e3b5d70';
const TOKEN = 'test-auth-token-0123456789abcdef';

function provider(answer: (request: Request) => Response | Promise<Response>, extra: { messagingServiceSid?: string } = {}) {
  const requests: Request[] = [];
  const sms = createTwilioProvider({
    apiUrl: 'https://api.twilio.test',
    accountSid: SID,
    authToken: TOKEN,
    from: extra.messagingServiceSid ? null : '+15550783881',
    messagingServiceSid: extra.messagingServiceSid ?? null,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(request.clone());
      return answer(request);
    },
  });
  return { sms, requests };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the Twilio adapter', () => {
  test('sends a form-encoded message with basic auth and the status callback, and returns the SID', async () => {
    const { sms, requests } = provider(() => json(201, { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' }));
    const accepted = await sms.send({
      to: SHEENA,
      body: 'Your order ships today',
      statusCallbackUrl: 'https://wa.example.com/webhooks/twilio/status?message=7',
    });
    expect(accepted).toEqual({ providerId: 'SM0123456789abcdef0123456789abcdef', status: 'queued' });
    const request = requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`https://api.twilio.test/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(request.headers.get('authorization')).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    expect(request.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(await request.text()))).toEqual({
      To: SHEENA,
      From: '+15550783881',
      Body: 'Your order ships today',
      StatusCallback: 'https://wa.example.com/webhooks/twilio/status?message=7',
    });
  });

  test('sends through a messaging service when one is configured', async () => {
    const { sms, requests } = provider(() => json(201, { sid: 'SMx', status: 'accepted' }), { messagingServiceSid: 'MG0123456789abcdef0123456789abcdef' });
    await sms.send({ to: SHEENA, body: 'hi', statusCallbackUrl: 'https://x.test/s' });
    const form = new URLSearchParams(await requests[0]!.text());
    expect(form.get('MessagingServiceSid')).toBe('MG0123456789abcdef0123456789abcdef');
    expect(form.has('From')).toBe(false);
  });

  test.each([
    {
      description: 'an opted-out customer (21610)',
      status: 400,
      body: { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 },
      code: 21610,
      retry: 'never',
    },
    {
      description: 'an invalid number (21211)',
      status: 400,
      body: { code: 21211, message: "The 'To' number 123 is not a valid phone number.", status: 400 },
      code: 21211,
      retry: 'never',
    },
    { description: 'wrong credentials (20003)', status: 401, body: { code: 20003, message: 'Authenticate', status: 401 }, code: 20003, retry: 'token' },
    { description: 'too many requests (20429)', status: 429, body: { code: 20429, message: 'Too Many Requests', status: 429 }, code: 20429, retry: 'backoff' },
    { description: 'a server error without a code', status: 503, body: null, code: null, retry: 'backoff' },
    { description: 'a client error without a code', status: 404, body: null, code: null, retry: 'never' },
  ])('explains $description and says whether to retry', async ({ status, body, code, retry }) => {
    const { sms } = provider(() => (body ? json(status, body) : new Response('oops', { status })));
    const error = await sms.send({ to: SHEENA, body: 'hi', statusCallbackUrl: 'https://x.test/s' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsSendError);
    expect((error as SmsSendError).failure).toMatchObject({ code, reason: expect.any(String), action: expect.any(String) });
    expect((error as SmsSendError).retry).toBe(retry);
  });

  test('an unreachable Twilio is retried, and the auth token is never in the error', async () => {
    const { sms } = provider(() => {
      throw new TypeError('fetch failed');
    });
    const error = (await sms.send({ to: SHEENA, body: 'hi', statusCallbackUrl: 'https://x.test/s' }).catch((e: unknown) => e)) as SmsSendError;
    expect(error.retry).toBe('backoff');
    expect(JSON.stringify(error.failure) + error.message).not.toContain(TOKEN);
  });

  test('reads status callbacks and inbound messages', () => {
    const { sms } = provider(() => json(500, {}));
    expect(sms.readStatus(new URLSearchParams({ MessageSid: 'SM1', MessageStatus: 'undelivered', ErrorCode: '30003' }))).toEqual({
      providerId: 'SM1',
      status: 'undelivered',
      errorCode: 30003,
      errorMessage: null,
    });
    expect(sms.readStatus(new URLSearchParams({ MessageSid: 'SM1', MessageStatus: 'delivered' }))).toMatchObject({ errorCode: null });
    expect(sms.readStatus(new URLSearchParams({ Body: 'no sid' }))).toBeNull();
    expect(sms.readInbound(new URLSearchParams({ MessageSid: 'SM2', From: SHEENA, To: '+15550783881', Body: 'Hi!' }))).toEqual({
      providerId: 'SM2',
      from: SHEENA,
      to: '+15550783881',
      body: 'Hi!',
      media: [],
    });
  });

  test("fetches an MMS's file with the account's credentials, and sends them nowhere but Twilio's API", async () => {
    const { sms, requests } = provider(() => new Response(new Uint8Array([1, 2, 3]), { status: 200, headers: { 'content-type': 'image/jpeg' } }));
    const file = await sms.downloadMedia(`https://api.twilio.test/2010-04-01/Accounts/${SID}/Messages/MM1/Media/ME1`);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(Buffer.from([1, 2, 3]));
    expect(requests[0]!.headers.get('authorization')).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    await expect(sms.downloadMedia('https://files.example.com/ME1')).rejects.toThrow(/not on https:\/\/api\.twilio\.test/);
    expect(requests).toHaveLength(1);
  });

  test("reads an MMS's files from NumMedia, MediaUrl{i} and MediaContentType{i}", () => {
    const { sms } = provider(() => json(500, {}));
    const url = (n: number) => `https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM3/Media/ME${n}`;
    const params = new URLSearchParams({
      MessageSid: 'MM3',
      From: SHEENA,
      To: '+15550783881',
      Body: '',
      NumMedia: '2',
      MediaUrl0: url(0),
      MediaContentType0: 'image/jpeg',
      MediaUrl1: url(1),
      MediaContentType1: 'application/pdf',
    });
    expect(sms.readInbound(params)?.media).toEqual([
      { url: url(0), contentType: 'image/jpeg' },
      { url: url(1), contentType: 'application/pdf' },
    ]);
  });
});
