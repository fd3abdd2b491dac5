/**
 * The composition root: builds every part from a Config. main.ts calls it and
 * listens; tests call it on port 0. Nothing here reads the environment.
 */
import { fileURLToPath } from 'node:url';
import cors from 'cors';
import express from 'express';
import pino, { type Logger } from 'pino';
import { DomainError } from '@domain/errors';
import { SsoClient } from './auth/oidc';
import type { SignInDeps } from './auth/sign-in-codes';
import type { Config } from './config/config';
import { composeSms, type SmsChannel } from './compose-sms';
import { createApp } from './http/app';
import { systemClock, type Clock } from './services/clock';
import { WebhookProcessor } from './services/ingest-webhook';
import { LiveFeed } from './services/live-feed';
import { OutboxWorker } from './services/outbox-worker';
import { RetentionJob } from './services/retention';
import { syncTemplates } from './services/templates';
import { SandboxClock } from './sandbox/clock';
import { sandboxControls } from './sandbox/controls';
import { createDemoApp } from './sandbox/demo/demo-app';
import { createSandboxIdp } from './sandbox/idp';
import { simulatorRouter } from './sandbox/simulator/router';
import { CloudApiSimulator, type StatusDelays } from './sandbox/simulator/simulator';
import { WebhookSender } from './sandbox/simulator/webhook-sender';
import { appendEvent } from './store/events';
import { migrateToLatest, openDatabase, type Db } from './store/db';
import { upsertTeammate } from './store/teammates';
import { createCloudApi } from './whatsapp/cloud-api';

export interface ConnectorOptions {
  log?: Logger;
  /** The transport for every outbound HTTP call (Graph, OpenID provider). */
  fetch?: typeof fetch;
  distDir?: string;
  simulator?: { statusDelays?: StatusDelays; windowErrorMode?: 'async' | 'sync' };
  smsSimulator?: { statusDelays?: { sent: number; delivered: number } };
}

export interface Connector {
  config: Config;
  app: express.Express;
  /** The demo CRM page, on its own origin (sandbox only). */
  demoApp: express.Express | null;
  db: Db;
  clock: Clock;
  simulator: CloudApiSimulator | null;
  sandboxClock: SandboxClock | null;
  webhooks: WebhookProcessor;
  outbox: OutboxWorker;
  sms: SmsChannel;
  retention: RetentionJob;
  /** Starts the workers and the first template sync; call once the server listens. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_DIST_DIR = fileURLToPath(new URL('../dist', import.meta.url));

export async function createConnector(config: Config, options: ConnectorOptions = {}): Promise<Connector> {
  const log = options.log ?? pino({ level: config.logLevel, redact: ['req.headers.authorization', '*.accessToken', '*.token', '*.code'] });
  const doFetch = options.fetch ?? fetch;
  const db = openDatabase(config.database);
  await migrateToLatest(db);

  const sandbox = config.mode === 'sandbox';
  const sandboxClock = sandbox ? new SandboxClock() : null;
  const clock: Clock = sandboxClock ?? systemClock;
  const live = new LiveFeed();
  const { whatsapp } = config;
  const cloudApi = createCloudApi({ baseUrl: whatsapp.graphApiUrl, accessToken: whatsapp.accessToken, phoneNumberId: whatsapp.phoneNumberId, wabaId: whatsapp.wabaId, fetch: doFetch });
  const services = { db, clock, live, log };
  const outbox = new OutboxWorker({ ...services, cloudApi });
  const webhooks = new WebhookProcessor({ ...services, phoneNumberId: whatsapp.phoneNumberId });
  const sms = composeSms(config, services, { fetch: doFetch, log, statusDelays: options.smsSimulator?.statusDelays });
  const retention = new RetentionJob({ ...services, days: config.messageRetentionDays });
  const signIn: SignInDeps = { db, wallClock: systemClock, tokenTtlSeconds: config.tokenTtlSeconds };

  const issuer = config.oidc.issuer ?? `${config.publicUrl}/sandbox/idp`;
  const callbackUrl = `${config.publicUrl}/auth/callback`;
  const sso = new SsoClient(
    { issuer, clientId: config.oidc.clientId, clientSecret: config.oidc.clientSecret, callbackUrl, groupsClaim: config.oidc.groupsClaim, adminGroups: config.oidc.adminGroups },
    async (claims) => {
      const teammate = await upsertTeammate(db, claims, systemClock.now());
      if (teammate.disabledAt !== null) throw new DomainError('TEAMMATE_DISABLED');
      return teammate;
    },
    doFetch,
  );

  const mounts: Array<{ path: string; router: express.Router }> = [];
  let simulator: CloudApiSimulator | null = null;
  if (sandboxClock) {
    simulator = new CloudApiSimulator({
      phoneNumberId: whatsapp.phoneNumberId,
      displayPhoneNumber: whatsapp.displayPhoneNumber,
      wabaId: whatsapp.wabaId,
      accessToken: whatsapp.accessToken,
      clock: sandboxClock,
      webhooks: new WebhookSender({ url: `${config.publicUrl}/webhooks/whatsapp`, appSecret: whatsapp.appSecret, log, fetch: doFetch }),
      log,
      ...options.simulator,
    });
    mounts.push({ path: '/graph', router: simulatorRouter(simulator, whatsapp) });
    if (!config.oidc.issuer) {
      mounts.push({
        path: '/sandbox/idp',
        router: createSandboxIdp({ issuer, clientId: config.oidc.clientId, clientSecret: config.oidc.clientSecret, redirectUri: callbackUrl, postLogoutRedirectUri: `${config.publicUrl}/auth/signed-out` }),
      });
    }
    const controls = express.Router();
    controls.use(cors({ origin: config.allowedOrigins }));
    controls.use(
      sandboxControls({
        simulator,
        clock: sandboxClock,
        onClockAdvanced: async (now) => {
          await appendEvent(db, null, { type: 'clock', now }, now);
          live.notify();
          await retention.runOnce();
        },
      }),
    );
    mounts.push(...sms.mounts);
    mounts.push({ path: '/sandbox', router: controls });
    const demoRedirect = express.Router();
    demoRedirect.get('/', (_req, res) => res.redirect(302, `${config.demoUrl}/`));
    mounts.push({ path: '/demo', router: demoRedirect });
  }

  const app = createApp({ ...services, config, signIn, sso, outbox, sms: sms.provider, smsOutbox: sms.outbox ?? { kick() {} }, distDir: options.distDir ?? DEFAULT_DIST_DIR, onWebhookStored: () => void webhooks.kick(), mounts });
  const demoApp = sandbox ? createDemoApp({ connectorUrl: config.publicUrl }) : null;

  return {
    config,
    app,
    demoApp,
    db,
    clock,
    simulator,
    sandboxClock,
    webhooks,
    outbox,
    sms,
    retention,
    async start() {
      outbox.start();
      webhooks.start();
      sms.start();
      retention.start();
      try {
        const count = await syncTemplates({ ...services, cloudApi });
        log.info({ count }, 'templates synced');
      } catch (error) {
        log.error({ err: error }, 'template sync failed; templates can be synced again later');
      }
    },
    async stop() {
      simulator?.stop();
      await outbox.stop();
      await webhooks.stop();
      await sms.stop();
      await retention.stop();
      await db.destroy();
    },
  };
}
