/** The Salesforce simulator on a port of its own, as an org's My Domain would be: it outlives connector restarts. */
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { salesforceSimulatorRouter } from '../../connector/sandbox/salesforce/router';
import { SalesforceSimulator } from '../../connector/sandbox/salesforce/salesforce-simulator';

export const SALESFORCE_TEST = {
  clientId: '3MVG9test.consumer.key.0123',
  clientSecret: 'sf-consumer-secret-never-logged-0123456789',
  webhookToken: 'sf-webhook-token-0123456789abcdef',
};

export interface SalesforceServer {
  url: string;
  simulator: SalesforceSimulator;
  /** SALESFORCE_* for a connector that talks to this org. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startSalesforce(options: { latencyMs?: number; dailyRequests?: number } = {}): Promise<SalesforceServer> {
  const app = express();
  if (options.latencyMs) app.use((_req, _res, next) => void setTimeout(next, options.latencyMs));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const simulator = new SalesforceSimulator({ baseUrl: url, ...SALESFORCE_TEST, dailyRequests: options.dailyRequests });
  app.use(salesforceSimulatorRouter(simulator));
  return {
    url,
    simulator,
    env: {
      SALESFORCE_URL: url,
      SALESFORCE_CLIENT_ID: SALESFORCE_TEST.clientId,
      SALESFORCE_CLIENT_SECRET: SALESFORCE_TEST.clientSecret,
      SALESFORCE_WEBHOOK_TOKEN: SALESFORCE_TEST.webhookToken,
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
