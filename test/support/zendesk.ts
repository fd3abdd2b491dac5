/** The Zendesk simulator on a port of its own, as a real Zendesk account would be: it outlives connector restarts. */
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { zendeskSimulatorRouter } from '../../connector/sandbox/zendesk/router';
import { ZendeskSimulator } from '../../connector/sandbox/zendesk/zendesk-simulator';

export const ZENDESK_TEST = {
  email: 'agent@acme.example',
  apiToken: 'zd-api-token-never-logged-0123456789',
  webhookSecret: 'zd-webhook-signing-secret-0123456789',
};

export interface ZendeskServer {
  url: string;
  simulator: ZendeskSimulator;
  /** ZENDESK_* for a connector that talks to this account. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startZendesk(options: { requestsPerMinute?: number; latencyMs?: number } = {}): Promise<ZendeskServer> {
  const app = express();
  // A real account answers in tens of milliseconds, not at once.
  if (options.latencyMs) app.use((_req, _res, next) => void setTimeout(next, options.latencyMs));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const simulator = new ZendeskSimulator({ baseUrl: url, ...ZENDESK_TEST, requestsPerMinute: options.requestsPerMinute });
  app.use(zendeskSimulatorRouter(simulator));
  return {
    url,
    simulator,
    env: { ZENDESK_URL: url, ZENDESK_EMAIL: ZENDESK_TEST.email, ZENDESK_API_TOKEN: ZENDESK_TEST.apiToken, ZENDESK_WEBHOOK_SECRET: ZENDESK_TEST.webhookSecret },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
