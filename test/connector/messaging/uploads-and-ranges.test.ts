/**
 * What an upload leaves behind and how files are served when asked for a part
 * that does not exist (issue 11 §5): a refused or abandoned upload leaves no
 * file in MEDIA_DIR, orphans are swept, a range outside the file is a clean
 * 416, and the webhook verification echo carries the security headers.
 */
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { UploadedMedia } from '../../../connector/domain/views';
import { samplePdf, samplePng } from '../../../connector/sandbox/simulator/samples';
import { startConnector, type RunningConnector } from '../../support/connector';
import { signIn, type SignedIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';
import { SHEENA } from '../../support/fixtures';

let running: RunningConnector;
let ana: SignedIn;

beforeAll(async () => {
  running = await startConnector();
  ana = await signIn(running.url, running.demoUrl, 'ana');
});

afterAll(async () => {
  await running?.close();
});

/** Every file under MEDIA_DIR, kept or temporary. */
function filesOnDisk(): string[] {
  const root = running.connector.config.mediaDir;
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

async function upload(kind: string, bytes: Buffer, contentType: string) {
  const response = await fetch(`${running.url}/api/media?kind=${kind}`, {
    method: 'POST',
    headers: { ...ana.headers, 'content-type': contentType },
    body: new Uint8Array(bytes),
  });
  return { status: response.status, body: (await response.json()) as UploadedMedia & { error?: { code: string } } };
}

describe('uploads leave nothing behind when refused or abandoned', () => {
  test('a large document whose content is not what it claims is refused and its bytes are gone', async () => {
    const before = filesOnDisk();
    // 3 MB of an executable's header and zeros, claimed to be a PDF: read whole, then refused by its real type.
    const fake = Buffer.concat([Buffer.from('4d5a900003000000', 'hex'), Buffer.alloc(3 * 1024 * 1024)]);
    const refused = await upload('document', fake, 'application/pdf');
    expect(refused.status).toBe(422);
    const mismatch = await upload('image', samplePng(), 'image/jpeg');
    expect(mismatch.body.error?.code).toBe('MEDIA_TYPE_MISMATCH');
    expect(filesOnDisk()).toEqual(before);
  });

  test('a file too large for its kind, streamed without a length, leaves nothing', async () => {
    const before = filesOnDisk();
    const chunks = [samplePng(), Buffer.alloc(6 * 1024 * 1024)];
    const response = await fetch(`${running.url}/api/media?kind=image`, {
      method: 'POST',
      headers: { ...ana.headers, 'content-type': 'image/png' },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(new Uint8Array(next));
          else controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit).catch(() => null);
    // The rest of the body is never read, so the connection is closed rather than reused (RFC 9112 §9.6).
    if (response) expect([response.status, response.headers.get('connection')]).toEqual([413, 'close']);
    await waitFor(() => JSON.stringify(filesOnDisk()) === JSON.stringify(before), { what: 'the cut-off upload to be removed' });
  });

  test('an upload the client abandons half-way leaves nothing', async () => {
    const before = filesOnDisk();
    const url = new URL(`${running.url}/api/media?kind=document`);
    const sent = new Promise<void>((resolve) => {
      const req = request(url, { method: 'POST', headers: { ...ana.headers, 'content-type': 'application/pdf', 'content-length': String(4 * 1024 * 1024) } });
      req.on('error', () => resolve());
      req.write(samplePdf(), () => {
        // The server has started receiving: a temporary file exists. Then the client goes away.
        void waitFor(() => filesOnDisk().some((f) => f.startsWith('.upload-')), { what: 'the upload to start' }).then(() => {
          req.destroy();
          resolve();
        });
      });
    });
    await sent;
    await waitFor(() => JSON.stringify(filesOnDisk()) === JSON.stringify(before), { what: 'the abandoned upload to be removed' });
  });

  test('an accepted upload is kept under its hash', async () => {
    const accepted = await upload('document', samplePdf('kept'), 'application/pdf');
    expect(accepted.status).toBe(201);
    expect(filesOnDisk()).toContain(join(accepted.body.sha256.slice(0, 2), accepted.body.sha256));
  });
});

describe('ranges', () => {
  test.each(['bytes=5-1', 'bytes=999999-'])('%s outside the file answers 416 with the size and a JSON error', async (range) => {
    const png = samplePng();
    const uploaded = await upload('image', png, 'image/png');
    const response = await fetch(`${running.url}/api/media/${uploaded.body.id}`, { headers: { ...ana.headers, range } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${png.length}`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('content-disposition')).toBeNull();
    const body = (await response.json()) as { error: { code: string; message: string; action: string } };
    expect(body.error).toMatchObject({ code: 'RANGE_NOT_SATISFIABLE', message: expect.any(String), action: expect.stringMatching(/range/) });
  });

  test('a range inside the file is still served', async () => {
    const png = samplePng();
    const uploaded = await upload('image', png, 'image/png');
    const response = await fetch(`${running.url}/api/media/${uploaded.body.id}`, { headers: { ...ana.headers, range: 'bytes=1-3' } });
    expect(response.status).toBe(206);
    expect(Buffer.from(await response.arrayBuffer()).toString('latin1')).toBe('PNG');
  });
});

test('an error Express raises with a 4xx status keeps it, as a JSON error of the vocabulary', async () => {
  // body-parser refuses a charset it cannot read with 415 (it used to leave as a 500).
  const response = await fetch(`${running.url}/api/contacts/${encodeURIComponent(SHEENA)}/messages`, {
    method: 'POST',
    headers: { ...ana.headers, 'content-type': 'application/json; charset=latin-9', 'idempotency-key': 'charset-1' },
    body: '{"type":"text","text":{"body":"hi"}}',
  });
  expect(response.status).toBe(415);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(((await response.json()) as { error: { code: string; action: string } }).error).toMatchObject({
    code: 'VALIDATION_FAILED',
    action: expect.any(String),
  });
});

test('the webhook verification echo is sent with nosniff', async () => {
  const { verifyToken } = running.connector.config.whatsapp;
  const query = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': '<html><script>alert(1)</script>' });
  const response = await fetch(`${running.url}/webhooks/whatsapp?${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
});
