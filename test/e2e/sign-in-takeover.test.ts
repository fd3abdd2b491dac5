/**
 * Issue 11 §1, as an attacker would play it: the attacker builds a sign-in link
 * with an attempt and a PKCE challenge of their own, a teammate (an admin)
 * opens it in their real browser and signs in as usual (silently: their
 * provider session is alive), and the attacker, holding the verifier, asks the
 * connector for the session from another machine. They must get nothing: no
 * token, no code, and guessing the code burns the attempt.
 *
 * The victim is real Chromium; the provider is the sandbox's oidc-provider;
 * the attacker is this Node process, with no cookie of the victim's.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AttemptPollResponse } from '../../connector/domain/sign-in';
import { launchChromium } from '../support/browser';
import { startConnector, type RunningConnector } from '../support/connector';
import { pkcePair, postJson } from '../support/sign-in';

let running: RunningConnector;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let victim: Page;

type Answer = AttemptPollResponse & { accessToken?: string; refreshToken?: string; error?: { code: string; details?: Record<string, unknown> } };

beforeAll(async () => {
  running = await startConnector();
  chromium = await launchChromium();
  victim = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  // The admin signed in to go2msg earlier today: the provider's session in their browser is alive.
  const earlier = pkcePair();
  await victim.goto(`${running.url}/auth/popup?${new URLSearchParams({ attempt: earlier.attempt, challenge: earlier.challenge, origin: running.demoUrl })}`);
  await victim.getByRole('button', { name: /Alex Morgan/ }).click();
  await victim.waitForURL((url) => url.pathname === '/auth/callback');
});

afterAll(async () => {
  await chromium?.close();
  await running?.close();
});

/** The attacker's requests: from their own machine, claiming the allowed origin (a header anyone can set). */
const attacker = {
  poll: (attempt: string, body: Record<string, string>) => postJson<Answer>(`${running.url}/auth/attempts/${attempt}`, body, { origin: running.demoUrl }),
  redeem: (body: Record<string, string>) => postJson<Answer>(`${running.url}/auth/token`, body, { origin: running.demoUrl }),
};

describe('a sign-in link built by someone else and completed by a teammate', () => {
  test("yields the link's author no session, and guessing the code burns the attempt", async () => {
    const forged = pkcePair();
    const link = `${running.url}/auth/popup?${new URLSearchParams({ attempt: forged.attempt, challenge: forged.challenge, origin: running.demoUrl })}`;

    // The admin opens the link from an email: a top-level page, no opener; SSO completes silently.
    await victim.goto(link);
    await victim.waitForURL((url) => url.pathname === '/auth/callback');
    await expect.poll(() => victim.locator('h1').textContent()).toContain('Alex Morgan');
    // …and clicks whatever the page offers.
    for (const button of await victim.getByRole('button').all()) await button.click().catch(() => undefined);
    for (const link of await victim.getByRole('link').all()) await link.click().catch(() => undefined);

    // The attacker asks for the session with the verifier they made.
    const polled = await attacker.poll(forged.attempt, { verifier: forged.verifier });
    expect(polled.body.accessToken).toBeUndefined();
    expect(polled.body.refreshToken).toBeUndefined();
    expect(JSON.stringify(polled.body)).not.toMatch(/accessToken|refreshToken/);

    // Guessing the code the admin's page shows: a few tries, then the attempt is gone.
    const shown =
      (await victim
        .locator('[data-confirmation-code]')
        .getAttribute('data-confirmation-code')
        .catch(() => null)) ?? '000000';
    const wrong = shown === '000000' ? '111111' : '000000';
    const answers: Answer[] = [];
    for (let i = 0; i < 3; i++) answers.push((await attacker.poll(forged.attempt, { verifier: forged.verifier, confirmationCode: wrong })).body);
    for (const answer of answers) expect(answer.accessToken).toBeUndefined();
    expect(answers.at(-1)?.error?.code).toBe('SIGN_IN_EXPIRED');
    // Even the right code (which the attacker could not know) no longer works.
    const late = await attacker.poll(forged.attempt, { verifier: forged.verifier, confirmationCode: shown });
    expect(late.body.accessToken).toBeUndefined();
    expect(late.body.error?.code).toBe('SIGN_IN_EXPIRED');

    // Nor does the message path: the one-time code never left the admin's page.
    const redeemed = await attacker.redeem({ attempt: forged.attempt, code: 'guess', verifier: forged.verifier });
    expect(redeemed.body.accessToken).toBeUndefined();
    expect(await running.connector.db('sign_in_attempts').where({ id: forged.attempt }).whereNotNull('redeemed_at').first()).toBeUndefined();
  });

  test("the admin's page shows the code with the host that asked, and says to type it only into that panel", async () => {
    const forged = pkcePair();
    await victim.goto(`${running.url}/auth/popup?${new URLSearchParams({ attempt: forged.attempt, challenge: forged.challenge, origin: running.demoUrl })}`);
    await victim.waitForURL((url) => url.pathname === '/auth/callback');
    const text = await victim.locator('main, body').first().innerText();
    expect(text).toContain(running.demoUrl);
    expect(text).toMatch(/only into the go2msg panel where you clicked Sign in/i);
    expect(text).toMatch(/did not just click Sign in/i);
    expect(await victim.locator('[data-confirmation-code]').getAttribute('data-confirmation-code')).toMatch(/^\d{6}$/);
  });
});
