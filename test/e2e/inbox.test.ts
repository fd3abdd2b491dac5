/**
 * The team inbox in real Chromium against the real connector, across two
 * origins and two browsers: Ana and Ben each have the demo's inbox page open,
 * a new customer writes, the conversation appears unassigned in both at once
 * (with the count in Ana's page title), Ben claims it, and Ana sees it is Ben's;
 * the same customer writing to the sandbox's second number (Sales) is a second row
 * whose thread replies from Sales.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_DIST_DIR } from '../../connector/connector';
import { signInOnDemoPage } from '../support/browser';
import { startConnector, type RunningConnector } from '../support/connector';

let running: RunningConnector;
const browsers: Array<{ close(): Promise<void> }> = [];
let ana: Page;
let ben: Page;
const consoleErrors: string[] = [];

async function openInbox(name: string): Promise<Page> {
  const opened = await signInOnDemoPage({
    demoUrl: running.demoUrl,
    path: '/inbox',
    element: 'go2msg-inbox',
    name,
    consoleErrors,
    viewport: { width: 1366, height: 768 },
  });
  browsers.push(opened);
  // The popup's sign-in, then the first page of the inbox.
  await opened.page
    .locator('go2msg-inbox')
    .getByRole('tab', { name: /Unassigned/, selected: true })
    .waitFor({ timeout: 25_000 });
  return opened.page;
}

const row = (page: Page, name: string) => page.locator('go2msg-inbox li.conv', { hasText: name });
const rowLabel = (page: Page, name: string) => row(page, name).locator('button.open .label').textContent();

beforeAll(async () => {
  if (!existsSync(`${DEFAULT_DIST_DIR}/go2msg.js`)) throw new Error('dist/go2msg.js is missing: run `npm run build` first (npm test does).');
  running = await startConnector();
  ana = await openInbox('Ana Souza');
  ben = await openInbox('Ben Carter');
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await running?.close();
});

describe('the team inbox, in two browsers against the real connector', () => {
  test('a new customer appears unassigned in both open inboxes at once, with the count in the page title', async () => {
    const title = await ana.title();
    await ana.getByLabel('Name on WhatsApp').fill('Maria Lopez');
    await ana.getByLabel('WhatsApp number (digits)').fill('5215512345678');
    await ana.getByRole('button', { name: 'Customer sends' }).click();
    for (const page of [ana, ben]) {
      await expect
        .poll(() => rowLabel(page, 'Maria Lopez'), { timeout: 10_000 })
        .toMatch(/^Maria Lopez, via Support \+15550783881, waiting (0|1) minutes?, 1 unread, unassigned$/);
    }
    expect(await row(ana, 'Maria Lopez').locator('.badge').getAttribute('data-state')).toBe('open');
    await expect.poll(() => ana.title()).toBe(`(1) ${title}`);
  });

  test('Ben claims it; Ana, in another browser, sees it leave Unassigned and, under All, that it is Ben’s', async () => {
    await row(ben, 'Maria Lopez').getByRole('button', { name: 'Assign to me: Maria Lopez' }).click();
    await expect.poll(() => row(ana, 'Maria Lopez').count(), { timeout: 10_000 }).toBe(0);
    await ana.locator('go2msg-inbox').getByRole('tab', { name: /All/ }).click();
    await expect.poll(() => rowLabel(ana, 'Maria Lopez')).toMatch(/, Ben Carter’s$/);
    await ben.locator('go2msg-inbox').getByRole('tab', { name: /Mine/ }).click();
    await expect.poll(() => rowLabel(ben, 'Maria Lopez')).toMatch(/, yours$/);
    // Ana's alert was for an unassigned conversation that someone took: the title is hers again.
    await expect.poll(() => ana.title()).not.toMatch(/^\(\d+\)/);
  });

  test('choosing the row opens the thread beside the list, with the customer’s message', async () => {
    await row(ben, 'Maria Lopez').locator('button.open').click();
    const thread = ben.locator('go2msg-inbox go2msg-thread');
    await expect.poll(() => thread.locator('.msg.in .text').last().textContent(), { timeout: 10_000 }).toContain('my parcel says delivered');
    await expect.poll(() => row(ben, 'Maria Lopez').locator('.unread').count()).toBe(0);
    await ben.screenshot({ path: new URL('../../docs/images/demo-inbox.png', import.meta.url).pathname });
    expect(consoleErrors).toEqual([]);
  });

  test('the same customer writing to the Sales number is a second row, via Sales, whose thread replies from Sales', async () => {
    await ana.getByLabel("To the business's number").selectOption({ label: 'Sales +15550783882' });
    await ana.getByLabel('Message').fill('And a quote for 40 units, please.');
    await ana.getByRole('button', { name: 'Customer sends' }).click();
    await ana.locator('go2msg-inbox').getByRole('tab', { name: /All/ }).click();
    await expect.poll(() => row(ana, 'Maria Lopez').count(), { timeout: 10_000 }).toBe(2);
    const sales = row(ana, 'via Sales');
    await expect.poll(() => sales.locator('button.open .label').textContent()).toMatch(/^Maria Lopez, via Sales \+15550783882, waiting/);
    await sales.locator('button.open').click();
    const thread = ana.locator('go2msg-inbox go2msg-thread');
    await expect.poll(() => thread.getAttribute('contact'), { timeout: 10_000 }).toBe('+5215512345678@106540352242923');
    await expect.poll(() => thread.locator('.msg.in .text').last().textContent(), { timeout: 10_000 }).toContain('a quote for 40 units');
    await expect.poll(() => thread.locator('.reply-from select').inputValue(), { timeout: 10_000 }).toBe('106540352242923');
    expect(consoleErrors).toEqual([]);
  });
});
