/**
 * Sign-in in real Chromium across origins, with a sandbox identity provider
 * whose pages send Cross-Origin-Opener-Policy: same-origin, as real providers
 * do: the popup loses its link to the panel, shows a code, and the panel signs
 * in with it.
 * Then an admin disables the agent (the open panel says so), and sign-out ends
 * the provider's session through its end-session page.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_DIST_DIR } from '../../connector/connector';
import { ApiClient } from '../support/api';
import { launchChromium } from '../support/browser';
import { startConnector, type RunningConnector } from '../support/connector';
import { signIn } from '../support/sign-in';

let running: RunningConnector;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const authCalls: string[] = [];

beforeAll(async () => {
  if (!existsSync(`${DEFAULT_DIST_DIR}/go2msg.js`)) throw new Error('dist/go2msg.js is missing: run `npm run build` first (npm test does).');
  running = await startConnector({ connector: { sandboxIdp: { crossOriginOpenerPolicy: 'same-origin' } } });
  chromium = await launchChromium();
  page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.startsWith('/auth/')) authCalls.push(new URL(request.url()).pathname);
  });
  const demo = new URL(running.demoUrl);
  demo.hostname = '127.0.0.1';
  await page.goto(demo.toString());
});

afterAll(async () => {
  await chromium?.close();
  await running?.close();
});

const panel = () => page.locator('go2msg-thread');

async function signInThroughPopup(name: RegExp): Promise<Page> {
  const [popup] = await Promise.all([page.waitForEvent('popup'), panel().getByRole('button', { name: 'Sign in' }).click()]);
  await popup.waitForLoadState();
  await popup.getByRole('button', { name }).click();
  return popup;
}

/** The popup lost its opener, so it shows a code: the teammate types it into the panel, from the keyboard. */
async function typeTheCodeItShows(popup: Page): Promise<void> {
  const code = await popup.locator('[data-confirmation-code]').getAttribute('data-confirmation-code');
  expect(code).toMatch(/^\d{6}$/);
  await expect
    .poll(() =>
      panel()
        .locator('#signin-code')
        .evaluate((input) => input.getRootNode() instanceof ShadowRoot && (input.getRootNode() as ShadowRoot).activeElement === input),
    )
    .toBe(true);
  await page.keyboard.type(code!);
  await page.keyboard.press('Enter');
}

describe('sign-in when the provider cuts the popup from the panel', () => {
  test('the popup, with no opener left, shows a code; typed into the panel, it signs in', async () => {
    await expect.poll(() => panel().getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    const popup = await signInThroughPopup(/Ana Souza/);
    await popup.waitForURL((url) => url.pathname === '/auth/callback');
    expect(await popup.evaluate(() => window.opener)).toBeNull();
    expect(await popup.locator('#confirm').innerText()).toContain(`That panel is on ${new URL(page.url()).origin}`);
    await typeTheCodeItShows(popup);
    await expect.poll(() => panel().locator('.account').textContent(), { timeout: 15_000 }).toContain('Signed in as Ana Souza');
    // No message could reach the panel, so it never redeemed a code: the session came from the attempt with the typed code.
    expect(authCalls.some((p) => p.startsWith('/auth/attempts/'))).toBe(true);
    expect(authCalls).not.toContain('/auth/token');
    await popup.close();
  });

  test('an admin disables the agent: the open panel says so at once', async () => {
    const ana = await running.connector.db('teammates').where({ name: 'Ana Souza' }).first();
    const admin = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'alex'));
    expect((await admin.call(`/api/admin/teammates/${ana.id}/disable`, { method: 'POST' })).status).toBe(200);
    await expect.poll(() => panel().locator('.signin .error').textContent(), { timeout: 10_000 }).toContain('Your go2msg account has been disabled');
    expect((await admin.call(`/api/admin/teammates/${ana.id}/enable`, { method: 'POST' })).status).toBe(200);
  });

  test("sign-out ends the provider's session too, through its end-session page", async () => {
    // The provider still knows Ana: signing in again needs no login page.
    const [again] = await Promise.all([page.waitForEvent('popup'), panel().getByRole('button', { name: 'Sign in' }).click()]);
    await again.waitForURL((url) => url.pathname === '/auth/callback');
    await typeTheCodeItShows(again);
    await expect.poll(() => panel().locator('.account').textContent(), { timeout: 15_000 }).toContain('Signed in as Ana Souza');
    await again.close();

    const [logoutPopup] = await Promise.all([page.waitForEvent('popup'), panel().getByRole('button', { name: 'Sign out' }).click()]);
    await expect.poll(() => panel().getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    await logoutPopup.getByRole('button', { name: 'Yes, sign me out' }).click();
    await logoutPopup.waitForURL(`${running.url}/auth/signed-out`);
    expect(await logoutPopup.locator('h1').textContent()).toBe('Signed out');

    // The provider's session is over: the next sign-in asks who you are again.
    const popup = await signInThroughPopup(/Ben Carter/);
    await popup.waitForURL((url) => url.pathname === '/auth/callback');
    await typeTheCodeItShows(popup);
    await expect.poll(() => panel().locator('.account').textContent(), { timeout: 15_000 }).toContain('Signed in as Ben Carter');
    await popup.close();
  });
  test('the demo CRM vouches for its user: linked once through SSO, then signed in without a popup, replies "via" the CRM', async () => {
    // Ben is signed in from the previous step; sign out first (the provider's page may open: close it).
    const [out] = await Promise.all([page.waitForEvent('popup'), panel().getByRole('button', { name: 'Sign out' }).click()]);
    await out.close();
    await page.locator('#crm-user').selectOption('crm-ben');
    await page.getByRole('button', { name: 'Sign in to the panel with Acme CRM' }).click();
    await expect.poll(() => panel().locator('.signin p').first().textContent()).toMatch(/^Link your crm\.acme\.example account to go2msg once/);

    // Linking: one SSO sign-in. Someone signed out here, so the provider asks who is signing in, though it still knows Ben.
    const popup = await signInThroughPopup(/Ben Carter/);
    await popup.waitForURL((url) => url.pathname === '/auth/callback');
    await typeTheCodeItShows(popup);
    await expect.poll(() => panel().locator('.account').textContent(), { timeout: 15_000 }).toContain('Signed in as Ben Carter via crm.acme.example');
    await popup.close();

    await page.getByRole('button', { name: 'Customer sends', exact: true }).click();
    await expect.poll(() => panel().locator('.badge').getAttribute('data-state'), { timeout: 10_000 }).toBe('open');
    await panel().locator('textarea').fill('Ben here, from the CRM.');
    await panel().locator('textarea').press('Enter');
    await expect.poll(() => panel().locator('.msg.out .sender').last().textContent()).toBe('Ben Carter via crm.acme.example');
    await page.screenshot({ path: new URL('../../docs/images/demo-host-vouched.png', import.meta.url).pathname });

    // From now on the CRM's proof alone signs Ben in: no popup opens.
    const [again] = await Promise.all([page.waitForEvent('popup'), panel().getByRole('button', { name: 'Sign out' }).click()]);
    await again.close();
    let popups = 0;
    const count = () => popups++;
    page.on('popup', count);
    await page.getByRole('button', { name: 'Sign in to the panel with Acme CRM' }).click();
    await expect.poll(() => panel().locator('.account').textContent()).toContain('Signed in as Ben Carter via crm.acme.example');
    page.off('popup', count);
    expect(popups).toBe(0);
  });
});
