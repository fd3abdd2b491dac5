/**
 * The composition root: builds every part from a Config. main.ts calls it and
 * listens; tests call it on port 0. Nothing here reads the environment.
 */
import { fileURLToPath } from 'node:url';
import cors from 'cors';
import express from 'express';
import pino, { type Logger } from 'pino';
import { DomainError } from '@domain/errors';
import { HostProofs } from './auth/host-proofs/index';
import { SsoClient } from './auth/oidc';
import type { SignInDeps } from './auth/sign-in-codes';
import { SANDBOX_DEFAULTS, type Config } from './config/config';
import { composeLive, type LiveOptions, type LiveParts } from './compose-live';
import { composeSms, type SmsChannel } from './compose-sms';
import { composeHosts, type HostParts } from './compose-hosts';
import { createApp } from './http/app';
import { systemClock, type Clock } from './services/clock';
import { refreshDeadLetterAlert } from './services/dead-letters';
import { InboxWriter } from './services/inbox-writer';
import { WebhookProcessor } from './services/ingest-webhook';
import { LiveFeed } from './services/live-feed';
import { MediaFetcher } from './services/media-fetcher';
import { OperatorAlerts } from './services/operator-alerts';
import { MediaFiles } from './store/media-files';
import { OutboxWorker, type OutboxOptions } from './services/outbox-worker';
import { AcceptQueue } from './services/accept-queue';
import { AccountSync } from './services/account-sync';
import { auditHeadLog } from './services/audit-head';
import { housekeepingJob } from './services/housekeeping';
import { autoAssignWorker } from './services/auto-assign';
import type { PeriodicJob } from './services/periodic-job';
import { RetentionJob } from './services/retention';
import { SandboxClock } from './sandbox/clock';
import { accountControls } from './sandbox/account-controls';
import { sandboxControls } from './sandbox/controls';
import { createDemoApp } from './sandbox/demo/demo-app';
import { seedDemoSavedReplies } from './sandbox/demo/saved-replies';
import { createSandboxIdp } from './sandbox/idp';
import { simulatorRouter } from './sandbox/simulator/router';
import { CloudApiSimulator, type StatusDelays } from './sandbox/simulator/simulator';
import { WebhookSender } from './sandbox/simulator/webhook-sender';
import { readState, writeState } from './store/account-state';
import { appendEvent } from './store/events';
import { migrateToLatest, openDatabase, openReader, type Db } from './store/db';
import { upsertTeammate } from './store/teammates';
import { createCloudApi } from './whatsapp/cloud-api';
import { createManagementApi, type ManagementApi } from './whatsapp/management-api';

