/**
 * Presence and the collision warning in real Chromium against the real
 * connector and its oidc-provider: Ana and Ben, in two browsers, have the
 * same customer's thread open. Each sees the other there (never themselves),
 * Ben sees Ana typing, and when Ben answers the customer while Ana is still
 * writing, Ana's panel asks before her reply leaves, from the keyboard,
 * without ever losing her draft. When Ben's page goes, he leaves Ana's line.
 */
import { existsSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_DIST_DIR } from '../../connector/connector';
import { signInOnDemoPage } from '../support/browser';
import { customerWrites } from '../support/api';
import { startConnector, type RunningConnector } from '../support/connector';

let running: RunningConnector;
const browsers: Array<{ close(): Promise<void> }> = [];
let ana: Page;
let ben: Page;
const consoleErrors: string[] = [];

async function openThread(name: string): Promise<Page> {
  const opened = await signInOnDemoPage({ demoUrl: running.demoUrl, element: 'go2msg-thread', name, consoleErrors });
  browsers.push(opened);
  await panelOf(opened.page)
    .locator('.account', { hasText: `Signed in as ${name}` })
    .waitFor({ timeout: 15_000 });
  await panelOf(opened.page).locator('#draft').waitFor({ timeout: 10_000 });
  return opened.page;
}

const panelOf = (page: Page): Locator => page.locator('go2msg-thread');
/** Who the panel says is on the thread, one entry per teammate. */
const presenceLine = async (page: Page) => (await panelOf(page).locator('.presence .who').allTextContents()).join(' | ');
const focusedText = (page: Page) =>
  panelOf(page).evaluate(
    (host) => (host.shadowRoot?.activeElement as HTMLElement | null)?.textContent?.trim() ?? (host.shadowRoot?.activeElement as HTMLElement | null)?.id ?? null,
  );
const focusedId = (page: Page) => panelOf(page).evaluate((host) => (host.shadowRoot?.activeElement as HTMLElement | null)?.id ?? null);
const outgoing = (page: Page) => panelOf(page).locator('.msg.out .text').allTextContents();

beforeAll(async () => {
  if (!existsSync(`${DEFAULT_DIST_DIR}/go2msg.js`)) throw new Error('dist/go2msg.js is missing: run `npm run build` first (npm test does).');
  running = await startConnector();
  const { data } = (await (await fetch(`${running.url}/sandbox/customers`)).json()) as { data: Array<{ waId: string }> };
  await customerWrites(running.url, data[0]!.waId, 'Hi! Where is my order?');
  await running.connector.webhooks.idle();
  ana = await openThread('Ana Souza');
  ben = await openThread('Ben Carter');
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await running?.close();
});

describe('two teammates on one customer, in two browsers against the real connector', () => {
  test('each sees the other viewing the thread, never themselves', async () => {
    await expect.poll(() => presenceLine(ana), { timeout: 10_000 }).toBe('Ben Carter is viewing');
    await expect.poll(() => presenceLine(ben), { timeout: 10_000 }).toBe('Ana Souza is viewing');
  });

  test('Ana starts a reply: Ben sees her typing', async () => {
    await panelOf(ana).locator('#draft').pressSequentially('Let me check your order');
    await expect.poll(() => presenceLine(ben), { timeout: 10_000 }).toBe('Ana Souza is typing…');
  });

  test('Ben answers meanwhile: Ana is asked before her reply leaves; Escape cancels and keeps her draft', async () => {
    const draft = panelOf(ben).locator('#draft');
    await draft.fill('Ben here: your order left this morning.');
    await draft.press('Enter');
    await expect.poll(() => outgoing(ana), { timeout: 10_000 }).toContain('Ben here: your order left this morning.');

    await panelOf(ana).locator('#draft').press('Enter');
    const warning = panelOf(ana).getByRole('alertdialog');
    await expect.poll(() => warning.locator('.question').textContent()).toMatch(/^Ben Carter replied \d+ sec\. ago — send anyway\?$/);
    expect(await warning.locator('blockquote').textContent()).toBe('Ben here: your order left this morning.');
    await expect.poll(() => focusedText(ana)).toBe('Cancel');
    // Both choices can be reached by a pointer too: shown, inside the panel, not under anything.
    for (const name of ['Send anyway', 'Cancel']) await warning.getByRole('button', { name }).click({ trial: true, timeout: 2_000 });
    await panelOf(ana)
      .locator('section.panel')
      .screenshot({ path: new URL('../../docs/images/demo-collision.png', import.meta.url).pathname });
    await ana.keyboard.press('Escape');
    await expect.poll(() => warning.count()).toBe(0);
    expect(await panelOf(ana).locator('#draft').inputValue()).toBe('Let me check your order');
    await expect.poll(() => focusedId(ana)).toBe('draft');
    expect(await outgoing(ana)).not.toContain('Let me check your order');
  });

  test('Ben answers again: from the keyboard Ana sends hers anyway, and Ben gets it', async () => {
    const draft = panelOf(ben).locator('#draft');
    await draft.fill('And it arrives tomorrow.');
    await draft.press('Enter');
    await expect.poll(() => outgoing(ana), { timeout: 10_000 }).toContain('And it arrives tomorrow.');

    await panelOf(ana).locator('#draft').press('Enter');
    await expect.poll(() => focusedText(ana)).toBe('Cancel');
    await ana.keyboard.press('Tab');
    expect(await focusedText(ana)).toBe('Send anyway');
    await ana.keyboard.press('Enter');
    await expect.poll(() => outgoing(ben), { timeout: 10_000 }).toContain('Let me check your order');
    expect(await panelOf(ana).locator('#draft').inputValue()).toBe('');
    expect(await panelOf(ana).getByRole('alertdialog').count()).toBe(0);
  });

  test('with nothing sent by anyone else since, a reply leaves without a question', async () => {
    const draft = panelOf(ana).locator('#draft');
    await draft.fill('Anything else I can help with?');
    await draft.press('Enter');
    await expect.poll(() => outgoing(ben), { timeout: 10_000 }).toContain('Anything else I can help with?');
    expect(await panelOf(ana).getByRole('alertdialog').count()).toBe(0);
  });

  test('Ben’s page goes: he leaves Ana’s line', async () => {
    await ben.goto('about:blank');
    await expect.poll(() => presenceLine(ana), { timeout: 10_000 }).toBe('');
    expect(consoleErrors).toEqual([]);
  });
});
