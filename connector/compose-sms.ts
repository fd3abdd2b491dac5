/**
 * The SMS channel's parts, built from the Config for the composition root
 * (connector.ts): the Twilio adapter, its outbox worker and, in sandbox mode,
 * the local Twilio simulator mounted at /sandbox/sms.
 */
import type express from 'express';
import type { Logger } from 'pino';
import type { Config } from './config/config';
import { systemClock } from './services/runtime/clock';
import type { ServiceDeps } from './services/runtime/deps';
import type { OperatorAlerts } from './services/runtime/operator-alerts';
import { SmsOutboxWorker } from './services/sms/sms-outbox-worker';
import { smsSimulatorRouter } from './sandbox/sms/router';
import { TwilioSimulator } from './sandbox/sms/twilio-simulator';
import type { SmsProvider } from './sms/provider';
import { createTwilioProvider } from './sms/twilio';

export interface SmsChannel {
  provider: SmsProvider | null;
  outbox: SmsOutboxWorker | null;
  simulator: TwilioSimulator | null;
  mounts: Array<{ path: string; router: express.Router }>;
  start(): void;
  stop(): Promise<void>;
}

export function composeSms(
  config: Config,
  services: ServiceDeps,
  options: { fetch: typeof fetch; log: Logger; alerts: OperatorAlerts; statusDelays?: { sent: number; delivered: number } },
): SmsChannel {
  const sms = config.sms;
  if (!sms) return { provider: null, outbox: null, simulator: null, mounts: [], start() {}, async stop() {} };
  const provider = createTwilioProvider({ ...sms, fetch: options.fetch });
  const outbox = new SmsOutboxWorker({
    ...services,
    sms: provider,
    statusCallbackUrl: `${config.publicUrl}/webhooks/twilio/status`,
    alerts: options.alerts,
    wallClock: systemClock,
  });
  const simulator =
    config.mode === 'sandbox'
      ? new TwilioSimulator({
          accountSid: sms.accountSid,
          authToken: sms.authToken,
          number: sms.from ?? '',
          inboundUrl: `${config.publicUrl}/webhooks/twilio/sms`,
          apiUrl: sms.apiUrl,
          log: options.log,
          fetch: options.fetch,
          statusDelays: options.statusDelays,
          now: () => services.clock.now(),
        })
      : null;
  const mounts = simulator
    ? [
        {
          path: '/sandbox/sms',
          router: smsSimulatorRouter(simulator, { accountSid: sms.accountSid, authToken: sms.authToken, allowedOrigins: config.allowedOrigins }),
        },
      ]
    : [];
  return {
    provider,
    outbox,
    simulator,
    mounts,
    start: () => outbox.start(),
    async stop() {
      simulator?.stop();
      await outbox.stop();
    },
  };
}
