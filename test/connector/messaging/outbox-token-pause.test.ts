/**
 * While sending is paused for a refused access token, the rest of the connector goes on: an agent's
 * message sent meanwhile is accepted and waits, and /healthz answers degraded. (A kick during the pause
 * once sent the outbox's loop round without yielding, freezing every request until the pause ended:
 * five minutes by default. The pause here is ten, past the test's own timeout.)
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { SHEENA } from '../../support/fixtures';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';

let revoked = false;
const revocableFetch: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  if (revoked && (headers.get('authorization') ?? '').startsWith('Bearer ')) headers.set('authorization', 'Bearer revoked-token');
  return fetch(input, { ...init, headers });
};

describe('a paused outbox', () => {
  let running: RunningConnector;
  let api: ApiClient;

  beforeAll(async () => {
    running = await startConnector({ connector: { fetch: revocableFetch, outbox: { tokenPauseMs: 10 * 60_000 } } });
    api = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
    await customerWrites(running.url, SHEENA.slice(1), 'Hi, is my order on its way?');
  });

  afterAll(async () => {
    await running?.close();
  });

  test('keeps the connector answering: a message sent during the pause is accepted and waits, and health says why', async () => {
    revoked = true;
    const first = (await api.send(SHEENA, { type: 'text', text: { body: 'It ships today' } }, 'token-pause-1')).body.message.id;
    await waitFor(async () => ((await api.thread(SHEENA)).messages.find((m) => m.id === first)?.failure?.code === 190 ? true : undefined), {
      what: 'the token to be refused and sending paused',
    });

    const during = await api.send(SHEENA, { type: 'text', text: { body: 'Tracking follows' } }, 'token-pause-2');
    expect(during.status).toBe(202);
    const health = (await (await fetch(`${running.url}/healthz`)).json()) as { status: string; alerts: Array<{ code: string }> };
    expect(health).toMatchObject({ status: 'degraded', alerts: [expect.objectContaining({ code: 'WHATSAPP_TOKEN_INVALID' })] });
    const second = (await api.thread(SHEENA)).messages.find((m) => m.id === during.body.message.id);
    expect(second?.status).toBe('queued');
  }, 20_000);
});
