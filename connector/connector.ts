/**
 * The composition root: builds every part from a Config. main.ts calls it and
 * listens; tests call it on port 0. Nothing here reads the environment.
 */
import type express from 'express';
import pino, { type Logger } from 'pino';
import { DomainError } from '@domain/errors';
import { HostProofs } from './auth/host-proofs/index';
import { SsoClient } from './auth/oidc';
import type { SignInDeps } from './auth/sign-in-codes';
import type { Config } from './config/config';
import { projectPath } from './config/project-root';
import { composeLive, type LiveOptions, type LiveParts } from './compose-live';
import { composeSandbox, openSandboxClock, type SandboxOptions } from './compose-sandbox';
import { composeSms, type SmsChannel } from './compose-sms';
import { composeHosts, type HostParts } from './compose-hosts';
import { createApp } from './http/app';
import { systemClock, type Clock } from './services/runtime/clock';
import { refreshDeadLetterAlert } from './services/inbound/dead-letters';
import { InboxWriter } from './services/inbound/inbox-writer';
import { WebhookProcessor } from './services/inbound/ingest-webhook';
import { LiveFeed } from './services/live/live-feed';
import { MediaFetcher } from './services/inbound/media-fetcher';
import { OperatorAlerts } from './services/runtime/operator-alerts';
import { MediaFiles } from './store/media-files';
import { OutboxWorker, type OutboxOptions } from './services/messaging/outbox-worker';
import { AcceptQueue } from './services/messaging/accept-queue';
import { AccountSync } from './services/account/account-sync';
import { auditHeadLog } from './services/audit/audit-head';
import { housekeepingJob } from './services/runtime/housekeeping';
import { statisticsKeeper } from './services/runtime/statistics-keeper';
import { InstanceRegister } from './services/runtime/instance-register';
import { autoAssignWorker } from './services/inbox/auto-assign';
import type { BackgroundWorker } from './services/runtime/worker-loop';
import { retentionJob } from './services/runtime/retention';
import type { SandboxClock } from './sandbox/clock';
import type { CloudApiSimulator } from './sandbox/simulator/simulator';
import { migrateToLatest, openDatabase, openReader, type Db } from './store/db';
import { assignContactsWithoutNumber } from './store/contacts';
import { BusinessNumbers } from './services/account/business-numbers';
import { upsertTeammate } from './store/teammates';
import { createCloudApi } from './whatsapp/cloud-api';
import { createManagementApi, type ManagementApi } from './whatsapp/management-api';

export interface ConnectorOptions extends SandboxOptions {
  log?: Logger;
  /** The transport for every outbound HTTP call (Graph, OpenID provider). */
  fetch?: typeof fetch;
  distDir?: string;
  /** Overrides for the outbox's pacing and recovery (tests shorten the lease). */
  outbox?: Partial<OutboxOptions>;
  smsSimulator?: { statusDelays?: { sent: number; delivered: number } };
  /** The host outbox's chance (tests make its backoff predictable). */
  hosts?: { random?: () => number };
  /** Live streams' limits and the tailer's pacing (tests shorten them). */
  live?: LiveOptions;
}

