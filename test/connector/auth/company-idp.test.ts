/**
 * The same sign-in code path against an external OpenID provider (a second
 * oidc-provider on its own origin, reached through OIDC_ISSUER and discovery),
 * and every way a sign-in can be wrong: each refused with a clear reason in
 * the popup and to the waiting panel, and no code handed out.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { rsaKeyPair } from '../../../connector/sandbox/rsa-keys';
import type { AttemptPollResponse } from '../../../connector/domain/sign-in';
import { COMPANY_USERS, CompanyIdp } from '../../support/company-idp';
import { startConnector, type RunningConnector } from '../../support/connector';
import { CookieClient } from '../../support/http-client';
import { pkcePair, postJson, runPopup, signIn, type PopupResult } from '../../support/sign-in';

let idp: CompanyIdp;
let running: RunningConnector;

beforeAll(async () => {
  idp = await CompanyIdp.start();
  running = await startConnector({ env: idp.env });
  idp.register(running.url);
});

afterEach(() => {
  idp.tamper = null;
  idp.userinfo = null;
});

afterAll(async () => {
  await running?.close();
  await idp?.close();
});

type ErrorAnswer = { error?: { code: string; message: string; action: string; details?: { reason?: string } } };
const poll = (attempt: string, verifier: string) =>
  postJson<AttemptPollResponse & ErrorAnswer>(`${running.url}/auth/attempts/${attempt}`, { verifier }, { origin: running.demoUrl });

/** Runs the popup as `user` and checks it was refused: status, the page, the message posted, what polling says. */
async function expectRefused(user: string, expected: { status: number; code: string; says: RegExp; action?: RegExp }): Promise<PopupResult> {
  const pair = pkcePair();
  const popup = await runPopup(running.url, { origin: running.demoUrl, teammate: user, attempt: pair.attempt, challenge: pair.challenge });
  expect(popup.status).toBe(expected.status);
  expect(popup.html).toContain('Sign-in failed');
  expect(popup.html).toMatch(expected.says);
  expect(popup.posted?.origin).toBe(running.demoUrl);
  expect(popup.posted?.message).toMatchObject({
    type: 'go2msg:sign-in-error',
    attempt: pair.attempt,
    error: { code: expected.code, message: expect.stringMatching(expected.says) },
  });
  expect(popup.posted?.message?.code).toBeUndefined();
  const polled = await poll(pair.attempt, pair.verifier);
  expect(polled.status).toBe(expected.status);
  expect(polled.body.error?.code).toBe(expected.code);
  if (expected.action) {
    expect(popup.html).toMatch(expected.action);
    expect(polled.body.error?.action).toMatch(expected.action);
  }
  // passport-openidconnect's own English never reaches the teammate.
  expect(popup.html).not.toMatch(
    /ID token has expired|invalid nonce|authorizied party|not intended for this relying party|not issued by expected OpenID provider/,
  );
  return popup;
}

describe('an external identity provider through OIDC_ISSUER', () => {
  test('signs a teammate in through discovery, with the role from the configured groups claim', async () => {
    const carol = await signIn(running.url, running.demoUrl, 'carol');
    expect(carol.teammate).toMatchObject({ name: 'Carol Díaz', email: 'carol@acme.example', role: 'agent' });
    expect((await signIn(running.url, running.demoUrl, 'dana')).teammate.role).toBe('admin');
    const stored = await running.connector.db('teammates').where({ subject: 'carol' }).first();
    expect(stored.issuer).toBe(idp.issuer);
  });

  test("sign-out offers the external provider's end-session URL", async () => {
    const carol = await signIn(running.url, running.demoUrl, 'carol');
    const out = await postJson<{ endSessionUrl: string }>(`${running.url}/auth/logout`, {}, carol.headers);
    expect(out.body.endSessionUrl.startsWith(`${idp.issuer}/session/end?`)).toBe(true);
  });
});

