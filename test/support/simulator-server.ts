/**
 * The Cloud API simulator on its own port, outside any connector, for tests
 * where connectors come and go (a worker killed mid-burst) while "Meta" stays.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { SANDBOX_DEFAULTS } from '../../connector/config/config';
import { SandboxClock } from '../../connector/sandbox/clock';
import type { FaultSettings } from '../../connector/sandbox/simulator/faults';
import { simulatorRouter } from '../../connector/sandbox/simulator/router';
import { CloudApiSimulator, type StatusDelays } from '../../connector/sandbox/simulator/simulator';
import { WebhookSender } from '../../connector/sandbox/simulator/webhook-sender';

export interface SimulatorServer {
  url: string;
  graphApiUrl: string;
  simulator: CloudApiSimulator;
  webhooks: WebhookSender;
  close(): Promise<void>;
}

export async function startSimulator(options: {
  webhookUrl: string;
  statusDelays?: StatusDelays;
  faults?: Partial<FaultSettings>;
  /** The simulator's clock, for tests that move it. */
  clock?: SandboxClock;
  /** Template reviews and the subscription handshake (management tests). */
  management?: { reviewMs: number; webhookUrl: string };
}): Promise<SimulatorServer> {
  const log = pino({ level: 'silent' });
  const webhooks = new WebhookSender({ url: options.webhookUrl, appSecret: SANDBOX_DEFAULTS.appSecret, log, retries: 8 });
  const simulator = new CloudApiSimulator({
    phoneNumberId: SANDBOX_DEFAULTS.phoneNumberId,
    displayPhoneNumber: SANDBOX_DEFAULTS.displayPhoneNumber,
    wabaId: SANDBOX_DEFAULTS.wabaId,
    accessToken: SANDBOX_DEFAULTS.accessToken,
    clock: options.clock ?? new SandboxClock(),
    log,
    statusDelays: options.statusDelays ?? { sent: 30, delivered: 80, read: 150 },
    faults: options.faults,
    webhooks,
    ...(options.management ? { management: options.management } : {}),
  });
  const app = express();
  app.use(
    '/graph',
    simulatorRouter(simulator, { accessToken: SANDBOX_DEFAULTS.accessToken, phoneNumberId: SANDBOX_DEFAULTS.phoneNumberId, wabaId: SANDBOX_DEFAULTS.wabaId }),
  );
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    graphApiUrl: `${url}/graph/v24.0`,
    simulator,
    webhooks,
    async close() {
      simulator.stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** How many times the simulator received each of our messages (by the id in biz_opaque_callback_data). */
export function receivedCounts(simulator: CloudApiSimulator): Map<number, number> {
  const counts = new Map<number, number>();
  for (const s of simulator.sent) {
    const match = /^go2msg:(\d+)$/.exec(String(s.body.biz_opaque_callback_data ?? ''));
    if (match) counts.set(Number(match[1]), (counts.get(Number(match[1])) ?? 0) + 1);
  }
  return counts;
}
