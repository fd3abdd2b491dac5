/**
 * createApp(deps): the connector's HTTP surface, assembled from one router per
 * resource. It reads no environment and listens on nothing: main.ts (and the
 * tests) decide where it runs.
 */
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { DomainError } from '@domain/errors';
import type { HostProofs } from '../auth/host-proofs/index';
import type { SsoClient } from '../auth/oidc';
import type { SignInDeps } from '../auth/sign-in-codes';
import type { Config } from '../config/config';
import type { SendDeps } from '../services/messaging/send-message';
import type { SmsDeps } from '../services/sms/sms-deps';
import { apiCors } from './middleware/cors';
import { errorHandler } from './middleware/error-handler';
import { createRateLimits } from './middleware/rate-limits';
import { requestContext } from './middleware/request-context';
import { requireTeammate } from './middleware/require-teammate';
import { adminTeammatesRouter } from './routes/admin-teammates';
import { adminWebhooksRouter } from './routes/admin-webhooks';
import { adminHostsRouter } from './routes/admin-hosts';
import type { HostAdminDeps } from '../services/hosts/host-admin';
import { accountRouter, type AccountRouteDeps } from './routes/account';
import { auditDownloadRouter, auditRouter } from './routes/audit';
import { adaptersRouter } from './routes/adapters-router';
import { authRouter } from './routes/auth';
import type { InboxWriter } from '../services/inbound/inbox-writer';
import type { OperatorAlerts } from '../services/runtime/operator-alerts';
import type { MediaFiles } from '../store/media-files';
import type { CloudApi } from '../whatsapp/cloud-api';
import type { LiveStreamDeps } from './live-stream';
import { contactsRouter } from './routes/contacts';
import { conversationsRouter } from './routes/conversations';
import { savedRepliesRouter } from './routes/saved-replies';
import { mediaRouter } from './routes/media';
import { numberHealthAlerts } from '../services/account/account-alerts';
import { healthRouter } from './routes/health';
import { smsRouter } from './routes/sms';
import { templatesRouter } from './routes/templates';
import { twilioWebhooksRouter } from './routes/twilio-webhooks';
import { webhooksRouter } from './routes/webhooks';
import { widgetAssetsRouter } from './routes/widget-assets';

export interface AppDeps extends SendDeps, AccountRouteDeps, SmsDeps {
  config: Config;
  cloudApi: CloudApi;
  files: MediaFiles;
  alerts: OperatorAlerts;
  signIn: SignInDeps;
  sso: SsoClient;
  hostProofs: HostProofs;
  log: Logger;
  distDir: string;
  /** Stores signed webhook bodies before they are acknowledged. */
  inbox: InboxWriter;
  /** The live streams' fan-out, access checks and limits. */
  liveStream: LiveStreamDeps;
  /** Applies stored webhook bodies; woken when an admin replays dead letters. */
  webhooks: { kick(): void };
  /** The host outbox for its admin routes; absent when no host is configured. */
  hostAdmin?: HostAdminDeps | null;
  /** Routers outside /api for configured hosts (Zendesk's webhook to the connector). */
  hostRouters?: express.Router[];
  /** Called when a customer's MMS left files to fetch. */
  onInboundSmsMedia?: () => void;
  /** Extra routers mounted before the API (the sandbox's simulator, IdP and controls). */
  mounts?: Array<{ path: string; router: express.Router }>;
}

/** Routers mounted under /api; exported so a test can check each refuses anonymous requests. */
export function apiRouters(deps: AppDeps): express.Router[] {
  return [
    contactsRouter(deps),
    conversationsRouter(deps),
    savedRepliesRouter(deps),
    mediaRouter(deps),
    templatesRouter(deps),
    meRouter(),
    adminTeammatesRouter({ db: deps.db, live: deps.live, wallClock: deps.signIn.wallClock }),
    adminWebhooksRouter({ db: deps.db, alerts: deps.alerts, wallClock: deps.signIn.wallClock, webhooks: deps.webhooks }),
    accountRouter(deps),
    auditRouter(deps),
    smsRouter(deps),
    ...(deps.hostAdmin ? [adminHostsRouter(deps.hostAdmin)] : []),
  ];
}

function meRouter(): express.Router {
  const router = express.Router();
  router.get('/me', (_req, res) => {
    const t = res.locals.teammate;
    res.json({ id: t.id, name: t.name, email: t.email, role: t.role });
  });
  return router;
}

export function createApp(deps: AppDeps): express.Express {
  const { config, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Which proxies may name the client (X-Forwarded-For): req.ip keys the per-address limits.
  app.set('trust proxy', config.trustProxy);
  const limits = createRateLimits(config.rateLimits, log);
  app.use(requestContext(log));
  // CSP is set per page (the sign-in pages need a nonce); COOP stays off because
  // the sign-in popup must keep its link to the panel that opened it.
  const securityHeaders = helmet({
    contentSecurityPolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    strictTransportSecurity: config.publicUrl.startsWith('https://'),
  });
  // The verification GET echoes a caller's text: it gets the security headers (nosniff) like any page.
  app.get('/webhooks/whatsapp', securityHeaders);
  // Meta's signed POSTs first: machine-to-machine, they need none of the browser headers below, and
  // under a burst every microsecond before the 200 counts.
  app.use(webhooksRouter({ inbox: deps.inbox, appSecret: config.whatsapp.appSecret, verifyToken: config.whatsapp.verifyToken }));
  app.use(securityHeaders);

  app.use(
    healthRouter({
      db: deps.db,
      mode: config.mode,
      alerts: deps.alerts,
      numberAlerts: () => numberHealthAlerts(deps.db, deps.numbers, deps.clock.now()),
    }),
  );
  app.use(twilioWebhooksRouter(deps));
  for (const router of deps.hostRouters ?? []) app.use(router);
  app.use(auditDownloadRouter(deps));
  app.use(widgetAssetsRouter(deps.distDir));
  // Limits go in front of the sign-in routes rather than inside them: a popup start creates rows,
  // a refused code, token or proof costs a lookup. CORS first, so a panel can read the 429.
  const signInOrigins = [...new Set([...config.allowedOrigins, new URL(config.publicUrl).origin])];
  app.use('/auth/popup', limits.signIn);
  app.use(['/auth/token', '/auth/attempts', '/auth/refresh', '/auth/host-session'], apiCors(signInOrigins), limits.authFailures);
  app.use(
    authRouter({
      signIn: deps.signIn,
      sso: deps.sso,
      hostProofs: deps.hostProofs,
      // The host app pages (/adapters/…) run on the connector's own origin and sign in from there too.
      allowedOrigins: signInOrigins,
      publicUrl: config.publicUrl,
      log,
      sessionSecret: config.sessionSecret,
      secureCookies: config.publicUrl.startsWith('https://'),
    }),
  );
  app.use(adaptersRouter({ config, hostProofs: deps.hostProofs, now: () => deps.signIn.wallClock.now() }));
  for (const mount of deps.mounts ?? []) app.use(mount.path, mount.router);

  const api = express.Router();
  api.use(apiCors(config.allowedOrigins));
  api.use(requireTeammate(deps.signIn));
  api.use(limits.api);
  api.post('/media', limits.uploads);
  api.post(['/presence', '/conversations/:contact/presence'], limits.presence);
  api.get(['/contacts/:contact/events', '/conversations/events'], limits.streams);
  for (const router of apiRouters(deps)) api.use(router);
  app.use('/api', api);

  app.use((_req, _res, next) => next(new DomainError('NOT_FOUND')));
  app.use(errorHandler(log));
  return app;
}