describe('ID tokens the connector refuses, each with a code, a reason and what to do', () => {
  const invalid = { code: 'ID_TOKEN_INVALID', says: /failed go2msg&#39;s checks|failed go2msg's checks/, action: /OIDC_ISSUER and OIDC_CLIENT_ID/ };
  test.each([
    {
      description: 'a tampered JWT: signature changed',
      tamper: (token: string) => `${token.slice(0, -6)}${token.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`,
      ...invalid,
    },
    {
      description: "a tampered JWT: claims changed after signing (someone else's subject)",
      tamper: (token: string) => {
        const [header, payload, signature] = token.split('.');
        const claims = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'dana' };
        return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
      },
      ...invalid,
    },
    {
      description: "a token signed by a key that is not the provider's, under its key id",
      tamper: (_token: string, resign: Parameters<NonNullable<CompanyIdp['tamper']>>[1]) => resign((c) => c, rsaKeyPair().privateKey),
      ...invalid,
    },
    {
      description: 'a wrong nonce (validly signed)',
      tamper: (_token: string, resign: Parameters<NonNullable<CompanyIdp['tamper']>>[1]) => resign((c) => ({ ...c, nonce: 'not-the-nonce-we-sent' })),
      code: 'SIGN_IN_STATE_MISMATCH',
      says: /does not belong to the sign-in you started here/,
      action: /click Sign in in the panel again/,
    },
    {
      description: 'an expired ID token (validly signed)',
      tamper: (_token: string, resign: Parameters<NonNullable<CompanyIdp['tamper']>>[1]) =>
        resign((c) => ({ ...c, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 })),
      code: 'ID_TOKEN_EXPIRED',
      says: /had expired when it reached go2msg/,
      action: /Sign in again/,
    },
    {
      description: 'a token for another audience (validly signed)',
      tamper: (_token: string, resign: Parameters<NonNullable<CompanyIdp['tamper']>>[1]) => resign((c) => ({ ...c, aud: 'someone-else', azp: 'someone-else' })),
      ...invalid,
    },
    {
      description: 'a token for several audiences without an authorized party (validly signed)',
      tamper: (_token: string, resign: Parameters<NonNullable<CompanyIdp['tamper']>>[1]) =>
        resign((c) => ({ ...c, aud: [String(c.aud), 'someone-else'], azp: undefined })),
      ...invalid,
    },
    {
      description: 'a token from another issuer (validly signed)',
      tamper: (_token: string, resign: Parameters<NonNullable<CompanyIdp['tamper']>>[1]) => resign((c) => ({ ...c, iss: 'https://evil.example' })),
      ...invalid,
    },
  ])('$description', async ({ tamper, code, says, action }) => {
    idp.tamper = tamper;
    await expectRefused('carol', { status: 401, code, says, action });
  });

  test('the same token untouched passes the same checks (the tamper hook changes nothing by itself)', async () => {
    idp.tamper = (token) => token;
    expect((await signIn(running.url, running.demoUrl, 'carol')).teammate.name).toBe('Carol Díaz');
  });
});

describe('UserInfo completes the ID token, and never replaces who signed in (OpenID Connect Core §5.3.2)', () => {
  test('a UserInfo answer naming another subject is refused, and nobody is signed in as either', async () => {
    idp.userinfo = (claims) => ({ ...COMPANY_USERS.find((u) => u.sub === 'dana')!, roles: ['support', 'wa-admins'], sub: 'dana', name: `not ${claims.name}` });
    const teammates = () => running.connector.db('teammates').orderBy('id');
    const before = await teammates();
    await expectRefused('carol', {
      status: 401,
      code: 'USERINFO_SUBJECT_MISMATCH',
      says: /described a different person in its profile answer/,
      action: /same subject \(sub\) as its ID token/,
    });
    // No teammate was created, renamed or signed in (the sign-in stamps the teammate's row).
    expect(await teammates()).toEqual(before);
  });

  test('UserInfo cannot change the issuer or email_verified the verified ID token states', async () => {
    // The provider's ID token says Carol's address is not verified; its UserInfo says it is, and names another issuer.
    idp.tamper = (_token, resign) => resign((c) => ({ ...c, email: 'carol@acme.example', email_verified: false }));
    idp.userinfo = (claims) => ({ ...claims, email_verified: true, iss: 'https://evil.example' });
    await expectRefused('carol', { status: 403, code: 'EMAIL_NOT_VERIFIED', says: /has not confirmed your email address/ });

    idp.tamper = null;
    const carol = await signIn(running.url, running.demoUrl, 'carol');
    expect((await running.connector.db('teammates').where({ id: carol.teammate.id }).first()).issuer).toBe(idp.issuer);
  });

  test('what UserInfo may add (name, roles) still comes through', async () => {
    idp.userinfo = (claims) => ({ ...claims, name: 'Carol D. Díaz', roles: ['support', 'wa-admins'] });
    expect((await signIn(running.url, running.demoUrl, 'carol')).teammate).toMatchObject({ name: 'Carol D. Díaz', role: 'admin' });
    idp.userinfo = null;
    expect((await signIn(running.url, running.demoUrl, 'carol')).teammate).toMatchObject({ name: 'Carol Díaz', role: 'agent' });
  });
});

