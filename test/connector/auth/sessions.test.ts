/**
 * Sessions against the real sandbox OpenID provider: short bearer tokens
 * renewed with rotating refresh tokens, sign-out of the session and of the
 * provider, and the polling fallback for a popup that lost its opener.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sha256Hex } from '../../../connector/auth/secrets';
import type { AttemptPollResponse, TokenResponse } from '../../../connector/domain/sign-in';
import { startConnector, type RunningConnector } from '../../support/connector';
import { CookieClient } from '../../support/http-client';
import { pkcePair, postJson, runPopup, shownConfirmationCode, signIn } from '../../support/sign-in';

let running: RunningConnector;
type ErrorAnswer = { error?: { code: string; message: string; action: string; details?: { reason?: string } } };

beforeAll(async () => {
  running = await startConnector();
});

afterAll(async () => {
  await running?.close();
});

const me = (token: string) => fetch(`${running.url}/api/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
const refresh = (refreshToken: string) => postJson<TokenResponse & ErrorAnswer>(`${running.url}/auth/refresh`, { refreshToken }, { origin: running.demoUrl });
const logout = (token: string) =>
  postJson<{ endSessionUrl: string | null }>(`${running.url}/auth/logout`, {}, { authorization: `Bearer ${token}`, origin: running.demoUrl });

describe('bearer tokens renew silently', () => {
  test('a bearer token lives at most 15 minutes and comes with a refresh token', async () => {
    const { issued } = await signIn(running.url, running.demoUrl);
    expect(issued.expiresIn).toBeLessThanOrEqual(900);
    expect(issued.expiresAt - Date.now()).toBeLessThanOrEqual(900_000);
    expect(issued.refreshToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(issued.session).toMatchObject({ via: 'sso', host: null, providerSignOut: true });
    expect(issued.session.endsAt - Date.now()).toBeLessThanOrEqual(12 * 3600_000);
  });

  test('a refresh token buys a new pair, and the new bearer token works', async () => {
    const { issued } = await signIn(running.url, running.demoUrl);
    const renewed = await refresh(issued.refreshToken);
    expect(renewed.status).toBe(200);
    expect(renewed.body.accessToken).not.toBe(issued.accessToken);
    expect(renewed.body.refreshToken).not.toBe(issued.refreshToken);
    expect(await me(renewed.body.accessToken)).toBe(200);
  });

  test('an agent keeps working past the first token: renewal after renewal, the same session', async () => {
    let { issued } = await signIn(running.url, running.demoUrl);
    for (let i = 0; i < 5; i++) {
      // The previous bearer token has ended (as it would after 15 minutes).
      await running.connector
        .db('access_tokens')
        .where({ token_hash: sha256Hex(issued.accessToken) })
        .update({ expires_at: Date.now() - 1 });
      expect(await me(issued.accessToken)).toBe(401);
      const next = await refresh(issued.refreshToken);
      expect(next.status).toBe(200);
      issued = next.body;
      expect(await me(issued.accessToken)).toBe(200);
    }
  });

  test('a refresh token used twice ends the whole session: a leaked copy is worthless', async () => {
    const { issued } = await signIn(running.url, running.demoUrl);
    const renewed = await refresh(issued.refreshToken);
    expect(renewed.status).toBe(200);
    const replay = await refresh(issued.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.error?.details?.reason).toMatch(/already used/);
    expect(await me(renewed.body.accessToken)).toBe(401);
    expect((await refresh(renewed.body.refreshToken)).status).toBe(401);
  });

  test('a refresh token unused for longer than the idle limit is refused', async () => {
    const { issued } = await signIn(running.url, running.demoUrl);
    await running.connector.db('refresh_tokens').update({ expires_at: Date.now() - 1 });
    const late = await refresh(issued.refreshToken);
    expect(late.status).toBe(401);
    expect(late.body.error?.details?.reason).toMatch(/expired/);
  });

  test('no session renews past its absolute limit', async () => {
    const { issued } = await signIn(running.url, running.demoUrl);
    await running.connector.db('auth_sessions').update({ expires_at: Date.now() - 1 });
    expect((await refresh(issued.refreshToken)).status).toBe(401);
  });

  test('an unknown refresh token is refused', async () => {
    expect((await refresh('x'.repeat(43))).status).toBe(401);
  });
});

describe('sign-out', () => {
  test('ends every token of the session at once, and says how to end the provider session', async () => {
    const { issued } = await signIn(running.url, running.demoUrl);
    const renewed = (await refresh(issued.refreshToken)).body;
    const second = renewed.accessToken;
    const out = await logout(second);
    expect(out.status).toBe(200);
    expect(await me(second)).toBe(401);
    expect((await refresh(renewed.refreshToken)).status).toBe(401);

    const url = new URL(out.body.endSessionUrl!);
    expect(`${url.origin}${url.pathname}`).toBe(`${running.url}/sandbox/idp/session/end`);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${running.url}/auth/signed-out`);
    expect(url.searchParams.get('id_token_hint')).toMatch(/^eyJ/);
    const audit = await running.connector.db('audit_log').where({ action: 'teammate.sign_out' }).orderBy('id', 'desc').first();
    expect(audit).toBeTruthy();
  });

  test("the end-session URL ends the provider's session and comes back to the signed-out page", async () => {
    const browser = new CookieClient();
    const logins = () => browser.visited.filter((u) => u.includes('/interaction/') && u.endsWith('/login')).length;
    const first = await signIn(running.url, running.demoUrl, 'ben', { client: browser });
    expect(logins()).toBe(1);
    // While the provider's session lives, a second sign-in needs no login page.
    const again = await runPopup(running.url, { origin: running.demoUrl, client: browser });
    expect(again.posted?.message?.type).toBe('go2msg:sign-in');
    expect(logins()).toBe(1);

    const { body } = await logout(first.token);
    const confirm = await browser.fetch(body.endSessionUrl!);
    const form = await confirm.response.text();
    expect(form).toContain('Sign out of Acme (sandbox)?');
    const action = /<form[^>]*action="([^"]+)"/.exec(form)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)![1]!;
    const done = await browser.fetch(new URL(action.replace(/&amp;/g, '&'), confirm.url).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
    expect(done.url).toBe(`${running.url}/auth/signed-out`);
    expect(await done.response.text()).toContain('You are signed out of go2msg and of your company account');

    // The provider's session is over: the next sign-in asks who you are again.
    await runPopup(running.url, { origin: running.demoUrl, client: browser, teammate: 'ben' });
    expect(logins()).toBe(2);
  });
});

describe('a panel that lost its link to the popup polls the attempt, and finishes with the code the popup shows', () => {
  const poll = (attempt: string, verifier: string, confirmationCode?: string) =>
    postJson<AttemptPollResponse & ErrorAnswer>(
      `${running.url}/auth/attempts/${attempt}`,
      { verifier, ...(confirmationCode === undefined ? {} : { confirmationCode }) },
      { origin: running.demoUrl },
    );

  /** A sign-in completed in the popup; its attempt, verifier and the code its page shows. */
  async function completed(teammate = 'ana') {
    const pair = pkcePair();
    const popup = await runPopup(running.url, { origin: running.demoUrl, attempt: pair.attempt, challenge: pair.challenge, teammate });
    const shown = shownConfirmationCode(popup.html);
    expect(shown).toMatch(/^\d{6}$/);
    return { ...pair, popup, shown: shown! };
  }

  test('pending while SSO runs, then confirm (no session without the code), then the session with it, once', async () => {
    const pair = pkcePair();
    const browser = new CookieClient();
    await browser.fetch(`${running.url}/auth/popup?${new URLSearchParams({ attempt: pair.attempt, challenge: pair.challenge, origin: running.demoUrl })}`);
    const pending = await poll(pair.attempt, pair.verifier);
    expect(pending.status).toBe(202);
    expect(pending.body).toEqual({ status: 'pending' });

    const popup = await runPopup(running.url, { origin: running.demoUrl, attempt: pair.attempt, challenge: pair.challenge, client: browser });
    const confirm = await poll(pair.attempt, pair.verifier);
    expect(confirm.status).toBe(202);
    expect(confirm.body).toEqual({ status: 'confirm', digits: 6, expiresAt: expect.any(Number) });

    const complete = await poll(pair.attempt, pair.verifier, shownConfirmationCode(popup.html)!);
    expect(complete.status).toBe(200);
    expect(complete.body).toMatchObject({ status: 'complete', teammate: { name: 'Ana Souza' } });
    expect(await me((complete.body as TokenResponse).accessToken)).toBe(200);

    // Whichever way the panel got the session, the attempt is spent.
    expect((await poll(pair.attempt, pair.verifier)).status).toBe(401);
    const redeem = await postJson<ErrorAnswer>(
      `${running.url}/auth/token`,
      { attempt: pair.attempt, code: popup.posted!.message!.code!, verifier: pair.verifier },
      { origin: running.demoUrl },
    );
    expect(redeem.status).toBe(401);
  });

  test('the code is typed as shown: spaces and dashes do not matter', async () => {
    const { attempt, verifier, shown } = await completed();
    const typed = `${shown.slice(0, 3)} - ${shown.slice(3)}`;
    expect((await poll(attempt, verifier, typed)).status).toBe(200);
  });

  test('only with the verifier: anyone else learns nothing about the attempt', async () => {
    const { attempt, verifier, shown } = await completed();
    const stranger = await poll(attempt, pkcePair().verifier, shown);
    expect(stranger.status).toBe(401);
    expect(stranger.body.error?.details?.reason).toBe('wrong verifier');
    expect(JSON.stringify(stranger.body)).not.toContain('accessToken');
    expect((await poll(attempt, verifier, shown)).status).toBe(200);
  });

  test('a failed sign-in reaches the polling panel with its reason', async () => {
    const ben = await signIn(running.url, running.demoUrl, 'ben');
    await running.connector.db('teammates').where({ id: ben.teammate.id }).update({ disabled_at: Date.now() });
    try {
      const pair = pkcePair();
      const popup = await runPopup(running.url, { origin: running.demoUrl, attempt: pair.attempt, challenge: pair.challenge, teammate: 'ben' });
      expect(popup.status).toBe(403);
      expect(popup.html).toContain('Your go2msg account has been disabled.');
      expect(popup.posted?.message).toMatchObject({ type: 'go2msg:sign-in-error', error: { code: 'TEAMMATE_DISABLED' } });
      const polled = await poll(pair.attempt, pair.verifier);
      expect(polled.status).toBe(403);
      expect(polled.body.error).toMatchObject({ code: 'TEAMMATE_DISABLED', message: 'Your go2msg account has been disabled.' });
    } finally {
      await running.connector.db('teammates').where({ id: ben.teammate.id }).update({ disabled_at: null });
    }
  });

  test('the completion page shows the code, which page asked, and where never to type it, only when it has no opener to post to', async () => {
    const popup = await runPopup(running.url, { origin: running.demoUrl });
    expect(popup.html).toContain('<div id="confirm" hidden>');
    expect(popup.html).toMatch(/confirm\.hidden = false/);
    expect(popup.html).toContain(`That panel is on <strong>${running.demoUrl}</strong>`);
    expect(popup.html).toContain('Type the code only into the go2msg panel where you clicked Sign in');
    expect(popup.html).toContain('If you did not just click Sign in on that page, close this window');
  });
});
