/**
 * Every host, in real Chromium, across origins: the helpdesk's page on one
 * origin (127.0.0.1), the connector on another (localhost), with the
 * connector's real CORS and frame-ancestors answers.
 *
 * Zendesk runs the real ZAF SDK (npm zendesk_app_framework_sdk) in the
 * sidebar frame, under a parent page that answers its postMessage protocol
 * as Zendesk does and POSTs a signed-URL token into the frame. Each host's
 * screenshot for docs/hosts/ is taken here.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_DIST_DIR } from '../../connector/connector';
import { insertHostLink } from '../../connector/store/host-links';
import { customerSends } from '../support/api';
import { launchChromium } from '../support/browser';
import { startConnector, type RunningConnector } from '../support/connector';
import {
  CRM_HOST,
  HOSTS_ENV,
  HUBSPOT_ENV,
  HUBSPOT_HOST,
  SALESFORCE_HOST,
  canvasRecordRequest,
  crmProof,
  hubspotLaunchRequest,
  zendeskProof,
} from '../support/host-proofs';
import { canvasPage, freshdeskAppFile, freshdeskPage, hubspotPage, zendeskPage } from './support-hosts';
import { SHEENA, SHEENA_WA_ID } from '../support/fixtures';

const SHOTS = new URL('../../docs/hosts/images/', import.meta.url).pathname;
let running: RunningConnector;
let host: Server;
let hostUrl: string;
let stranger: Server;
let strangerUrl: string;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const pages = new Map<string, () => Promise<string> | string>();

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  if (!existsSync(`${DEFAULT_DIST_DIR}/adapters/zendesk.js`)) throw new Error('dist/adapters is missing: run `npm run build` first (npm test does).');
  host = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', hostUrl);
    if (url.pathname.startsWith('/freshdesk-app/')) {
      const file = freshdeskAppFile(url.pathname.slice('/freshdesk-app/'.length), running.url);
      res.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' }).end(file?.body ?? 'not found');
      return;
    }
    if (url.pathname === '/crm/proof') {
      // The CRM's backend signs for its signed-in user (here always Ana) with the secret it shares with the connector.
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify({ proof: await crmProof('crm-ana', running.url, { email: 'ana@acme.example' }) }));
      return;
    }
    const render = pages.get(url.pathname);
    res.writeHead(render ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(render ? await render() : 'not found');
  });
  hostUrl = await listen(host);
  stranger = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>Not allowed</title>
<iframe id="framed" src="${running.url}/adapters/embed/frame?origin=${encodeURIComponent(hostUrl)}"></iframe>`);
  });
  strangerUrl = await listen(stranger);
  running = await startConnector({ env: { ...HOSTS_ENV, ...HUBSPOT_ENV, ALLOWED_ORIGINS: hostUrl, HOST_FRAME_ORIGINS: hostUrl } });
  chromium = await launchChromium({ viewport: { width: 1180, height: 820 } });
  page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
});

afterAll(async () => {
  await chromium?.close();
  await running?.close();
  await new Promise((r) => host?.close(r));
  await new Promise((r) => stranger?.close(r));
});

// The customer on the host pages is Maria Lopez: her WhatsApp profile says so too.
const customerWrites = (waId: string, body: string) => customerSends(running.url, waId, { type: 'text', text: { body }, profileName: 'Maria Lopez' });

async function frameOf(name: string | RegExp): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => (typeof name === 'string' ? f.name() === name : name.test(f.url())))).toBe(true);
  return page.frames().find((f) => (typeof name === 'string' ? f.name() === name : name.test(f.url())))!;
}

async function anaId(): Promise<number> {
  return (await running.connector.db('teammates').where({ name: 'Ana Souza' }).first()).id;
}

describe('Zendesk: the real ZAF SDK in the sidebar frame', () => {
  test('signed URL → link once through SSO; the requester’s number; reply; note on the ticket; requester change followed', async () => {
    pages.set('/zendesk', async () => zendeskPage({ connector: running.url, self: hostUrl, token: await zendeskProof('9001') }));
    await customerWrites(SHEENA_WA_ID, 'Hi! My order #A-1093 has not arrived yet.');
    await page.goto(`${hostUrl}/zendesk`);
    const app = await frameOf('app');
    const panel = app.locator('go2msg-thread');
    // The ZAF handshake ran: the SDK subscribed to requester changes and asked for room.
    await expect.poll(() => page.evaluate(() => (window as any).zd.subscribed['ticket.requester.id.changed'])).toBe(1);
    await expect.poll(() => page.evaluate(() => (window as any).zd.height)).toBe('640px');
    expect(await panel.evaluate((p: any) => p.contact)).toBe(SHEENA);
    // Zendesk vouched for agent 9001, who is not linked yet: one company sign-in links them.
    await expect.poll(() => panel.locator('.signin p').first().textContent()).toMatch(/^Link your Zendesk account to go2msg once/);
    const [popup] = await Promise.all([page.waitForEvent('popup'), panel.getByRole('button', { name: 'Sign in' }).click()]);
    await popup.getByRole('button', { name: /Ana Souza/ }).click();
    await expect.poll(() => panel.locator('.account').textContent(), { timeout: 15_000 }).toContain('Signed in as Ana Souza via Zendesk');

    await expect.poll(() => panel.locator('.msg.in').last().textContent(), { timeout: 10_000 }).toContain('has not arrived yet');
    await panel.locator('textarea').fill('Sorry Maria, it ships today.');
    await panel.locator('textarea').press('Enter');
    await expect.poll(() => panel.locator('.msg.out .sender').last().textContent()).toBe('Ana Souza via Zendesk');

    await app.getByRole('button', { name: 'Add to ticket as internal note' }).click();
    await expect.poll(() => app.locator('.go2msg-note').textContent()).toBe('Added to ticket #4821 as an internal note.');
    const [note] = await page.evaluate(() => (window as any).zd.requests);
    expect(note).toMatchObject({ url: '/api/v2/tickets/4821.json', type: 'PUT', contentType: 'application/json' });
    const comment = JSON.parse(note.data).ticket.comment;
    expect(comment.public).toBe(false);
    expect(comment.body).toContain('Sorry Maria, it ships today.');
    await page.screenshot({ path: `${SHOTS}zendesk.png` });

    // The agent changes the ticket's requester: Zendesk fires the event, the panel follows.
    await page.evaluate(() => {
      (window as any).zd.requester = { id: 777, name: 'Joe Doe', identities: [{ type: 'phone_number', value: '+44 7700 900123' }] };
      (window as any).zendeskFire('ticket.requester.id.changed', 777);
    });
    await expect.poll(() => panel.evaluate((p: any) => p.contact)).toBe('+447700900123');
  });

  test('once linked, the next signed URL signs the agent in without any popup', async () => {
    let popups = 0;
    const count = () => popups++;
    page.on('popup', count);
    await page.goto(`${hostUrl}/zendesk`);
    const panel = (await frameOf('app')).locator('go2msg-thread');
    await expect.poll(() => panel.locator('.account').textContent(), { timeout: 15_000 }).toContain('Signed in as Ana Souza via Zendesk');
    page.off('popup', count);
    expect(popups).toBe(0);
  });
});

describe('any page, by script tag', () => {
  test('one <script> and <go2msg-thread contact>: the CRM backend’s JWT signs the agent in, across origins', async () => {
    await insertHostLink(running.connector.db, { host: CRM_HOST, hostUserId: 'crm-ana', teammateId: await anaId(), now: Date.now() });
    pages.set(
      '/crm',
      () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme CRM</title>
<script type="module" src="${running.url}/widget/adapters/embed.js" data-host="${CRM_HOST}" data-proof-url="/crm/proof"></script>
<style>body{margin:0;font:14px system-ui;background:#eef1f5} header{background:#24292f;color:#fff;padding:12px 20px;font-weight:600}
.grid{display:grid;grid-template-columns:1fr 420px;gap:16px;padding:16px} .card{background:#fff;border-radius:10px;padding:14px} go2msg-thread{height:700px}</style></head>
<body><header>Acme CRM · Maria Lopez</header><div class="grid"><div class="card"><h3>Maria Lopez</h3><p>+1 650 555 1234 · Premium since 2021</p></div>
<go2msg-thread contact="+16505551234"></go2msg-thread></div></body></html>`,
    );
    await page.goto(`${hostUrl}/crm`);
    const panel = page.locator('go2msg-thread');
    await expect.poll(() => panel.locator('.account').textContent(), { timeout: 15_000 }).toContain('Signed in as Ana Souza via crm.acme.example');
    expect(await panel.evaluate((p: any) => p.connectorUrl)).toBe(running.url);
    await expect.poll(() => panel.locator('.msg').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}embed.png` });
  });

  test('go2msg.mount() and go2msg.frame(): the frame talks to its page over the bridge', async () => {
    pages.set(
      '/crm-api',
      () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme CRM</title>
<script type="module" src="${running.url}/widget/adapters/embed.js"></script></head>
<body><div id="mounted" style="height:500px"></div><div id="framed"></div>
<script type="module">
  await customElements.whenDefined('go2msg-thread');
  while (!window.go2msg) await new Promise((r) => setTimeout(r, 20));
  const hostUser = { host: ${JSON.stringify(CRM_HOST)}, proofUrl: '/crm/proof' };
  window.mounted = go2msg.mount(document.getElementById('mounted'), { contact: ${JSON.stringify(SHEENA)}, connectorUrl: ${JSON.stringify(running.url)}, hostUser });
  window.framed = go2msg.frame(document.getElementById('framed'), { contact: ${JSON.stringify(SHEENA)}, hostUser, height: '500px' });
</script></body></html>`,
    );
    await page.goto(`${hostUrl}/crm-api`);
    await expect.poll(() => page.locator('#mounted go2msg-thread .account').textContent(), { timeout: 15_000 }).toContain('via crm.acme.example');
    const framed = await frameOf(/\/adapters\/embed\/frame/);
    await expect
      .poll(() => framed.locator('go2msg-thread .account').textContent(), { timeout: 15_000 })
      .toContain('Signed in as Ana Souza via crm.acme.example');
    await page.evaluate(() => (window as any).framed.setContact('+447700900123'));
    await expect.poll(() => framed.locator('go2msg-thread').evaluate((p: any) => p.contact)).toBe('+447700900123');
  });

  test('a page on an origin not allowed can neither frame the panel nor call the API (frame-ancestors, CORS)', async () => {
    await page.goto(strangerUrl);
    const framed = page.frames().find((f) => f !== page.mainFrame());
    await expect.poll(() => framed?.url()).toMatch(/^chrome-error:/);
    const fromStranger = await page.evaluate(
      (url) =>
        fetch(`${url}/api/me`).then(
          (r) => `status ${r.status}`,
          (e) => e.name,
        ),
      running.url,
    );
    expect(fromStranger).toBe('TypeError');
    await page.goto(`${hostUrl}/crm`);
    const fromAllowed = await page.evaluate(
      (url) =>
        fetch(`${url}/api/me`).then(
          (r) => `status ${r.status}`,
          (e) => e.name,
        ),
      running.url,
    );
    expect(fromAllowed).toBe('status 401');
  });
});

describe('Salesforce Canvas', () => {
  test("the signed request is verified and the record's phone is shown, signed in as the Salesforce user", async () => {
    await insertHostLink(running.connector.db, { host: SALESFORCE_HOST, hostUserId: '005000000000001AAA', teammateId: await anaId(), now: Date.now() });
    pages.set('/salesforce', () => canvasPage({ connector: running.url, signedRequest: canvasRecordRequest('005000000000001AAA', '+1 (650) 555-1234') }));
    await page.goto(`${hostUrl}/salesforce`);
    const panel = (await frameOf('canvas')).locator('go2msg-thread');
    await expect.poll(() => panel.locator('.account').textContent(), { timeout: 15_000 }).toContain('Signed in as Ana Souza via Salesforce');
    expect(await panel.evaluate((p: any) => p.contact)).toBe(SHEENA);
    await expect.poll(() => panel.locator('.msg').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}salesforce.png` });
  });
});

describe('HubSpot CRM card', () => {
  test('a launch HubSpot signed opens the panel in the modal frame, signed in as the HubSpot user', async () => {
    await insertHostLink(running.connector.db, { host: HUBSPOT_HOST, hostUserId: '77001', teammateId: await anaId(), now: Date.now() });
    const { url, init } = hubspotLaunchRequest(running.url, { contact: SHEENA, objectId: '501' });
    const { url: modalUrl } = (await (await fetch(url, init)).json()) as { url: string };
    pages.set('/hubspot', () => hubspotPage({ modalUrl }));
    await page.goto(`${hostUrl}/hubspot`);
    const modal = await frameOf(/\/adapters\/hubspot\/panel/);
    const panel = modal.locator('go2msg-thread');
    await expect.poll(() => panel.locator('.account').textContent(), { timeout: 15_000 }).toContain('Signed in as Ana Souza via HubSpot');
    expect(await panel.evaluate((p: any) => p.contact)).toBe(SHEENA);
    // The launch token left the address bar once read.
    expect(new URL(modal.url()).hash).toBe('');
    await expect.poll(() => panel.locator('.msg').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}hubspot.png` });
  });
});

describe('Freshdesk app', () => {
  test("the app's own page loads the adapter from the connector; the agent signs in with the popup", async () => {
    pages.set('/freshdesk', () => freshdeskPage());
    await page.goto(`${hostUrl}/freshdesk`);
    const app = await frameOf(/\/freshdesk-app\/index\.html/);
    const panel = app.locator('go2msg-thread');
    await expect.poll(() => panel.evaluate((p: any) => p.contact), { timeout: 15_000 }).toBe(SHEENA);
    const [popup] = await Promise.all([page.waitForEvent('popup'), panel.getByRole('button', { name: 'Sign in' }).click()]);
    if (!popup.isClosed())
      await popup
        .getByRole('button', { name: /Ana Souza/ })
        .click({ timeout: 5_000 })
        .catch(() => undefined);
    await expect.poll(() => panel.locator('.account').textContent(), { timeout: 15_000 }).toContain('Signed in as Ana Souza');
    await expect.poll(() => panel.locator('.msg').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}freshdesk.png` });
  });
});