describe('other refusals', () => {
  test('an unverified email is refused with a clear message', async () => {
    await expectRefused('dave', { status: 403, code: 'EMAIL_NOT_VERIFIED', says: /has not confirmed your email address/ });
    expect(await running.connector.db('teammates').where({ subject: 'dave' }).first()).toBeUndefined();
  });

  test('a missing email is refused with a clear message', async () => {
    expect(COMPANY_USERS.find((u) => u.sub === 'erin')!.email).toBeUndefined();
    await expectRefused('erin', { status: 403, code: 'EMAIL_MISSING', says: /did not share your email address/ });
  });

  test('a disabled teammate is refused', async () => {
    await signIn(running.url, running.demoUrl, 'carol');
    await running.connector.db('teammates').where({ subject: 'carol' }).update({ disabled_at: Date.now() });
    try {
      await expectRefused('carol', { status: 403, code: 'TEAMMATE_DISABLED', says: /account has been disabled/ });
    } finally {
      await running.connector.db('teammates').where({ subject: 'carol' }).update({ disabled_at: null });
    }
  });

  test('a wrong state is refused', async () => {
    const browser = new CookieClient();
    const pair = pkcePair();
    await browser.fetch(`${running.url}/auth/popup?${new URLSearchParams({ attempt: pair.attempt, challenge: pair.challenge, origin: running.demoUrl })}`);
    const { response } = await browser.fetch(`${running.url}/auth/callback?code=forged&state=forged-state`);
    expect(response.status).toBe(401);
    const page = await response.text();
    expect(page).toMatch(/Sign-in failed[\s\S]*does not belong to the sign-in you started here[\s\S]*click Sign in in the panel again/);
    expect(page).not.toContain('Unable to verify authorization request state');
  });

  test("a replayed authorization code is refused, and so is the panel's replayed one-time code", async () => {
    const browser = new CookieClient();
    const pair = pkcePair();
    const popup = await runPopup(running.url, {
      origin: running.demoUrl,
      teammate: 'carol',
      attempt: pair.attempt,
      challenge: pair.challenge,
      client: browser,
    });
    const callback = browser.visited.find((u) => u.startsWith(`${running.url}/auth/callback?`))!;
    expect(new URL(callback).searchParams.get('code')).toBeTruthy();
    const replayed = await browser.fetch(callback);
    expect(replayed.response.status).toBe(401);
    expect(await replayed.response.text()).toContain('Sign-in failed');

    const body = { attempt: pair.attempt, code: popup.posted!.message!.code!, verifier: pair.verifier };
    expect((await postJson(`${running.url}/auth/token`, body, { origin: running.demoUrl })).status).toBe(200);
    const again = await postJson<ErrorAnswer>(`${running.url}/auth/token`, body, { origin: running.demoUrl });
    expect(again.status).toBe(401);
    expect(again.body.error?.details?.reason).toMatch(/already used/);
  });
});

describe('redirects only to allowed URLs', () => {
  test('a page outside ALLOWED_ORIGINS cannot start a sign-in: no redirect to the provider, no code', async () => {
    const browser = new CookieClient();
    const pair = pkcePair();
    const { response } = await browser.fetch(
      `${running.url}/auth/popup?${new URLSearchParams({ attempt: pair.attempt, challenge: pair.challenge, origin: 'https://evil.example' })}`,
    );
    expect(response.status).toBe(403);
    expect(browser.visited.some((u) => u.startsWith(idp.issuer))).toBe(false);
  });

  test('the popup goes to the provider with the registered callback only, and the provider refuses a foreign one', async () => {
    const pair = pkcePair();
    const start = await fetch(
      `${running.url}/auth/popup?${new URLSearchParams({ attempt: pair.attempt, challenge: pair.challenge, origin: running.demoUrl })}`,
      { redirect: 'manual' },
    );
    const location = new URL(start.headers.get('location')!);
    expect(location.origin).toBe(idp.issuer);
    expect(location.searchParams.get('redirect_uri')).toBe(`${running.url}/auth/callback`);
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();

    location.searchParams.set('redirect_uri', 'https://evil.example/callback');
    const foreign = await fetch(location, { redirect: 'manual' });
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('location') ?? '').not.toContain('evil.example');
  });

  test('the provider refuses to return to a foreign page after sign-out', async () => {
    const carol = await signIn(running.url, running.demoUrl, 'carol');
    const { body } = await postJson<{ endSessionUrl: string }>(`${running.url}/auth/logout`, {}, carol.headers);
    const url = new URL(body.endSessionUrl);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${running.url}/auth/signed-out`);
    url.searchParams.set('post_logout_redirect_uri', 'https://evil.example/bye');
    const foreign = await fetch(url, { redirect: 'manual' });
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('location') ?? '').not.toContain('evil.example');
  });
});
