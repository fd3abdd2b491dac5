/**
 * The seven steps of the walking skeleton, in real Chromium: the demo CRM page
 * on one origin (127.0.0.1), the connector and its panel bundle on another
 * (localhost), sign-in through the sandbox OpenID provider in a popup, a
 * simulated customer, statuses by signed webhooks, the sandbox clock.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_DIST_DIR } from '../../connector/connector';
import { ApiClient } from '../support/api';
import { launchChromium } from '../support/browser';
import { signIn } from '../support/sign-in';
import { startConnector, type RunningConnector } from '../support/connector';
import { SHEENA } from '../support/fixtures';

const SCREENSHOTS = new URL('../../docs/images/', import.meta.url);

let running: RunningConnector;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const consoleErrors: string[] = [];
const failedResponses: string[] = [];
/**
 * Endpoints the panel calls and tolerates while they are missing (a 404 is
 * logged by the browser, not by the panel): the business profile and number
 * health (admin issue), read receipts and typing (messaging issue).
 */
const OPTIONAL_ENDPOINTS = [/\/api\/business-profile$/, /\/api\/number-health$/, /\/api\/contacts\/[^/]+\/(read|typing)$/];

beforeAll(async () => {
  if (!existsSync(`${DEFAULT_DIST_DIR}/go2msg.js`)) throw new Error('dist/go2msg.js is missing: run `npm run build` first (npm test does).');
  running = await startConnector({ connector: { simulator: { statusDelays: { sent: 200, delivered: 700, read: 1500 } } } });
  // A common laptop screen: the demo must show the whole panel, controls included.
  chromium = await launchChromium({ viewport: { width: 1366, height: 768 } });
  page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) failedResponses.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await chromium?.close();
  await running?.close();
});

const panel = () => page.locator('go2msg-thread');
const badge = () => panel().locator('.badge');

describe('walking skeleton, in Chromium across two origins', () => {
  test('2. the demo CRM loads the panel from the connector origin', async () => {
    const demo = new URL(running.demoUrl);
    demo.hostname = '127.0.0.1';
    const connectorOrigin = new URL(running.url).origin;
    expect(demo.origin).not.toBe(connectorOrigin);
    await page.goto(demo.toString());
    await expect.poll(() => page.evaluate(() => Boolean(customElements.get('go2msg-thread')))).toBe(true);
    const bundle = await page.evaluate(() => (document.querySelector('script[type=module][src]') as HTMLScriptElement).src);
    expect(new URL(bundle).origin).toBe(connectorOrigin);
    await expect.poll(() => panel().getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
  });

  test('3. sign-in in a popup with the sandbox provider names the agent in the panel', async () => {
    const [popup] = await Promise.all([page.waitForEvent('popup'), panel().getByRole('button', { name: 'Sign in' }).click()]);
    await popup.waitForLoadState();
    await popup.getByRole('button', { name: /Ana Souza/ }).click();
    await popup.waitForEvent('close', { timeout: 15_000 });
    await expect.poll(() => panel().locator('.account').textContent()).toContain('Signed in as Ana Souza');
    // The token lives in memory only: nothing in the host page's storage or cookies.
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, '']);
  });

  test('4. a customer message appears live and opens the window with a countdown', async () => {
    await page.getByRole('button', { name: 'Customer sends', exact: true }).click();
    await expect.poll(() => panel().locator('.msg.in .text').last().textContent(), { timeout: 10_000 }).toBe('Hi! Where is my order?');
    await expect.poll(() => badge().textContent()).toMatch(/^Open · 23 h 59 m left$/);
    expect(await badge().getAttribute('data-state')).toBe('open');
  });

  test('5. a reply shows the agent and moves sent → delivered → read', async () => {
    const draft = panel().locator('textarea');
    await draft.fill('Hi Sheena, it ships today!');
    await draft.press('Enter');
    const reply = panel().locator('.msg.out').last();
    await expect.poll(() => reply.locator('.text').textContent()).toBe('Hi Sheena, it ships today!');
    expect(await reply.locator('.sender').textContent()).toBe('Ana Souza');
    const seen: string[] = [];
    await expect
      .poll(
        async () => {
          const status = await reply.getAttribute('data-status');
          if (status && seen.at(-1) !== status) seen.push(status);
          return status;
        },
        { timeout: 15_000, interval: 50 },
      )
      .toBe('read');
    expect(seen.at(-1)).toBe('read');
    expect(seen.some((s) => s === 'sent' || s === 'delivered')).toBe(true);
    expect(await draft.inputValue()).toBe('');
    await page.screenshot({ path: new URL('demo-open-window.png', SCREENSHOTS).pathname });
  });

  test('6. 25 hours later the window is closed: free text disabled with the reason, a template goes out', async () => {
    await page.getByRole('button', { name: '+25 hours' }).click();
    await expect.poll(() => badge().getAttribute('data-state')).toBe('closed');
    expect(await badge().textContent()).toBe('Closed');
    expect(await panel().locator('textarea').count()).toBe(0);
    expect(await panel().locator('.reason').textContent()).toMatch(/24-hour window is closed/);

    // Free text sent anyway through the API is refused before anything reaches the simulator.
    const before = running.connector.simulator!.sent.length;
    const api = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
    const refused = await api.send(SHEENA, { type: 'text', text: { body: 'sent anyway' } }, 'e2e-closed-window');
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('WINDOW_CLOSED');
    expect(running.connector.simulator!.sent.length).toBe(before);
    await page.screenshot({ path: new URL('demo-closed-window.png', SCREENSHOTS).pathname });

    await panel().getByRole('button', { name: 'Templates', exact: true }).click();
    await panel().locator('select.template-select').selectOption({ label: 'hello_world · en_US · UTILITY' });
    await panel().getByRole('button', { name: 'Send template' }).click();
    const template = panel().locator('.msg.out').last();
    await expect.poll(() => template.locator('.text').textContent()).toMatch(/^Welcome and congratulations/);
    await expect.poll(() => template.getAttribute('data-status'), { timeout: 15_000 }).toBe('read');
    expect(running.connector.simulator!.sent.length).toBe(before + 1);
    expect(running.connector.simulator!.sent.at(-1)!.type).toBe('template');
  });

  test('7. the customer writes again and the window opens again, live', async () => {
    await page.locator('#customer-text').fill('Got it, thanks!');
    await page.getByRole('button', { name: 'Customer sends', exact: true }).click();
    await expect.poll(() => badge().getAttribute('data-state'), { timeout: 10_000 }).toBe('open');
    expect(await panel().locator('textarea').isDisabled()).toBe(false);
    expect(await panel().locator('.msg.in .text').last().textContent()).toBe('Got it, thanks!');
  });

  test('the page logged no errors', () => {
    expect(consoleErrors).toEqual([]);
    expect(failedResponses.filter((r) => r !== '404 /favicon.ico' && !(r.startsWith('404 ') && OPTIONAL_ENDPOINTS.some((e) => e.test(r.slice(4)))))).toEqual(
      [],
    );
  });
});
