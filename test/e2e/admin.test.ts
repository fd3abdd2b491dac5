/**
 * The demo's WhatsApp admin page in real Chromium, across two origins: the
 * admin elements load as their own chunk from the connector's origin, the
 * admin signs in through the popup, submits a template that the simulator
 * reviews, fixes a rejected one, edits the business profile and sees the number's health react to
 * a paused template.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_DIST_DIR } from '../../connector/connector';
import { launchChromium } from '../support/browser';
import { DEMO_SAVED_REPLIES } from '../../connector/sandbox/demo/saved-replies';
import { startConnector, type RunningConnector } from '../support/connector';

const SCREENSHOTS = new URL('../../docs/images/', import.meta.url);

let running: RunningConnector;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const consoleErrors: string[] = [];
const scripts: string[] = [];

beforeAll(async () => {
  if (!existsSync(`${DEFAULT_DIST_DIR}/go2msg.js`)) throw new Error('dist/go2msg.js is missing: run `npm run build` first (npm test does).');
  running = await startConnector({ connector: { simulator: { templateReviewMs: 300 }, demoSavedReplies: true } });
  chromium = await launchChromium({ viewport: { width: 1400, height: 1000 } });
  page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await chromium?.close();
  await running?.close();
});

const templates = () => page.locator('go2msg-templates-admin');
const health = () => page.locator('go2msg-number-health');
const profile = () => page.locator('go2msg-business-profile');

describe('the WhatsApp admin page, in Chromium across two origins', () => {
  test('loads the admin elements as their own chunk from the connector', async () => {
    const demo = new URL(running.demoUrl);
    demo.hostname = '127.0.0.1';
    demo.pathname = '/admin';
    await page.goto(demo.toString());
    await expect.poll(() => page.evaluate(() => Boolean(customElements.get('go2msg-templates-admin')))).toBe(true);
    const connectorOrigin = new URL(running.url).origin;
    // The admin elements' chunk, the one with AdminElement (which the audit log's chunk shares), and the saved replies'
    // rules and calls with the error vocabulary they throw (shared with the composer's saved-reply picker), the business numbers'
    // names (shared with the inbox: the profile's number picker); nothing of the audit log.
    const paths = scripts.filter((s) => s.startsWith(`${connectorOrigin}/widget/`)).map((s) => new URL(s).pathname);
    expect(paths[0]).toBe('/widget/go2msg.js');
    expect(paths.slice(1).sort()).toEqual([
      expect.stringMatching(/^\/widget\/admin-element-[\w-]+\.js$/),
      expect.stringMatching(/^\/widget\/admin-elements-[\w-]+\.js$/),
      expect.stringMatching(/^\/widget\/business-numbers-[\w-]+\.js$/),
      expect.stringMatching(/^\/widget\/errors-[\w-]+\.js$/),
      expect.stringMatching(/^\/widget\/saved-replies-[\w-]+\.js$/),
    ]);
  });

  test('an admin signs in once; every admin element on the page uses the session', async () => {
    const [popup] = await Promise.all([page.waitForEvent('popup'), templates().getByRole('button', { name: 'Sign in' }).click()]);
    await popup.waitForLoadState();
    await popup.getByRole('button', { name: /Alex Morgan/ }).click();
    await popup.waitForEvent('close', { timeout: 15_000 });
    await expect.poll(() => templates().locator('tbody tr').count()).toBeGreaterThanOrEqual(5);
    await expect.poll(() => health().locator('.display-name').textContent()).toBe('Lucky Shrub');
    await expect.poll(() => profile().locator('.about').textContent()).toBe('Succulents, delivered.');
    // The sandbox's demo replies, as `npm start` shows them.
    await expect
      .poll(() => page.locator('go2msg-saved-replies-admin').locator('tbody td.name').allTextContents())
      .toEqual(DEMO_SAVED_REPLIES.map((r) => r.name).sort((a, b) => a.localeCompare(b)));
  });

  test('submits a template checked as it is typed; the review approves it', async () => {
    await templates().getByRole('button', { name: 'New template' }).click();
    await templates().locator('input[name="name"]').fill('Delivery Slot');
    await expect.poll(() => templates().locator('.violations code').first().textContent()).toBe('name.format');
    await templates().locator('input[name="name"]').fill('delivery_slot');
    await templates().locator('textarea[name="body"]').fill('Hi {{1}}, your cacti arrive on {{2}} between 9 and 12.');
    await templates().locator('input[name="bodySample1"]').fill('Sheena');
    await templates().locator('input[name="bodySample2"]').fill('June 30');
    await templates().locator('input[name="footer"]').fill('Lucky Shrub');
    await expect.poll(() => templates().locator('.violations').count()).toBe(0);
    await templates().getByRole('button', { name: 'Submit for review' }).click();
    const row = templates().locator('tr[data-template="delivery_slot|en_US"]');
    await expect.poll(() => row.locator('.status').textContent()).toMatch(/PENDING|APPROVED/);
    await expect.poll(() => row.locator('.status').textContent(), { timeout: 15_000 }).toBe('APPROVED');
    expect(running.connector.simulator!.templates.find((t) => t.name === 'delivery_slot')?.status).toBe('APPROVED');
  });

  test("fixes Meta's rejected template in place: it opens as it was, goes back to review and is approved", async () => {
    const row = templates().locator('tr[data-template="2023_april_promo|en_US"]');
    await expect.poll(() => row.locator('.status').textContent()).toBe('REJECTED');
    await row.getByRole('button', { name: 'Edit' }).click();
    const body = templates().locator('textarea[name="body"]');
    await expect.poll(() => body.inputValue()).toContain('our Fall Sale is on!');
    expect(await templates().locator('input[name="name"]').isDisabled()).toBe(true);
    await body.fill('Hi {{1}}, our Fall Sale is on! Use promo code {{2}} for 25% off orders above $350.');
    await expect.poll(() => templates().locator('.violations').count()).toBe(0);
    await templates().getByRole('button', { name: 'Submit changes' }).click();
    await expect.poll(() => templates().locator('.ok').textContent()).toContain('2023_april_promo was changed and is back in review');
    await expect.poll(() => row.locator('.status').textContent(), { timeout: 15_000 }).toBe('APPROVED');
    expect(running.connector.simulator!.templates.find((t) => t.name === '2023_april_promo')?.components).toContainEqual(
      expect.objectContaining({ type: 'BODY', text: 'Hi {{1}}, our Fall Sale is on! Use promo code {{2}} for 25% off orders above $350.' }),
    );
  });

  test('edits the business profile within its limits', async () => {
    await profile().getByRole('button', { name: 'Edit' }).click();
    await profile().locator('input[name="about"]').fill('Cacti and succulents, delivered with care.');
    await profile().getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => profile().locator('.about').textContent()).toBe('Cacti and succulents, delivered with care.');
    expect(running.connector.simulator!.management.profile.about).toBe('Cacti and succulents, delivered with care.');
  });

  test("a template paused by Meta shows in the number's alerts", async () => {
    await page.getByRole('button', { name: 'Low (pauses it)' }).click();
    await expect.poll(() => page.locator('#sim-status').textContent()).toContain('Done');
    await expect
      .poll(
        async () => {
          await health().getByRole('button', { name: 'Refresh' }).click();
          return health().locator('.alerts .alert').allTextContents();
        },
        { timeout: 10_000, interval: 300 },
      )
      .toEqual([expect.stringContaining('Template seasonal_offer (en_US) is paused by Meta')]);
    await templates().getByRole('button', { name: 'Sync from Meta' }).click();
    await expect.poll(() => templates().locator('tr[data-template="seasonal_offer|en_US"] .status').textContent()).toBe('PAUSED');
    await page.screenshot({ path: new URL('demo-admin.png', SCREENSHOTS).pathname, fullPage: true });
  });

  test('the page logged no errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