export interface ConnectorOptions {
  log?: Logger;
  /** The transport for every outbound HTTP call (Graph, OpenID provider). */
  fetch?: typeof fetch;
  distDir?: string;
  simulator?: { statusDelays?: StatusDelays; windowErrorMode?: 'async' | 'sync'; random?: () => number; templateReviewMs?: number };
  /** Overrides for the outbox's pacing and recovery (tests shorten the lease). */
  outbox?: Partial<OutboxOptions>;
  /** The sandbox identity provider's page headers (tests of the popup's polling fallback). */
  sandboxIdp?: { crossOriginOpenerPolicy?: 'same-origin' | 'same-origin-allow-popups' };
  smsSimulator?: { statusDelays?: { sent: number; delivered: number } };
  /** The host outbox's chance (tests make its backoff predictable). */
  hosts?: { random?: () => number };
  /** The demo's saved replies, written on a sandbox's first start (default true; tests that count audit rows start without them). */
  demoSavedReplies?: boolean;
  /** Live streams' limits and the tailer's pacing (tests shorten them). */
  live?: LiveOptions;
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
  mediaFetcher: MediaFetcher;
  files: MediaFiles;
  alerts: OperatorAlerts;
  /** Templates, number health and business profile, kept in sync with Meta. */
  accountSync: AccountSync;
  management: ManagementApi;
  sms: SmsChannel;
  /** The tailer of the live feed and its fan-out to open streams. */
  live: LiveParts;
  /** Helpdesks and CRMs told of each conversation; null when none is configured. */
  hosts: HostParts | null;
  retention: RetentionJob;
  /** Removes orphaned files and expired sign-in records, hourly. */
  housekeeping: PeriodicJob;
  /** Starts the workers and the first template sync; call once the server listens. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Under a burst of webhooks, acknowledging comes first: processing waits for a
 * pause in the webhooks (no body stored for GIVE_WAY_QUIET_MS), or at most
 * GIVE_WAY_MAX_MS, before each batch. Outside bursts the pause is immediate.
 */
const GIVE_WAY_QUIET_MS = 5;
const GIVE_WAY_MAX_MS = 250;

export const DEFAULT_DIST_DIR = fileURLToPath(new URL('../dist', import.meta.url));

export async function createConnector(config: Config, options: ConnectorOptions = {}): Promise<Connector> {
  const log = options.log ?? pino({ level: config.logLevel, redact: ['req.headers.authorization', '*.accessToken', '*.token', '*.code'] });
  const doFetch = options.fetch ?? fetch;
  const db = openDatabase(config.database);
  await migrateToLatest(db);

  const reader = openReader(config.database, db);
  const sandbox = config.mode === 'sandbox';
  const sandboxClock = sandbox ? new SandboxClock((await readState(db, 'sandbox_clock'))?.offsetMs ?? 0) : null;
  const clock: Clock = sandboxClock ?? systemClock;
  if (sandbox && options.demoSavedReplies !== false) await seedDemoSavedReplies(db, clock.now());
  const live = new LiveFeed();
  const { whatsapp } = config;
  const cloudApi = createCloudApi({
    baseUrl: whatsapp.graphApiUrl,
    accessToken: whatsapp.accessToken,
    phoneNumberId: whatsapp.phoneNumberId,
    fetch: doFetch,
    timeoutMs: whatsapp.timeoutMs,
  });
  const alerts = new OperatorAlerts(log);
  const hosts = composeHosts(config, { db, clock, live, log, defaultCountry: config.defaultPhoneCountry }, { fetch: doFetch, alerts, wallClock: systemClock, random: options.hosts?.random });
  const services = { db, clock, live, log, defaultCountry: config.defaultPhoneCountry, hostEvents: hosts?.recorder ?? null };
  const files = new MediaFiles(config.mediaDir);
  const outbox = new OutboxWorker({ ...services, cloudApi, files, alerts, wallClock: systemClock, options: { ...config.outbox, ...options.outbox } });
  const accepts = new AcceptQueue({ ...services, outbox });
  // An MMS's files are fetched with the SMS account's credentials (the SMS channel is built below).
  const mediaFetcher = new MediaFetcher({ ...services, cloudApi, files, downloadSmsMedia: (url) => (sms.provider ? sms.provider.downloadMedia(url) : Promise.reject(new Error('SMS is not set up'))) });
  const management = createManagementApi({ baseUrl: whatsapp.graphApiUrl, accessToken: whatsapp.accessToken, phoneNumberId: whatsapp.phoneNumberId, wabaId: whatsapp.wabaId, appId: config.account.appId, fetch: doFetch });
  const accountSync = new AccountSync({ ...services, management, phoneNumberId: whatsapp.phoneNumberId, intervalMs: config.account.syncIntervalSeconds * 1000 });
  const deadLetters = { db, alerts, wallClock: systemClock };
  const inbox = new InboxWriter({ db, clock, onStored: () => void webhooks.kick(), onDeadLetter: () => refreshDeadLetterAlert(deadLetters) });
  const webhooks = new WebhookProcessor({
    ...services,
    deadLetters,
    phoneNumberId: whatsapp.phoneNumberId,
    accountSync,
    onMediaPending: () => mediaFetcher.kick(),
    giveWay: () => inbox.whenQuiet(GIVE_WAY_QUIET_MS, GIVE_WAY_MAX_MS),
  });
  const sms = composeSms(config, services, { fetch: doFetch, log, alerts, statusDelays: options.smsSimulator?.statusDelays });
  const retention = new RetentionJob({ ...services, days: config.messageRetentionDays, files });
  const housekeeping = housekeepingJob({ db, files, log, wallClock: systemClock, clock });
  const auditHead = auditHeadLog({ db, log });
  const autoAssign = config.autoAssign ? autoAssignWorker({ ...services, maxOpen: config.autoAssign.maxOpen }) : null;

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
  const signIn: SignInDeps = {
    db,
    reader,
    wallClock: systemClock,
    tokenTtlSeconds: config.tokenTtlSeconds,
    sessionMaxSeconds: config.sessionMaxSeconds,
    sessionIdleSeconds: config.sessionIdleSeconds,
    signature: config.signature,
    providerSignOut: () => sso.endSessionEndpoint() !== null,
    live,
  };
  const hostProofs = new HostProofs(config.hostProofs, config.publicUrl);
  const liveParts = composeLive(config.database, { reader, log, live, signIn }, options.live);

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
      faults: { rate: config.sandbox.faultRate, kinds: config.sandbox.faults, timeoutMs: Math.max(whatsapp.timeoutMs * 2, 1_000) },
      ...options.simulator,
      management: {
        reviewMs: options.simulator?.templateReviewMs ?? config.account.sandboxReviewSeconds * 1000,
        fetch: doFetch,
        webhookUrl: `${config.publicUrl}/webhooks/whatsapp`,
      },
    });
    mounts.push({ path: '/graph', router: simulatorRouter(simulator, whatsapp) });
    if (!config.oidc.issuer) {
      mounts.push({
        path: '/sandbox/idp',
        router: createSandboxIdp({ issuer, clientId: config.oidc.clientId, clientSecret: config.oidc.clientSecret, redirectUri: callbackUrl, postLogoutRedirectUri: `${config.publicUrl}/auth/signed-out`, ...options.sandboxIdp }),
      });
    }
    const controls = express.Router();
    controls.use(cors({ origin: config.allowedOrigins }));
    controls.use(
      sandboxControls({
        simulator,
        clock: sandboxClock,
        onClockAdvanced: async (now) => {
          await writeState(db, 'sandbox_clock', { offsetMs: sandboxClock.offset }, now);
          await appendEvent(db, null, { type: 'clock', now }, now);
          live.notify();
          await retention.runOnce();
        },
      }),
    );
    mounts.push(...sms.mounts);
    mounts.push(...(hosts?.sandboxMounts ?? []));
    controls.use(accountControls({ management: simulator.management, onNumberChanged: () => accountSync.kick('health') }));
    mounts.push({ path: '/sandbox', router: controls });
    const demoRedirect = express.Router();
    demoRedirect.get('/', (_req, res) => res.redirect(302, `${config.demoUrl}/`));
    mounts.push({ path: '/demo', router: demoRedirect });
  }

  const app = createApp({
    ...services,
    config,
    signIn,
    sso,
    hostProofs,
    signature: config.signature,
    ownerOnly: config.ownerOnly,
    outbox,
    accepts,
    cloudApi,
    files,
    alerts,
    management,
    accountSync,
    sms: sms.provider,
    smsOutbox: sms.outbox ?? { kick() {} },
    distDir: options.distDir ?? DEFAULT_DIST_DIR,
    inbox,
    webhooks,
    liveStream: liveParts.route,
    onInboundSmsMedia: () => mediaFetcher.kick(),
    hostAdmin: hosts?.admin ?? null,
    hostRouters: hosts?.routers ?? [],
    mounts,
  });
  const demoCrm = config.hostProofs.find((h) => h.kind === 'host-jwt' && h.host === SANDBOX_DEFAULTS.demoCrmHost);
  const demoApp = sandbox ? createDemoApp({ connectorUrl: config.publicUrl, crm: demoCrm?.kind === 'host-jwt' ? demoCrm : null }) : null;

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
    mediaFetcher,
    files,
    alerts,
    accountSync,
    management,
    sms,
    live: liveParts,
    hosts,
    retention,
    housekeeping,
    async start() {
      await liveParts.start();
      outbox.start();
      webhooks.start();
      mediaFetcher.start();
      sms.start();
      retention.start();
      housekeeping.start();
      auditHead.start();
      autoAssign?.start();
      await hosts?.outbox.start();
      // Templates, then the number's health and the profile; failures are logged and retried on schedule.
      await accountSync.start();
    },
    async stop() {
      simulator?.stop();
      await accountSync.stop();
      await outbox.stop();
      await webhooks.stop();
      await mediaFetcher.stop();
      await sms.stop();
      await retention.stop();
      await housekeeping.stop();
      await auditHead.stop();
      await autoAssign?.stop();
      await hosts?.outbox.stop();
      await liveParts.stop();
      if (reader !== db) await reader.destroy();
      await db.destroy();
    },
  };
}
