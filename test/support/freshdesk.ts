/** The Freshdesk simulator on a port of its own, as a real Freshdesk account would be. */
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freshdeskSimulatorRouter } from '../../connector/sandbox/freshdesk/router';
import { FreshdeskSimulator } from '../../connector/sandbox/freshdesk/freshdesk-simulator';

export const FRESHDESK_TEST = { apiKey: 'fd-api-key-never-logged-0123', webhookToken: 'fd-webhook-token-0123456789abcdef' };

export async function startFreshdesk(): Promise<{ url: string; simulator: FreshdeskSimulator; env: Record<string, string>; close(): Promise<void> }> {
  const app = express();
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const simulator = new FreshdeskSimulator({ baseUrl: url, ...FRESHDESK_TEST });
  app.use(freshdeskSimulatorRouter(simulator));
  return {
    url,
    simulator,
    env: { FRESHDESK_URL: url, FRESHDESK_API_KEY: FRESHDESK_TEST.apiKey, FRESHDESK_WEBHOOK_TOKEN: FRESHDESK_TEST.webhookToken },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
