/**
 * Issue 12, "sign-out and switching teammates", as the README's demo plays it
 * in real Chromium with the sandbox's oidc-provider: Ana signs in, signs out,
 * leaves the provider's "sign out?" page unconfirmed (its session lives on),
 * and Alex signs in next. The provider must ask who is signing in instead of
 * silently signing Ana back in; the panel says what happened, and keyboard
 * focus lands where the next step is each time the popup closes.
 */
import { existsSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_DIST_DIR } from '../../connector/connector';
import { launchChromium } from '../support/browser';
import { startConnector, type RunningConnector } from '../support/connector';

let running: RunningConnector;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

beforeAll(async () => {
  if (!existsSync(`${DEFAULT_DIST_DIR}/go2msg.js`)) throw new Error('dist/go2msg.js is missing: run `npm run build` first (npm test does).');
  running = await startConnector();
  chromium = await launchChromium();
  page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  const demo = new URL(running.demoUrl);
  demo.hostname = '127.0.0.1';
  await page.goto(demo.toString());
});

afterAll(async () => {
  await chromium?.close();
  await running?.close();
});

const panel = () => page.locator('go2msg-thread');
/** What has keyboard focus inside the panel, as a CSS-ish description. */
const focused = (element: Locator) =>
  element.evaluate((host) => {
    const active = host.shadowRoot?.activeElement as HTMLElement | null;
    if (!active) return null;
    return { tag: active.tagName.toLowerCase(), id: active.id, text: active.textContent?.trim() ?? '', inComposer: Boolean(active.closest('.composer')) };
  });

/** Clicks Sign in and waits for the popup to show the provider's login page, or to finish silently. */
async function signInPopup(): Promise<{ popup: Page; askedWho: boolean }> {
  const [popup] = await Promise.all([page.waitForEvent('popup'), panel().getByRole('button', { name: 'Sign in' }).click()]);
  await popup.waitForURL((url) => url.pathname.includes('/interaction/') || url.pathname === '/auth/callback');
  return { popup, askedWho: new URL(popup.url()).pathname.includes('/interaction/') };
}

describe('switching teammates in one panel', () => {
  test('Ana signs in; when the popup closes, focus is in the composer', async () => {
    const { popup, askedWho } = await signInPopup();
    expect(askedWho).toBe(true); // The first sign-in of the day: the provider asks.
    await popup.getByRole('button', { name: /Ana Souza/ }).click();
    await expect.poll(() => panel().locator('.account').textContent(), { timeout: 15_000 }).toContain('Signed in as Ana Souza');
    await expect.poll(async () => (await focused(panel()))?.inComposer, { timeout: 10_000 }).toBe(true);
  });

  test("Ana signs out and leaves the provider's sign-out page unconfirmed: the panel says the next sign-in asks who, and Sign in has the focus", async () => {
    const [logout] = await Promise.all([page.waitForEvent('popup'), panel().getByRole('button', { name: 'Sign out' }).click()]);
    await logout.getByRole('button', { name: 'No, stay signed in' }).waitFor();
    await logout.close();
    await expect
      .poll(() => panel().locator('.signin .switching').textContent())
      .toBe('You signed out. The next sign-in asks which company account to use, so a teammate can sign in here.');
    await expect.poll(async () => (await focused(panel()))?.text).toBe('Sign in');
  });

  test('Alex signs in next: the provider asks who is signing in, though it still knows Ana', async () => {
    const { popup, askedWho } = await signInPopup();
    expect(askedWho).toBe(true);
    expect(await popup.getByRole('button', { name: /Ana Souza/ }).isVisible()).toBe(true);
    await popup.getByRole('button', { name: /Alex Morgan/ }).click();
    await expect.poll(() => panel().locator('.account').textContent(), { timeout: 15_000 }).toContain('Signed in as Alex Morgan');
    await expect.poll(() => panel().locator('.signin .switching').count()).toBe(0);
  });
});
