/**
 * The panel in a host page with a strict Content-Security-Policy, in Chromium,
 * against the real connector: no inline script or style allowed, and only what
 * README "Embedding the panel" lists for the connector (the policy is read from
 * the README, so the documented list is the one tested). The panel must load,
 * style itself, sign in, show the thread live, send, and load its lazy chunks (a
 * language, the template picker, attachments), and go2msg.frame() must show the
 * panel in the connector's frame, without a single violation.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { customerWrites } from '../support/api';
import { launchChromium } from '../support/browser';
import { startConnector, type RunningConnector } from '../support/connector';
import { SHEENA, SHEENA_WA_ID } from '../support/fixtures';

const README = new URL('../../README.md', import.meta.url);
const DOCUMENTED_CONNECTOR = 'https://wa.example.com';

/** The directives README lists under "Content-Security-Policy", comments dropped. */
export function documentedDirectives(readme = readFileSync(README, 'utf8')): string[] {
  const block = /The host must allow:\s*```\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README has no Content-Security-Policy block after "The host must allow:"');
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

/**
 * What a host must allow for the panel, with the connector's origin filled in:
 * the README's list, everything else denied. The host's own scripts ('self') are
 * the host's business; the page that calls go2msg.frame() uses one.
 */
export function hostPolicy(connector: string): string {
  return [
    "default-src 'none'",
    ...documentedDirectives().map((d) => d.replaceAll(DOCUMENTED_CONNECTOR, connector).replace(/^script-src /, "script-src 'self' ")),
    "style-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

let running: RunningConnector;
let host: Server;
let hostUrl: string;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  host = createServer();
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  running = await startConnector({ env: { ALLOWED_ORIGINS: hostUrl } });
  const connector = new URL(running.url).origin;
  host.on('request', (req, res) => {
    res.setHeader('content-security-policy', hostPolicy(connector));
    if (req.url === '/frame-host.js') {
      // The host's own script (no inline script is allowed): the panel in the connector's frame.
      res.setHeader('content-type', 'text/javascript');
      res.end(`await customElements.whenDefined('go2msg-thread');
while (!window.go2msg) await new Promise((r) => setTimeout(r, 20));
go2msg.frame(document.getElementById('framed'), { contact: ${JSON.stringify(SHEENA)}, height: '500px' });`);
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (req.url === '/framed') {
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict host, framed panel</title>
<script type="module" src="${connector}/widget/adapters/embed.js"></script><script type="module" src="/frame-host.js"></script></head>
<body><div id="framed"></div></body></html>`);
      return;
    }
    res.end(`<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Strict host</title>
<script type="module" src="${connector}/widget/go2msg.js"></script></head>
<body><go2msg-thread connector-url="${connector}" contact="+16505551234"></go2msg-thread></body></html>`);
  });
  chromium = await launchChromium({ viewport: { width: 900, height: 900 } });
  page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
});

afterAll(async () => {
  await chromium?.close();
  await running?.close();
  await new Promise((r) => host?.close(r));
});

const panel = () => page.locator('go2msg-thread');
const customerSays = (body: string) => customerWrites(running.url, SHEENA_WA_ID, body);

describe('under a strict host Content-Security-Policy', () => {
  test('loads, styles itself and speaks the page language (a lazy chunk)', async () => {
    await page.goto(hostUrl);
    await expect.poll(() => page.evaluate(() => Boolean(customElements.get('go2msg-thread')))).toBe(true);
    const signIn = panel().getByRole('button', { name: 'Iniciar sesión' });
    await expect.poll(() => signIn.isVisible()).toBe(true);
    // Styles arrive as an adopted stylesheet, which style-src 'none' does not block.
    expect(await signIn.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(0, 128, 105)');
  });

  test('signs in, shows the customer live, sends, and loads the attachments and template picker chunks', async () => {
    const [popup] = await Promise.all([page.waitForEvent('popup'), panel().getByRole('button', { name: 'Iniciar sesión' }).click()]);
    await popup.waitForLoadState();
    await popup.getByRole('button', { name: /Ana Souza/ }).click();
    await popup.waitForEvent('close', { timeout: 15_000 });
    await expect.poll(() => panel().locator('.account').textContent()).toContain('Sesión iniciada como Ana Souza');

    await customerSays('Hola, ¿dónde está mi pedido?');
    await expect.poll(() => panel().locator('.msg.in .text').last().textContent(), { timeout: 10_000 }).toBe('Hola, ¿dónde está mi pedido?');
    await expect.poll(() => panel().locator('#file').getAttribute('accept')).toContain('image/png');

    await panel().locator('textarea').fill('¡Hoy sale!');
    await panel().locator('textarea').press('Enter');
    await expect
      .poll(() => panel().locator('.msg.out').last().getAttribute('data-status'), { timeout: 15_000 })
      .toMatch(/sent|delivered|read/)
      .catch(async (error: Error) => {
        // Seen once in a full run (the panel still said 'queued' after 15 s): say where the message stood.
        const stored = await running.connector.db('messages').where('direction', 'out').select('id', 'status', 'attempts', 'next_attempt_at', 'updated_at');
        throw new Error(`${error.message}\nstored outgoing messages: ${JSON.stringify(stored)}; connector clock ${running.connector.clock.now()}`);
      });

    await panel().getByRole('button', { name: 'Plantillas' }).click();
    await expect.poll(() => panel().locator('select.template-select option').count()).toBeGreaterThan(0);
    expect(
      await panel()
        .locator('.chip')
        .first()
        .evaluate((c) => getComputedStyle(c).borderRadius),
    ).toBe('999px');
  });

  test("go2msg.frame() shows the panel in the connector's frame", async () => {
    await page.goto(`${hostUrl}/framed`);
    await expect.poll(() => page.frames().some((f) => f.url().includes('/adapters/embed/frame'))).toBe(true);
    const framed = page.frames().find((f) => f.url().includes('/adapters/embed/frame')) as Frame;
    await expect
      .poll(
        () =>
          framed
            .locator('go2msg-thread .signin button')
            .isVisible()
            .catch(() => false),
        { timeout: 15_000 },
      )
      .toBe(true);
  });

  test('caused no policy violation and no error', () => {
    expect(problems.filter((p) => !p.startsWith('Failed to load resource'))).toEqual([]);
  });
});
