/**
 * One Graph API call's deadline: a Cloud API that does not answer, or stops half-way through its
 * answer, fails the call as unreachable once the timeout has passed (the outbox then retries with
 * backoff), and the connection is given up rather than left open.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { GraphApiError } from '../../connector/whatsapp/graph-error';
import { createGraphTransport } from '../../connector/whatsapp/graph-request';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = null;
});

/** A server that answers as `answer` says, and records when each request's connection closed. */
async function cloudApi(answer: 'never' | 'headers-only'): Promise<{ url: string; closed: Promise<void> }> {
  let onClosed!: () => void;
  const closed = new Promise<void>((resolve) => (onClosed = resolve));
  server = createServer((req, res) => {
    req.socket.on('close', onClosed);
    if (answer === 'headers-only') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"messages":');
    }
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v24.0`, closed };
}

describe('a Graph API call past its deadline', () => {
  test.each(['never', 'headers-only'] as const)('when the Cloud API answers %s, it fails as unreachable and lets the connection go', async (answer) => {
    const api = await cloudApi(answer);
    const call = createGraphTransport({ baseUrl: api.url, accessToken: 'token-never-shown', timeoutMs: 200 });
    const failure = await call('POST', '/106540352242922/messages', { json: { to: '15550001' } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphApiError);
    expect(failure).toMatchObject({ code: null, httpStatus: null, retry: 'backoff' });
    expect(String((failure as GraphApiError).message)).not.toContain('token-never-shown');
    await api.closed;
  });
});
