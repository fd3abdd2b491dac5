/**
 * Stands where a connector would for the simulator's webhooks: answers Meta's
 * verification handshake for `verifyToken`, and keeps every signed POST with
 * whether its X-Hub-Signature-256 matches the sandbox app secret.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_DEFAULTS } from '../../connector/config/config';
import { verifySignature } from '../../connector/whatsapp/signature';

export interface ReceivedWebhook {
  raw: string;
  signed: boolean;
  body: { entry: Array<{ changes: Array<{ field: string; value: Record<string, unknown> }> }> };
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: { verifyToken?: string } = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'GET') {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const ok =
        url.searchParams.get('hub.mode') === 'subscribe' &&
        options.verifyToken !== undefined &&
        url.searchParams.get('hub.verify_token') === options.verifyToken;
      res.writeHead(ok ? 200 : 403).end(ok ? url.searchParams.get('hub.challenge') : 'no');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({
        raw: raw.toString('utf8'),
        signed: verifySignature(raw, req.headers['x-hub-signature-256'] as string, SANDBOX_DEFAULTS.appSecret),
        body: JSON.parse(raw.toString('utf8')),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp`,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
