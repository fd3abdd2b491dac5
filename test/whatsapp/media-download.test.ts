/**
 * Downloading a customer's file from Meta's media URL over a real HTTP server:
 * the timeout is on silence, so a large file on a slow link arrives whole,
 * while a download that stalls is given up and says why.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCloudApi } from '../../connector/whatsapp/cloud-api';
import { GraphApiError } from '../../connector/whatsapp/graph-error';

const TIMEOUT_MS = 400;
const TOKEN = 'media-download-test-token';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Paths: /slow (16 pieces, 50 ms apart: 800 ms in all), /stall (one piece, then nothing), /silent (no answer at all). */
async function answer(path: string, res: ServerResponse): Promise<void> {
  if (path === '/silent') return;
  res.writeHead(200, { 'content-type': 'application/pdf' });
  if (path === '/stall') {
    res.write(Buffer.alloc(1024, 1));
    return;
  }
  for (let i = 0; i < 16; i++) {
    res.write(Buffer.alloc(1024, i));
    await sleep(50);
  }
  res.end();
}

describe('media download', () => {
  let server: Server;
  let base: string;
  const seenTokens: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seenTokens.push(req.headers.authorization ?? '');
      void answer(req.url ?? '', res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const api = () => createCloudApi({ baseUrl: `${base}/v24.0`, accessToken: TOKEN, phoneNumberId: '1', timeoutMs: TIMEOUT_MS });

  test('a file that keeps arriving is downloaded whole, however long it takes in all', async () => {
    const response = await api().downloadMedia(`${base}/slow`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(16 * 1024);
    expect(bytes.at(-1)).toBe(15);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(seenTokens.at(-1)).toBe(`Bearer ${TOKEN}`);
  });

  test('a download that stops sending is given up, saying for how long nothing came', async () => {
    const response = await api().downloadMedia(`${base}/stall`);
    await expect(response.arrayBuffer()).rejects.toThrow('no data for 0.4 s');
  });

  test('a server that never answers is unreachable, a retryable error', async () => {
    const error = await api()
      .downloadMedia(`${base}/silent`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphApiError);
    expect((error as GraphApiError).retry).toBe('backoff');
  });
});
