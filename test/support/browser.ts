/**
 * Debian's Chromium, driven by playwright-core: nothing is downloaded. Each
 * run gets a fresh, empty profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../vite.config';

export async function launchChromium(
  options: { viewport?: { width: number; height: number }; /** Flags beside CHROMIUM_ARGS (a fake microphone, say). */ args?: string[] } = {},
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'go2msg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    viewport: options.viewport ?? { width: 1280, height: 860 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A teammate in a browser of their own: opens a demo page (`path` on the demo's
 * origin, as 127.0.0.1 so it is another site than the connector), clicks Sign in
 * in the go2msg element `element` and picks `name` in the sandbox provider's
 * popup. Console errors (besides failed loads) are collected in `consoleErrors`.
 * The caller waits for what signing in shows on its page.
 */
export async function signInOnDemoPage(options: {
  demoUrl: string;
  path?: string;
  element: string;
  name: string;
  consoleErrors: string[];
  viewport?: { width: number; height: number };
}): Promise<{ page: Page; close(): Promise<void> }> {
  const browser = await launchChromium({ viewport: options.viewport });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) options.consoleErrors.push(`${options.name}: ${m.text()}`);
  });
  const demo = new URL(options.demoUrl);
  demo.hostname = '127.0.0.1';
  demo.pathname = options.path ?? '/';
  await page.goto(demo.toString());
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator(options.element).getByRole('button', { name: 'Sign in' }).click()]);
  await popup.getByRole('button', { name: new RegExp(options.name) }).click();
  return { page, close: () => browser.close() };
}
