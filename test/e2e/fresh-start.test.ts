/**
 * `npm start` as a newcomer runs it: the compiled connector that package.json's
 * start script names (`npm test` builds it first), as its own process, started
 * in the project folder with the default MEDIA_DIR (the relative ./data/media),
 * then stopped and started again on the same database. Only the SQLite file is
 * moved to a temporary folder, so the test leaves no thread behind.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { replyWindow } from '../../connector/domain/reply-window';
import type { UploadedMedia } from '../../connector/domain/views';
import { samplePng } from '../../connector/sandbox/simulator/samples';
import { advanceClock, ApiClient, customerSends, customerWrites } from '../support/api';
import { freePort, startChildConnector, type ChildConnector } from '../support/child-connector';
import { signIn } from '../support/sign-in';
import { waitFor } from '../support/wait';
import { SHEENA } from '../support/fixtures';

const H = 3600;
const dir = mkdtempSync(join(tmpdir(), 'go2msg-fresh-'));
let env: Record<string, string>;
let port: number;
let origin: string;
let running: ChildConnector;

/** What `npm start` runs once the build is done: `npm run build && node [flags] <entry>` (startChildConnector adds the flags). */
function startEntry(): string {
  const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  const entry = /^npm run build && node (?:--\S+ )*(\S+\.js)$/.exec(scripts.start ?? '')?.[1];
  if (!entry) throw new Error(`package.json's start script is not "npm run build && node [flags] <entry>.js": ${scripts.start}`);
  return entry;
}

async function start(): Promise<ApiClient> {
  running = await startChildConnector(env, port, startEntry());
  return new ApiClient(running.url, await signIn(running.url, origin));
}

beforeAll(async () => {
  port = await freePort();
  const demoPort = await freePort();
  origin = `http://127.0.0.1:${demoPort}`;
  // No MEDIA_DIR: the default the README's quick start gives.
  env = { SQLITE_FILE: join(dir, 'go2msg.sqlite'), DEMO_PORT: String(demoPort) };
});

afterAll(async () => {
  await running?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('a fresh start with the default configuration', () => {
  test('the demo CRM pages are served, with the panel pointed at the connector', async () => {
    await start();
    for (const path of ['/', '/admin', '/inbox']) {
      const page = await fetch(`${origin}${path}`);
      expect(page.status, path).toBe(200);
      expect(await page.text(), path).toContain(`connector-url="${running.url}"`);
    }
    await running.kill('SIGTERM');
  });

  test('a file the agent attaches and a photo the customer sends are both served to the panel', async () => {
    const api = await start();
    const png = samplePng();
    const uploaded = await fetch(`${running.url}/api/media?kind=image&filename=label.png`, {
      method: 'POST',
      headers: { ...api.session.headers, 'content-type': 'image/png' },
      body: new Uint8Array(png),
    });
    expect(uploaded.status).toBe(201);
    const { id } = (await uploaded.json()) as UploadedMedia;
    const served = await fetch(`${running.url}/api/media/${id}`, { headers: api.session.headers });
    expect(
      served.status,
      await served
        .clone()
        .text()
        .catch(() => ''),
    ).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);

    const wamid = await customerSends(running.url, SHEENA.slice(1), { type: 'image', image: { caption: 'My plant' } });
    const photo = await waitFor(async () => (await api.thread(SHEENA)).messages.find((m) => m.wamid === wamid && m.media?.status === 'ready'), {
      what: 'the customer photo to be fetched',
    });
    const shown = await fetch(`${running.url}${photo.media!.url}`, { headers: api.session.headers });
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/png');
  });

  test('a restart resumes the sandbox time: a window closed by "+25 hours" stays closed', async () => {
    let api = new ApiClient(running.url, await signIn(running.url, origin));
    const wamid = await customerWrites(running.url, SHEENA.slice(1), 'Where is my order?');
    await waitFor(async () => (await api.thread(SHEENA)).messages.some((m) => m.wamid === wamid), { what: 'the customer message to be stored' });
    const movedTo = await advanceClock(running.url, 25 * H);
    const before = await api.thread(SHEENA);
    expect(replyWindow({ lastInboundAt: before.contact.lastInboundAt, now: before.serverNow }).state).toBe('closed');

    await running.kill('SIGTERM');
    api = await start();
    const clock = (await (await fetch(`${running.url}/sandbox/clock`)).json()) as { now: number };
    expect(clock.now).toBeGreaterThanOrEqual(movedTo);
    const after = await api.thread(SHEENA);
    expect(after.serverNow).toBeGreaterThanOrEqual(movedTo);
    expect(replyWindow({ lastInboundAt: after.contact.lastInboundAt, now: after.serverNow })).toMatchObject({ state: 'closed', open: false });
  });
});
