/**
 * Sandbox mode's parts, built from the Config for the composition root
 * (connector.ts), like the SMS channel's (compose-sms.ts): the sandbox clock,
 * the Cloud API simulator at /graph, the development identity provider at
 * /sandbox/idp (when no company provider is configured), the sandbox controls
 * at /sandbox, and the demo CRM page on its own origin. In live mode, none.
 */
import cors from 'cors';
import express from 'express';
import type { Logger } from 'pino';
import { SANDBOX_DEFAULTS, type Config } from './config/config';
import type { LiveFeed } from './services/live/live-feed';
import { SandboxClock } from './sandbox/clock';
import { accountControls } from './sandbox/account-controls';
import { sandboxControls } from './sandbox/controls';
import { createDemoApp } from './sandbox/demo/demo-app';
import { seedDemoSavedReplies } from './sandbox/demo/saved-replies';
import type { SandboxIdpOptions } from './sandbox/idp';
import { simulatorRouter } from './sandbox/simulator/router';
import { CloudApiSimulator, type StatusDelays } from './sandbox/simulator/simulator';
import { WebhookSender } from './sandbox/simulator/webhook-sender';
import { readState, writeState } from './store/account-state';
import type { Db } from './store/db';
import { appendEvent } from './store/events';

type Mount = { path: string; router: express.Router };

export interface SandboxOptions {
  simulator?: { statusDelays?: StatusDelays; windowErrorMode?: 'async' | 'sync'; random?: () => number; templateReviewMs?: number };
  /** The sandbox identity provider's page headers (tests of the popup's polling fallback). */
  sandboxIdp?: { crossOriginOpenerPolicy?: 'same-origin' | 'same-origin-allow-popups' };
  /** The demo's saved replies, written on a sandbox's first start (default true; tests that count audit rows start without them). */
  demoSavedReplies?: boolean;
}

export interface SandboxParts {
  simulator: CloudApiSimulator | null;
  /** Routers for the connector's app, in mounting order. */
  mounts: Mount[];
  /** The demo CRM page, on its own origin. */
  demoApp: express.Express | null;
}

/**
 * The sandbox's state kept in the database, read before anything else is
 * built (every part takes its clock): the sandbox clock as it was left and,
 * on a first start, the demo's saved replies. Null in live mode.
 */
export async function openSandboxClock(config: Config, db: Db, options: SandboxOptions): Promise<SandboxClock | null> {
  if (config.mode !== 'sandbox') return null;
  const clock = new SandboxClock((await readState(db, 'sandbox_clock'))?.offsetMs ?? 0);
  if (options.demoSavedReplies !== false) await seedDemoSavedReplies(db, clock.now());
  return clock;
}

export function composeSandbox(
  config: Config,
  clock: SandboxClock | null,
  deps: {
    db: Db;
    live: LiveFeed;
    log: Logger;
    fetch: typeof fetch;
    /** The simulators of the other channels and hosts (compose-sms.ts, compose-hosts.ts), mounted with the sandbox's own. */
    channelMounts: Mount[];
    /** The development identity provider's issuer and the connector's sign-in callback, as the SSO client uses them. */
    idp: { issuer: string; redirectUri: string };
    /** Moving the clock expires what retention keeps no longer. */
    runRetention: () => Promise<unknown>;
    /** A number's status changed in the simulator: read its health again. */
    onNumberChanged: () => void;
  },
  options: SandboxOptions,
): SandboxParts {
  if (!clock) return { simulator: null, mounts: [], demoApp: null };
  const { whatsapp } = config;
  const mounts: Mount[] = [];
  const simulator = new CloudApiSimulator({
    phoneNumberId: whatsapp.phoneNumberId,
    displayPhoneNumber: whatsapp.displayPhoneNumber,
    // Every configured number is one of the simulated WABA's (the sandbox's default: Support and Sales).
    numbers: whatsapp.numbers.map((n) => ({ id: n.id, displayPhoneNumber: n.displayPhoneNumber ?? n.id, label: n.label })),
    wabaId: whatsapp.wabaId,
    accessToken: whatsapp.accessToken,
    clock,
    webhooks: new WebhookSender({ url: `${config.publicUrl}/webhooks/whatsapp`, appSecret: whatsapp.appSecret, log: deps.log, fetch: deps.fetch }),
    log: deps.log,
    faults: { rate: config.sandbox.faultRate, kinds: config.sandbox.faults, timeoutMs: Math.max(whatsapp.timeoutMs * 2, 1_000) },
    ...options.simulator,
    management: {
      reviewMs: options.simulator?.templateReviewMs ?? config.account.sandboxReviewSeconds * 1000,
      fetch: deps.fetch,
      webhookUrl: `${config.publicUrl}/webhooks/whatsapp`,
    },
  });
  mounts.push({ path: '/graph', router: simulatorRouter(simulator, whatsapp) });
  if (!config.oidc.issuer) {
    mounts.push({
      path: '/sandbox/idp',
      router: lazySandboxIdp({
        ...deps.idp,
        clientId: config.oidc.clientId,
        clientSecret: config.oidc.clientSecret,
        postLogoutRedirectUri: `${config.publicUrl}/auth/signed-out`,
        ...options.sandboxIdp,
      }),
    });
  }
  const controls = express.Router();
  controls.use(cors({ origin: config.allowedOrigins }));
  controls.use(
    sandboxControls({
      simulator,
      clock,
      onClockAdvanced: async (now) => {
        await writeState(deps.db, 'sandbox_clock', { offsetMs: clock.offset }, now);
        await appendEvent(deps.db, null, { type: 'clock', now }, now);
        deps.live.notify();
        await deps.runRetention();
      },
    }),
  );
  mounts.push(...deps.channelMounts);
  controls.use(accountControls({ management: simulator.management, onNumberChanged: deps.onNumberChanged }));
  mounts.push({ path: '/sandbox', router: controls });
  const demoRedirect = express.Router();
  demoRedirect.get('/', (_req, res) => res.redirect(302, `${config.demoUrl}/`));
  mounts.push({ path: '/demo', router: demoRedirect });

  const demoCrm = config.hostProofs.find((h) => h.kind === 'host-jwt' && h.host === SANDBOX_DEFAULTS.demoCrmHost);
  const demoApp = createDemoApp({ connectorUrl: config.publicUrl, crm: demoCrm?.kind === 'host-jwt' ? demoCrm : null });
  return { simulator, mounts, demoApp };
}

/**
 * The development identity provider, loaded on its first request: oidc-provider and its
 * signing key cost ~30 MB of memory and a 2048-bit RSA key generation, which a connector
 * nobody signs in to through the sandbox (or one with a company provider) never needs.
 */
function lazySandboxIdp(options: SandboxIdpOptions): express.Router {
  let loading: Promise<express.Router> | null = null;
  const router = express.Router();
  router.use((req, res, next) => {
    loading ??= import('./sandbox/idp').then(({ createSandboxIdp }) => createSandboxIdp(options));
    loading.then((idp) => idp(req, res, next), next);
  });
  return router;
}
