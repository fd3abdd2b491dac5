/**
 * The README's walk, step 3's saved reply, on the sandbox as `npm start` runs
 * it (with the demo's saved replies): "/gree" and Enter in the demo page's
 * panel put the Greeting, filled for Sheena and Ana, in the reply box; Enter
 * then sends it. Real Chromium, across the demo's two origins.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_DIST_DIR } from '../../connector/connector';
import { launchChromium } from '../support/browser';
import { startConnector, type RunningConnector } from '../support/connector';

let running: RunningConnector;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

beforeAll(async () => {
  if (!existsSync(`${DEFAULT_DIST_DIR}/go2msg.js`)) throw new Error('dist/go2msg.js is missing: run `npm run build` first (npm test does).');
  running = await startConnector({ connector: { demoSavedReplies: true } });
  chromium = await launchChromium({ viewport: { width: 1366, height: 768 } });
  page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
});

afterAll(async () => {
  await chromium?.close();
  await running?.close();
});

test('the demo offers its saved replies: "/gree" and Enter insert the Greeting filled in, Enter sends it', async () => {
  const demo = new URL(running.demoUrl);
  demo.hostname = '127.0.0.1';
  await page.goto(demo.toString());
  const panel = page.locator('go2msg-thread');
  const [popup] = await Promise.all([page.waitForEvent('popup'), panel.getByRole('button', { name: 'Sign in' }).click()]);
  await popup.waitForLoadState();
  await popup.getByRole('button', { name: /Ana Souza/ }).click();
  await popup.waitForEvent('close', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Customer sends', exact: true }).click();
  const draft = panel.getByRole('textbox', { name: 'Reply to the customer' });
  await draft.waitFor({ timeout: 10_000 });

  await draft.pressSequentially('/gree');
  // The saved replies' own list (the header's number picker has options too).
  const savedReplies = panel.getByRole('listbox', { name: 'Saved replies' });
  await expect.poll(() => savedReplies.getByRole('option').allTextContents()).toEqual([expect.stringContaining('Greeting')]);
  await draft.press('Enter');
  const greeting = 'Hi Sheena, this is Ana from Acme. How can I help?';
  await expect.poll(() => draft.inputValue()).toBe(greeting);
  await draft.press('Enter');
  await expect.poll(() => panel.locator('.msg.out .text').last().textContent(), { timeout: 10_000 }).toBe(greeting);
});
