/**
 * SMS and the audit trail in the sandbox demo, in Chromium across two origins:
 * a customer texts by SMS, an admin answers by SMS beside the template while
 * the WhatsApp window is closed, the audit log on the page shows the send and
 * exports it as a download.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/browser';
import { startConnector, type RunningConnector } from '../support/connector';
import { SHEENA } from '../support/fixtures';

let running: RunningConnector;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const consoleErrors: string[] = [];
const scripts: string[] = [];
const SCREENSHOTS = new URL('../../docs/images/', import.meta.url);

beforeAll(async () => {
  running = await startConnector({ connector: { smsSimulator: { statusDelays: { sent: 200, delivered: 700 } } } });
  chromium = await launchChromium({ viewport: { width: 1400, height: 1000 } });
  page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
});

afterAll(async () => {
  await chromium?.close();
  await running?.close();
});

const panel = () => page.locator('go2msg-thread');
const auditLog = () => page.locator('go2msg-audit-log');

describe('SMS and the audit trail in the demo', () => {
  test('an admin signs in once for the panel and the audit log', async () => {
    const demo = new URL(running.demoUrl);
    demo.hostname = '127.0.0.1';
    await page.goto(demo.toString());
    await expect.poll(() => page.evaluate(() => Boolean(customElements.get('go2msg-audit-log')))).toBe(true);
    // Its own chunk, sharing AdminElement's, without the admin elements' code.
    expect(scripts.filter((s) => /^\/widget\/(audit-log|admin-elements?)-/.test(s))).toEqual([
      expect.stringMatching(/^\/widget\/audit-log-[\w-]+\.js$/),
      expect.stringMatching(/^\/widget\/admin-element-[\w-]+\.js$/),
    ]);
    const [popup] = await Promise.all([page.waitForEvent('popup'), panel().getByRole('button', { name: 'Sign in' }).click()]);
    await popup.waitForLoadState();
    await popup.getByRole('button', { name: /Alex Morgan/ }).click();
    await popup.waitForEvent('close', { timeout: 15_000 });
    await expect.poll(() => panel().locator('.account').textContent()).toContain('Signed in as Alex Morgan');
    await expect.poll(() => auditLog().locator('tbody tr').count()).toBeGreaterThan(0);
  });

  test("the customer's SMS appears in the thread, marked SMS, and the WhatsApp window stays closed", async () => {
    await page.locator('#customer-text').fill('Hi, texting you from the road');
    await page.getByRole('button', { name: 'Customer texts by SMS' }).click();
    const message = panel().locator('.msg.in').last();
    await expect.poll(() => message.locator('.text').textContent(), { timeout: 10_000 }).toBe('Hi, texting you from the road');
    expect(await message.locator('.channel').textContent()).toBe('SMS');
    expect(await panel().locator('.badge').getAttribute('data-state')).toBe('never_opened');
  });

  test('beside the template, SMS reaches the customer; the reply is attributed and delivered', async () => {
    await panel().getByRole('button', { name: 'Or reach the customer by SMS' }).click();
    await panel()
      .getByLabel(/SMS to the customer/)
      .fill('Thanks! Your parcel arrives tomorrow.');
    await panel().getByRole('button', { name: 'Send SMS' }).click();
    const reply = panel().locator('.msg.out').last();
    await expect.poll(() => reply.locator('.text').textContent()).toBe('Thanks! Your parcel arrives tomorrow.');
    expect(await reply.locator('.sender').textContent()).toBe('Alex Morgan');
    expect(await reply.locator('.channel').textContent()).toBe('SMS');
    await expect.poll(() => reply.getAttribute('data-status'), { timeout: 15_000 }).toBe('delivered');
    expect(running.connector.sms.simulator!.sent.at(-1)).toMatchObject({ to: SHEENA, body: 'Thanks! Your parcel arrives tomorrow.' });
  });

  test('the audit log shows the SMS send with its digest, and exports it as a CSV download', async () => {
    await auditLog().getByRole('button', { name: 'Refresh' }).click();
    const send = auditLog().locator('tbody tr[data-action="message.send"]').first();
    await expect.poll(() => send.locator('td').nth(3).textContent()).toBe('SMS');
    expect(await send.locator('td').nth(2).textContent()).toBe('Alex Morgan');
    expect(await send.locator('.digest').first().textContent()).toMatch(/^SHA-256 [0-9a-f]{8}…[0-9a-f]{4} · \d+ bytes$/);

    const [download] = await Promise.all([page.waitForEvent('download'), auditLog().getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^go2msg-audit-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^id,at,action,/);
    expect(csv).toMatch(/message\.send,\d+,Alex Morgan,alex@acme\.example,,,sms,/);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: new URL('demo-sms-audit.png', SCREENSHOTS).pathname, fullPage: true });
  });

  test('the page logged no errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