export interface Connector {
  config: Config;
  app: express.Express;
  /** The demo CRM page, on its own origin (sandbox only). */
  demoApp: express.Express | null;
  db: Db;
  /** SQLite's read-only connection (bearer tokens, the live tailer's reads); the database itself on PostgreSQL. */
  reader: Db;
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
  /** Deletes message bodies past MESSAGE_RETENTION_DAYS, hourly; null when they are kept forever. */
  retention: BackgroundWorker | null;
  /** Removes orphaned files and expired sign-in records, hourly. */
  housekeeping: BackgroundWorker;
  /** Starts the workers and the first template sync; call once the server listens. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_DIST_DIR = projectPath('dist');

export async function createConnector(config: Config, options: ConnectorOptions = {}): Promise<Connector> {
  const log = options.log ?? pino({ level: config.logLevel, redact: ['req.headers.authorization', '*.accessToken', '*.token', '*.code'] });
  const doFetch = options.fetch ?? fetch;
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const numbers = new BusinessNumbers(config.whatsapp.numbers);
  // Threads from before several numbers were with the one configured number (migration 202612070000).
  const assigned = await assignContactsWithoutNumber(db, numbers.defaultId);

  const reader = openReader(config.database, db);
  const sandboxClock = await openSandboxClock(config, db, options);
  const clock: Clock = sandboxClock ?? systemClock;
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
  const hosts = composeHosts(
    config,
    { db, clock, live, log, defaultCountry: config.defaultPhoneCountry, numbers },
    { fetch: doFetch, alerts, wallClock: systemClock, random: options.hosts?.random },
  );
  const services = { db, clock, live, log, defaultCountry: config.defaultPhoneCountry, numbers, hostEvents: hosts?.recorder ?? null };
  if (assigned > 0) log.info({ contacts: assigned, phoneNumberId: numbers.defaultId }, 'contacts from before several numbers now belong to the default number');
  const files = new MediaFiles(config.mediaDir);
  const outbox = new OutboxWorker({
    ...services,
    reader,
    cloudApi,
    files,
    alerts,
    wallClock: systemClock,
    options: { ...config.outbox, ...options.outbox },
    sharesLimits: true,
  });
  const instances = new InstanceRegister({ db, wallClock: systemClock, log, onShare: (share) => outbox.shareWith(share) });
  const accepts = new AcceptQueue({ ...services, outbox });
  // An MMS's files are fetched with the SMS account's credentials (the SMS channel is built below).
  const mediaFetcher = new MediaFetcher({
    ...services,
    cloudApi,
    files,
    downloadSmsMedia: (url) => (sms.provider ? sms.provider.downloadMedia(url) : Promise.reject(new Error('SMS is not set up'))),
  });
  const management = createManagementApi({
    baseUrl: whatsapp.graphApiUrl,
    accessToken: whatsapp.accessToken,
    phoneNumberId: whatsapp.phoneNumberId,
    wabaId: whatsapp.wabaId,
    appId: config.account.appId,
    fetch: doFetch,
  });
  const accountSync = new AccountSync({
    ...services,
    management,
    phoneNumberId: whatsapp.phoneNumberId,
    intervalMs: config.account.syncIntervalSeconds * 1000,
  });
  const deadLetters = { db, alerts, wallClock: systemClock };
  const inbox = new InboxWriter({ db, clock, onStored: () => webhooks.kick(), onDeadLetter: () => refreshDeadLetterAlert(deadLetters) });
  const webhooks = new WebhookProcessor({
    ...services,
    deadLetters,
    phoneNumberId: whatsapp.phoneNumberId,
    accountSync,
    onMediaPending: () => mediaFetcher.kick(),
    webhooksQuietForMs: () => inbox.quietForMs(),
  });
  const sms = composeSms(config, services, { fetch: doFetch, log, alerts, statusDelays: options.smsSimulator?.statusDelays });
  const retention = retentionJob({ ...services, days: config.messageRetentionDays, files });
  const housekeeping = housekeepingJob({ db, files, log, wallClock: systemClock, clock });
  const statistics = statisticsKeeper({ db, log });
  const auditHead = auditHeadLog({ db, log });
  const autoAssign = config.autoAssign ? autoAssignWorker({ ...services, maxOpen: config.autoAssign.maxOpen }) : null;

  const issuer = config.oidc.issuer ?? `${config.publicUrl}/sandbox/idp`;
  const callbackUrl = `${config.publicUrl}/auth/callback`;
  const sso = new SsoClient(
    {
      issuer,
      clientId: config.oidc.clientId,
      clientSecret: config.oidc.clientSecret,
      callbackUrl,
      groupsClaim: config.oidc.groupsClaim,
      adminGroups: config.oidc.adminGroups,
    },
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

  const sandbox = composeSandbox(
    config,
    sandboxClock,
    {
      db,
      live,
      log,
      fetch: doFetch,
      channelMounts: [...sms.mounts, ...(hosts?.sandboxMounts ?? [])],
      idp: { issuer, redirectUri: callbackUrl },
      runRetention: async () => retention?.drain(),
      onNumberChanged: () => accountSync.kick('health'),
    },
    options,
  );
  const simulator = sandbox.simulator;

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
    mounts: sandbox.mounts,
  });

  return {
    config,
    app,
    demoApp: sandbox.demoApp,
    db,
    reader,
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
      // The outbox's share of each number's limit depends on how many instances send.
      await instances.join();
      outbox.start();
      webhooks.start();
      mediaFetcher.start();
      sms.start();
      retention?.start();
      housekeeping.start();
      statistics?.start();
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
      await instances.stop();
      await webhooks.stop();
      await mediaFetcher.stop();
      await sms.stop();
      await retention?.stop();
      await housekeeping.stop();
      await statistics?.stop();
      await auditHead.stop();
      await autoAssign?.stop();
      await hosts?.outbox.stop();
      await liveParts.stop();
      if (reader !== db) await reader.destroy();
      await db.destroy();
    },
  };
}
