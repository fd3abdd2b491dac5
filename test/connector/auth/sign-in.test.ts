/**
 * Sign-in against the real sandbox OpenID provider (oidc-provider), driven
 * through the popup flow without a browser.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SsoClient } from '../../../connector/auth/oidc';
import { apiRouters } from '../../../connector/http/app';
import { startConnector, type RunningConnector } from '../../support/connector';
import { CookieClient } from '../../support/http-client';
import { pkcePair, runPopup, signIn } from '../../support/sign-in';
import { SHEENA } from '../../support/fixtures';

let running: RunningConnector;

beforeAll(async () => {
  running = await startConnector();
});

afterAll(async () => {
  await running?.close();
});

async function redeem(body: Record<string, string>, origin = running.demoUrl) {
  const response = await fetch(`${running.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { accessToken?: string; error?: { code: string; details?: { reason?: string } } } };
}

describe('popup sign-in', () => {
  test('signs a teammate in and names them', async () => {
    const session = await signIn(running.url, running.demoUrl, 'ben');
    expect(session.teammate).toMatchObject({ name: 'Ben Carter', email: 'ben@acme.example', role: 'agent' });
    const me = await fetch(`${running.url}/api/me`, { headers: session.headers });
    expect(await me.json()).toMatchObject({ name: 'Ben Carter', role: 'agent' });
  });

  test("maps the provider's admin group to the admin role", async () => {
    expect((await signIn(running.url, running.demoUrl, 'alex')).teammate.role).toBe('admin');
  });

  test('posts the one-time code to the exact host origin only', async () => {
    const popup = await runPopup(running.url, { origin: running.demoUrl });
    expect(popup.posted?.origin).toBe(running.demoUrl);
    expect(popup.posted?.message).toMatchObject({ type: 'go2msg:sign-in', version: 1, code: expect.any(String) });
  });

  test('refuses to start for an origin that is not allowed, and hands out no code', async () => {
    const popup = await runPopup(running.url, { origin: 'https://evil.example' });
    expect(popup.status).toBe(403);
    expect(popup.posted?.origin ?? null).toBeNull();
    expect(popup.html).toContain('ALLOWED_ORIGINS');
  });

  test('refuses a code redeemed with the wrong verifier', async () => {
    const pair = pkcePair();
    const popup = await runPopup(running.url, { origin: running.demoUrl, attempt: pair.attempt, challenge: pair.challenge });
    const wrong = await redeem({ attempt: pair.attempt, code: popup.posted!.message!.code!, verifier: pkcePair().verifier });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.details?.reason).toBe('wrong verifier');
  });

  test('refuses a replayed code', async () => {
    const pair = pkcePair();
    const popup = await runPopup(running.url, { origin: running.demoUrl, attempt: pair.attempt, challenge: pair.challenge });
    const body = { attempt: pair.attempt, code: popup.posted!.message!.code!, verifier: pair.verifier };
    expect((await redeem(body)).status).toBe(200);
    const replay = await redeem(body);
    expect(replay.status).toBe(401);
    expect(replay.body.error?.details?.reason).toMatch(/already used/);
  });

  test('refuses a wrong code and an unknown attempt', async () => {
    const pair = pkcePair();
    await runPopup(running.url, { origin: running.demoUrl, attempt: pair.attempt, challenge: pair.challenge });
    expect((await redeem({ attempt: pair.attempt, code: 'not-the-code', verifier: pair.verifier })).status).toBe(401);
    expect((await redeem({ attempt: pkcePair().attempt, code: 'x', verifier: pair.verifier })).status).toBe(401);
  });

  test('refuses an expired code', async () => {
    const pair = pkcePair();
    const popup = await runPopup(running.url, { origin: running.demoUrl, attempt: pair.attempt, challenge: pair.challenge });
    await running.connector
      .db('sign_in_attempts')
      .where({ id: pair.attempt })
      .update({ expires_at: Date.now() - 1 });
    const expired = await redeem({ attempt: pair.attempt, code: popup.posted!.message!.code!, verifier: pair.verifier });
    expect(expired.status).toBe(401);
    expect(expired.body.error?.details?.reason).toMatch(/expired/);
  });

  test('refuses a callback whose state does not match the one sent (wrong state)', async () => {
    const client = new CookieClient();
    const pair = pkcePair();
    await client.fetch(`${running.url}/auth/popup?${new URLSearchParams({ attempt: pair.attempt, challenge: pair.challenge, origin: running.demoUrl })}`);
    const { response } = await client.fetch(`${running.url}/auth/callback?code=forged&state=forged-state`);
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('Sign-in failed');
  });
});

describe('after a sign-out, the provider is asked to let the person choose who signs in', () => {
  const providerRequest = async (extra: Record<string, string>) => {
    const pair = pkcePair();
    const start = await fetch(
      `${running.url}/auth/popup?${new URLSearchParams({ attempt: pair.attempt, challenge: pair.challenge, origin: running.demoUrl, ...extra })}`,
      { redirect: 'manual' },
    );
    return new URL(start.headers.get('location')!);
  };

  test('account=choose asks for prompt=login from a provider that offers no account picker (the sandbox)', async () => {
    expect((await providerRequest({ account: 'choose' })).searchParams.get('prompt')).toBe('login');
    expect((await providerRequest({})).searchParams.has('prompt')).toBe(false);
    expect((await providerRequest({ account: 'anything-else' })).searchParams.has('prompt')).toBe(false);
  });

  test('prompt=select_account where the provider says it supports it (an account picker, no password retyped)', async () => {
    const discovery = {
      issuer: 'https://idp.example',
      authorization_endpoint: 'a',
      token_endpoint: 't',
      userinfo_endpoint: 'u',
      jwks_uri: 'https://idp.example/jwks',
    };
    const client = (prompts?: string[]) =>
      new SsoClient(
        { issuer: 'https://idp.example', clientId: 'c', clientSecret: 's', callbackUrl: 'https://x/cb', groupsClaim: 'groups', adminGroups: [] },
        async () => {
          throw new Error('no sign-in here');
        },
        async () => Response.json({ ...discovery, ...(prompts ? { prompt_values_supported: prompts } : {}) }),
      );
    const picker = client(['none', 'login', 'consent', 'select_account']);
    await picker.authenticator();
    expect(picker.accountChoicePrompt()).toBe('select_account');
    const plain = client(['none', 'login', 'consent']);
    await plain.authenticator();
    expect(plain.accountChoicePrompt()).toBe('login');
    const silent = client();
    await silent.authenticator();
    expect(silent.accountChoicePrompt()).toBe('login');
  });
});

describe('bearer tokens', () => {
  test('an expired token is refused', async () => {
    const session = await signIn(running.url, running.demoUrl);
    await running.connector.db('access_tokens').update({ expires_at: Date.now() - 1 });
    const response = await fetch(`${running.url}/api/me`, { headers: session.headers });
    expect(response.status).toBe(401);
  });

  test('sign-out ends the token at once', async () => {
    const session = await signIn(running.url, running.demoUrl);
    expect((await fetch(`${running.url}/auth/logout`, { method: 'POST', headers: session.headers })).status).toBe(200);
    expect((await fetch(`${running.url}/api/me`, { headers: session.headers })).status).toBe(401);
  });

  test('a disabled teammate is refused from the next request on', async () => {
    const session = await signIn(running.url, running.demoUrl, 'ben');
    await running.connector.db('teammates').where({ id: session.teammate.id }).update({ disabled_at: Date.now() });
    const response = await fetch(`${running.url}/api/me`, { headers: session.headers });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('TEAMMATE_DISABLED');
    await running.connector.db('teammates').where({ id: session.teammate.id }).update({ disabled_at: null });
  });
});

describe('every API route refuses anonymous requests', () => {
  // Walks the routers' own route lists, so a new route cannot forget authentication.
  const routes: Array<{ method: string; path: string }> = [];
  const deps = new Proxy({}, { get: () => () => undefined }) as Parameters<typeof apiRouters>[0];
  for (const router of apiRouters(deps)) {
    for (const layer of (router as unknown as { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> }).stack) {
      if (!layer.route) continue;
      for (const method of Object.keys(layer.route.methods)) routes.push({ method: method.toUpperCase(), path: layer.route.path });
    }
  }

  const urlFor = (path: string) =>
    `${running.url}/api${path.replace(':contact', encodeURIComponent(SHEENA)).replace(':id', '1').replace(':host', encodeURIComponent('zendesk:acme.zendesk.com')).replace(':hostUserId', '123')}`;
  const call = (method: string, path: string, headers: Record<string, string> = {}) =>
    fetch(urlFor(path), {
      method,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'anonymous-1', ...headers },
      body: method === 'GET' ? undefined : '{}',
    });

  test('the walk finds the routes, the admin routes among them', () => {
    expect(routes.length).toBeGreaterThanOrEqual(8);
    expect(routes.filter((r) => r.path.startsWith('/admin/')).length).toBeGreaterThanOrEqual(4);
  });

  test.each(routes)('$method /api$path', async ({ method, path }) => {
    const response = await call(method, path);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  test.each(routes.filter((r) => r.path.startsWith('/admin/')))('$method /api$path refuses an agent with 403', async ({ method, path }) => {
    const agent = await signIn(running.url, running.demoUrl, 'ana');
    const response = await call(method, path, agent.headers);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
  });
});

describe('CORS', () => {
  test('answers a preflight from an allowed origin', async () => {
    const response = await fetch(`${running.url}/api/me`, {
      method: 'OPTIONS',
      headers: { origin: running.demoUrl, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe(running.demoUrl);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('does not answer a preflight from another origin', async () => {
    const response = await fetch(`${running.url}/api/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
