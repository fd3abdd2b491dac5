/** The HubSpot simulator on a port of its own, as HubSpot's API would be: it outlives connector restarts. */
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HubspotSimulator } from '../../connector/sandbox/hubspot/hubspot-simulator';
import { hubspotSimulatorRouter } from '../../connector/sandbox/hubspot/router';

export const HUBSPOT_TEST = { accessToken: 'pat-na1-never-logged-0123456789abcdef', clientSecret: 'hs-client-secret-0123456789abcdef' };

export interface HubspotServer {
  url: string;
  simulator: HubspotSimulator;
  /** HUBSPOT_* for a connector that talks to this account. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startHubspot(options: { requestsPerTenSeconds?: number; latencyMs?: number } = {}): Promise<HubspotServer> {
  const app = express();
  if (options.latencyMs) app.use((_req, _res, next) => void setTimeout(next, options.latencyMs));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const simulator = new HubspotSimulator({ baseUrl: url, ...HUBSPOT_TEST, requestsPerTenSeconds: options.requestsPerTenSeconds });
  app.use(hubspotSimulatorRouter(simulator));
  return {
    url,
    simulator,
    env: { HUBSPOT_URL: url, HUBSPOT_ACCESS_TOKEN: HUBSPOT_TEST.accessToken, HUBSPOT_CLIENT_SECRET: HUBSPOT_TEST.clientSecret },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
