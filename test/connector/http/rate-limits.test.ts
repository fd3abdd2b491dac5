/**
 * Request limits (issue 11 §5), on the real app: per client address for
 * sign-in popups and refused sign-in calls (behind a trusted proxy, the
 * address X-Forwarded-For names), per teammate for uploads and API calls, and
 * concurrent live streams per token. Each refusal is 429 with Retry-After and
 * TOO_MANY_REQUESTS naming the setting; the counts are small here (set by
 * environment) so the tests stay short.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { samplePng } from '../../../connector/sandbox/simulator/samples';
import { customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { CRM_HOST, crmProof, HOSTS_ENV } from '../../support/host-proofs';
import { openStream } from '../../support/sse';
import { pkcePair, signIn, type SignedIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';
import { SHEENA, SHEENA_WA_ID } from '../../support/fixtures';

interface ErrorAnswer {
  error: { code: string; message: string; action: string; details: { retryAfter: number; setting: string } };
}

async function call(url: string, init: RequestInit & { from?: string } = {}): Promise<Response> {
  const headers = { ...(init.headers as Record<string, string>), ...(init.from ? { 'x-forwarded-for': init.from } : {}) };
  return fetch(url, { ...init, headers, redirect: 'manual' });
}

async function expectRefused(response: Response, setting: string): Promise<void> {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as ErrorAnswer;
  expect(body.error).toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { retryAfter, setting } });
  expect(body.error.message).toMatch(/a minute/);
  expect(body.error.action).toContain(setting);
}

describe('behind a trusted proxy', () => {
  let running: RunningConnector;
  let ana: SignedIn;
  let ben: SignedIn;
  const popupUrl = () => {
    const pair = pkcePair();
    return `${running.url}/auth/popup?${new URLSearchParams({ attempt: pair.attempt, challenge: pair.challenge, origin: running.demoUrl })}`;
  };

  beforeAll(async () => {
    running = await startConnector({
      env: {
        ...HOSTS_ENV,
        TRUST_PROXY: 'loopback',
        RATE_LIMIT_SIGN_IN_PER_MINUTE: '5',
        RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '5',
        RATE_LIMIT_UPLOADS_PER_MINUTE: '3',
        RATE_LIMIT_PRESENCE_PER_MINUTE: '4',
        RATE_LIMIT_STREAMS_PER_TOKEN: '2',
      },
    });
    ana = await signIn(running.url, running.demoUrl, 'ana');
    ben = await signIn(running.url, running.demoUrl, 'ben');
    await customerWrites(running.url, SHEENA_WA_ID, 'Hello');
  });

  afterAll(async () => {
    await running?.close();
  });

  test('sign-in popups from one address stop at the limit, and create nothing more; another address still signs in', async () => {
    const attempts = async () => Number((await running.connector.db('sign_in_attempts').count({ n: '*' }))[0]!.n);
    const before = await attempts();
    for (let i = 0; i < 5; i += 1) expect((await call(popupUrl(), { from: '203.0.113.7' })).status).toBeLessThan(400);
    await expectRefused(await call(popupUrl(), { from: '203.0.113.7' }), 'RATE_LIMIT_SIGN_IN_PER_MINUTE');
    expect(await attempts()).toBe(before + 5);
    expect((await call(popupUrl(), { from: '203.0.113.8' })).status).toBeLessThan(400);
  });

  test('refused code redemptions count, pending polls do not; a refusal readable by the panel (CORS)', async () => {
    const from = '198.51.100.20';
    const origin = running.demoUrl;
    const pair = pkcePair();
    const poll = () =>
      call(`${running.url}/auth/attempts/${pair.attempt}`, {
        method: 'POST',
        from,
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ verifier: pair.verifier }),
      });
    const badToken = () =>
      call(`${running.url}/auth/token`, {
        method: 'POST',
        from,
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ attempt: pair.attempt, code: 'not-the-code-0123456789', verifier: pair.verifier }),
      });
    // The panel's attempt exists (its popup is open); polls find it pending, more than the limit times, and none counts.
    const popup = await call(`${running.url}/auth/popup?${new URLSearchParams({ attempt: pair.attempt, challenge: pair.challenge, origin })}`, {
      from: '198.51.100.99',
    });
    expect(popup.status).toBeLessThan(400);
    for (let i = 0; i < 8; i += 1) expect((await poll()).status).toBe(202);
    for (let i = 0; i < 5; i += 1) expect([400, 401, 403]).toContain((await badToken()).status);
    const refused = await badToken();
    expect(refused.headers.get('access-control-allow-origin')).toBe(origin);
    expect(refused.headers.get('access-control-expose-headers')).toMatch(/Retry-After/i);
    await expectRefused(refused, 'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE');
  });

  test('bad host proofs from one address stop at the limit', async () => {
    const from = '198.51.100.30';
    const proof = await crmProof('crm-user-1', `${running.url}/auth/host-session`, { secret: 'not-the-crm-secret-0123456789abcdefgh' });
    const attempt = () =>
      call(`${running.url}/auth/host-session`, {
        method: 'POST',
        from,
        headers: { 'content-type': 'application/json', origin: running.demoUrl },
        body: JSON.stringify({ host: CRM_HOST, proof }),
      });
    for (let i = 0; i < 5; i += 1) expect((await attempt()).status).toBe(401);
    await expectRefused(await attempt(), 'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE');
  });

  test('uploads are limited per teammate, not per address', async () => {
    const upload = (who: SignedIn) =>
      call(`${running.url}/api/media?kind=image`, {
        method: 'POST',
        headers: { ...who.headers, 'content-type': 'image/png' },
        body: new Uint8Array(samplePng()),
      });
    for (let i = 0; i < 3; i += 1) expect((await upload(ana)).status).toBe(201);
    await expectRefused(await upload(ana), 'RATE_LIMIT_UPLOADS_PER_MINUTE');
    expect((await upload(ben)).status).toBe(201);
  });

  test('presence reports are limited per teammate, panels and inboxes together, whatever the panel says it is', async () => {
    const report = (who: SignedIn, path: string, panel: string) =>
      call(`${running.url}${path}`, { method: 'POST', headers: { ...who.headers, 'content-type': 'application/json' }, body: JSON.stringify({ panel }) });
    const thread = `/api/conversations/${encodeURIComponent(SHEENA)}/presence`;
    for (let i = 0; i < 2; i += 1) expect((await report(ana, thread, `panel-ana-limit-${i}`)).status).toBe(200);
    for (let i = 0; i < 2; i += 1) expect((await report(ana, '/api/presence', `inbox-ana-limit-${i}`)).status).toBe(200);
    await expectRefused(await report(ana, thread, 'panel-ana-limit-9'), 'RATE_LIMIT_PRESENCE_PER_MINUTE');
    expect((await report(ben, thread, 'panel-ben-limit-0')).status).toBe(200);
  });

  test('a token holds at most the configured live streams; closing one frees its slot', async () => {
    const url = `${running.url}/api/contacts/${encodeURIComponent(SHEENA)}/events`;
    const first = openStream(url, ana.headers);
    const second = openStream(url, ana.headers);
    expect([await first.status, await second.status]).toEqual([200, 200]);
    const third = await fetch(url, { headers: ana.headers });
    expect(third.status).toBe(429);
    expect(((await third.json()) as ErrorAnswer).error).toMatchObject({
      code: 'TOO_MANY_STREAMS',
      action: expect.stringContaining('RATE_LIMIT_STREAMS_PER_TOKEN'),
    });
    // Another teammate's token has its own slots.
    const bens = openStream(url, ben.headers);
    expect(await bens.status).toBe(200);
    first.close();
    const again = await waitFor(
      async () => {
        const s = openStream(url, ana.headers);
        if ((await s.status) === 200) return s;
        s.close();
        return null;
      },
      { what: 'the closed stream to free its slot' },
    );
    for (const s of [second, bens, again]) s.close();
  });

  test("an inbox's live stream counts against the same slots as a thread's", async () => {
    const thread = `${running.url}/api/contacts/${encodeURIComponent(SHEENA)}/events`;
    const inbox = `${running.url}/api/conversations/events`;
    // Ben's stream from the test before frees its slot when its connection has closed.
    const opened = (url: string) =>
      waitFor(
        async () => {
          const s = openStream(url, ben.headers);
          if ((await s.status) === 200) return s;
          s.close();
          return null;
        },
        { what: "a free slot for Ben's stream" },
      );
    const streams = [await opened(thread), await opened(inbox)];
    const third = await fetch(inbox, { headers: ben.headers });
    expect(third.status).toBe(429);
    expect(((await third.json()) as ErrorAnswer).error.code).toBe('TOO_MANY_STREAMS');
    for (const s of streams) s.close();
  });
});

describe('without a trusted proxy', () => {
  let running: RunningConnector;
  let ana: SignedIn;

  beforeAll(async () => {
    running = await startConnector({ env: { RATE_LIMIT_SIGN_IN_PER_MINUTE: '3', RATE_LIMIT_API_PER_MINUTE: '20' } });
    ana = await signIn(running.url, running.demoUrl, 'ana');
  });

  afterAll(async () => {
    await running?.close();
  });

  test('X-Forwarded-For is ignored: a client cannot pick a new address to escape the limit', async () => {
    // The sign-in above used one popup from this address.
    for (let i = 0; i < 2; i += 1) {
      const pair = pkcePair();
      expect(
        (
          await call(`${running.url}/auth/popup?${new URLSearchParams({ attempt: pair.attempt, challenge: pair.challenge, origin: running.demoUrl })}`, {
            from: `192.0.2.${i}`,
          })
        ).status,
      ).toBeLessThan(400);
    }
    const pair = pkcePair();
    await expectRefused(
      await call(`${running.url}/auth/popup?${new URLSearchParams({ attempt: pair.attempt, challenge: pair.challenge, origin: running.demoUrl })}`, {
        from: '192.0.2.200',
      }),
      'RATE_LIMIT_SIGN_IN_PER_MINUTE',
    );
  });

  test('API calls are limited per teammate', async () => {
    // The sign-in made no API call; 20 pass, the 21st is refused.
    for (let i = 0; i < 20; i += 1) expect((await call(`${running.url}/api/me`, { headers: ana.headers })).status).toBe(200);
    await expectRefused(await call(`${running.url}/api/me`, { headers: ana.headers }), 'RATE_LIMIT_API_PER_MINUTE');
  });
});
