/**
 * Credentials revoked while the connector runs: the sandbox's Graph and Twilio
 * simulators answer with Meta's and Twilio's real refusals (190, 20003). The
 * agent's message says why; GET /healthz turns "degraded" and names what an
 * operator must fix, without the secret; once the credentials work again,
 * sending resumes and the alert clears.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SANDBOX_DEFAULTS } from '../../../connector/config/config';
import type { MessageView } from '../../../connector/domain/views';
import { ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { signIn } from '../../support/sign-in';
import { sendSms } from '../../support/sms';
import { waitFor } from '../../support/wait';
import { SHEENA } from '../../support/fixtures';

interface Health {
  status: string;
  alerts: Array<{ code: string; message: string; since: number }>;
}

/** What an admin rotating a token at Meta or Twilio looks like from the connector: the old one is refused. */
const revoked = { whatsapp: false, twilio: false };
const revocableFetch: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  const auth = headers.get('authorization') ?? '';
  if (revoked.whatsapp && auth.startsWith('Bearer ')) headers.set('authorization', 'Bearer revoked-token');
  if (revoked.twilio && auth.startsWith('Basic '))
    headers.set('authorization', `Basic ${Buffer.from(`${SANDBOX_DEFAULTS.twilioAccountSid}:revoked`).toString('base64')}`);
  return fetch(input, { ...init, headers });
};

describe('operator alerts for refused credentials', () => {
  let running: RunningConnector;
  let api: ApiClient;

  const health = async () => (await (await fetch(`${running.url}/healthz`)).json()) as Health;
  const messageWhen = (id: number, check: (m: MessageView) => boolean) =>
    waitFor(
      async () => {
        const m = (await api.thread(SHEENA)).messages.find((x) => x.id === id);
        return m && check(m) && m;
      },
      { what: `message ${id}` },
    );

  beforeAll(async () => {
    running = await startConnector({ connector: { fetch: revocableFetch, outbox: { tokenPauseMs: 300 } } });
    api = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
    await customerWrites(running.url, SHEENA.slice(1), 'Hi, is my order on its way?');
  });

  afterAll(async () => {
    await running?.close();
  });

  test('a refused WhatsApp token: the message waits and says why, /healthz is degraded, and both recover with a working token', async () => {
    expect(await health()).toMatchObject({ status: 'ok', alerts: [] });
    revoked.whatsapp = true;
    const id = (await api.send(SHEENA, { type: 'text', text: { body: 'Yes, it ships today' } }, 'alert-wa-1')).body.message.id;

    const waiting = await messageWhen(id, (m) => m.failure?.code === 190);
    expect(waiting.status).not.toBe('failed');
    expect(waiting.failure).toMatchObject({ reason: expect.stringContaining('access token'), action: expect.any(String) });
    const degraded = await waitFor(async () => {
      const h = await health();
      return h.status === 'degraded' && h;
    });
    expect(degraded.alerts).toEqual([expect.objectContaining({ code: 'WHATSAPP_TOKEN_INVALID', message: expect.stringContaining('WHATSAPP_ACCESS_TOKEN') })]);
    expect(JSON.stringify(degraded)).not.toContain(SANDBOX_DEFAULTS.accessToken);

    revoked.whatsapp = false;
    await messageWhen(id, (m) => ['sent', 'delivered', 'read'].includes(m.status));
    expect(await health()).toMatchObject({ status: 'ok', alerts: [] });
  });

  test('refused Twilio credentials: the SMS fails with the reason, /healthz is degraded, and the next SMS that goes through clears it', async () => {
    revoked.twilio = true;
    const failed = (await sendSms(api, SHEENA, 'Tracking code 1Z999', 'alert-sms-1')).body.message;
    const refused = await messageWhen(failed.id, (m) => m.status === 'failed');
    expect(refused.failure).toMatchObject({ code: 20003, reason: expect.any(String), action: expect.any(String) });
    const degraded = await health();
    expect(degraded).toMatchObject({
      status: 'degraded',
      alerts: [expect.objectContaining({ code: 'TWILIO_CREDENTIALS_INVALID', message: expect.stringContaining('TWILIO_AUTH_TOKEN') })],
    });
    expect(JSON.stringify(degraded)).not.toContain(SANDBOX_DEFAULTS.twilioAuthToken);

    revoked.twilio = false;
    const next = (await sendSms(api, SHEENA, 'Tracking code 1Z999', 'alert-sms-2')).body.message;
    await messageWhen(next.id, (m) => m.status === 'sent' || m.status === 'delivered');
    expect(await health()).toMatchObject({ status: 'ok', alerts: [] });
  });
});
