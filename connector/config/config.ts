/**
 * The connector's configuration, read once from the environment by main.ts and
 * checked before anything starts: a bad value stops the start with a message
 * naming the variable, instead of failing later in front of an agent.
 *
 * With no WHATSAPP_ACCESS_TOKEN the connector runs in sandbox mode: a local
 * Cloud API simulator and a local OpenID provider stand in for Meta and for
 * the company's SSO, so `npm start` needs no account anywhere.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_MPS, MAX_MPS } from '@domain/rate-limit';
import type { SignatureConfig } from '@domain/signature';
import { TIMELINE_HOSTS } from '@domain/host-timeline';
import type { DatabaseConfig } from '../store/db';
import { parseHostProofs, parseSignature, type HostProofConfig } from './host-config';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/min';
import { businessNumbersFrom, type BusinessNumber } from './business-numbers';

/** Meta's Graph API with the version the connector speaks; override with GRAPH_API_URL. */
export const DEFAULT_GRAPH_API_URL = 'https://graph.facebook.com/v24.0';

/** The sandbox uses the ids and app secret of Meta's own samples (test/fixtures/cloud-api). */
export const SANDBOX_DEFAULTS = {
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '15550783881',
  wabaId: '102290129340398',
  appSecret: 'sandbox-app-secret-0123456789abcdef',
  verifyToken: 'go2msg-sandbox-verify-token',
  accessToken: 'sandbox-access-token',
  oidcClientId: 'go2msg-sandbox',
  /** The demo CRM vouches for its users like an in-house CRM would (HS256, a per-start secret). */
  demoCrmHost: 'crm:crm.acme.example',
  twilioAccountSid: 'AC5a4d0be0c1f34b7e9d2a6c8f1e3b5d70',
  twilioAuthToken: 'sandbox-twilio-auth-token-0123456789',
} as const;

/** Twilio's REST API; override with TWILIO_API_URL. */
export const DEFAULT_TWILIO_API_URL = 'https://api.twilio.com';

export interface RateLimitConfig {
  /** Sign-in popups started per minute from one address (each creates an attempt and a cookie session). */
  signInPerMinute: number;
  /** Refused sign-in calls per minute from one address (bad code, verifier, refresh token, host proof or bearer token). */
  authFailuresPerMinute: number;
  /** API calls per minute per teammate. */
  apiPerMinute: number;
  /** Uploads per minute per teammate. */
  uploadsPerMinute: number;
  /** Presence reports per minute per teammate (panels and inboxes open, typing). */
  presencePerMinute: number;
  /** Live streams open at once per bearer token. */
  streamsPerToken: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  signInPerMinute: 120,
  authFailuresPerMinute: 300,
  // 2,000 a second: above the benchmark's 1,000 sends a second from one teammate.
  apiPerMinute: 120_000,
  uploadsPerMinute: 120,
  // A panel reports 3 times a minute, and up to 20 more while its teammate types: ten panels typing at once fit.
  presencePerMinute: 300,
  streamsPerToken: 16,
};

export type Mode = 'sandbox' | 'live';

export const SIMULATOR_FAULTS = ['5xx', 'timeout', '130429', '131056'] as const;
export type SimulatorFault = (typeof SIMULATOR_FAULTS)[number];

export interface Config {
  mode: Mode;
  port: number;
  /** The demo CRM page's port, a different origin from the connector (sandbox only). */
  demoPort: number;
  /** Where the demo CRM page is served (sandbox only). */
  demoUrl: string;
  /** Where the connector is reachable by browsers and by Meta, without a trailing slash. */
  publicUrl: string;
  /** Exact origins of host pages allowed to call the API and receive sign-in messages. */
  allowedOrigins: string[];
  database: DatabaseConfig;
  whatsapp: {
    accessToken: string;
    /** The default number's id (the first of `numbers`): new conversations start from it unless the agent picks another. */
    phoneNumberId: string;
    displayPhoneNumber: string;
    /** Every number of the WABA this connector answers for, the default first (WHATSAPP_PHONE_NUMBERS). */
    numbers: BusinessNumber[];
    wabaId: string;
    appSecret: string;
    verifyToken: string;
    graphApiUrl: string;
    /** How long to wait for the Graph API before treating a call as unanswered. */
    timeoutMs: number;
  };
  oidc: {
    /** null in sandbox mode without OIDC_ISSUER: the built-in development provider is used. */
    issuer: string | null;
    clientId: string;
    clientSecret: string;
    /** Claim listing the user's groups, and the groups that make a teammate an admin. */
    groupsClaim: string;
    adminGroups: string[];
  };
  /** Where media files are kept (a shared volume when several instances run); always absolute. */
  mediaDir: string;
  outbox: {
    /** Messages per second for the sending number (Meta: 80 by default, up to 1,000 after upgrade). */
    mps: number;
    concurrency: number;
    /** A claim older than this is taken to be abandoned by a stopped instance. */
    leaseMs: number;
    /** After a send Meta may have received without answering, how long to wait for its status before sending again. */
    ambiguousGraceMs: number;
  };
  sandbox: {
    /** Share of simulator sends that fail on purpose (0–1), and how. */
    faultRate: number;
    faults: SimulatorFault[];
  };
  /** SMS through Twilio; null when not configured (live mode without TWILIO_ACCOUNT_SID). */
  sms: {
    accountSid: string;
    authToken: string;
    /** A Twilio number (E.164) or short code, unless a messaging service picks the sender. */
    from: string | null;
    messagingServiceSid: string | null;
    apiUrl: string;
  } | null;
  /** Message bodies are deleted this many days after they were written; null keeps them. */
  messageRetentionDays: number | null;
  /** The country of numbers typed or stored without a country code (DEFAULT_PHONE_COUNTRY); null refuses them. */
  defaultPhoneCountry: CountryCode | null;
  sessionSecret: string;
  /** Bearer tokens live this long (at most 15 minutes). */
  tokenTtlSeconds: number;
  /** A signed-in session renews silently for at most this long, then the teammate signs in again. */
  sessionMaxSeconds: number;
  /** A session whose panel stopped renewing (closed, asleep) for this long is over. */
  sessionIdleSeconds: number;
  /** Hosts that may vouch for their signed-in user (HOST_SECRETS, ZENDESK_SIGNED_URLS, SALESFORCE_CANVAS_SECRETS, HUBSPOT_APPS). */
  hostProofs: HostProofConfig[];
  /** Extra origins that may frame the host app pages (HOST_FRAME_ORIGINS); see config/adapter-config.ts. */
  hostFrameOrigins: string[];
  /** The signature customers see on free-text replies (SIGNATURE_MODE, SIGNATURE_FORMAT); off by default. */
  signature: SignatureConfig;
  /** Only a conversation's owner (or an admin) replies to its customer (CONVERSATION_OWNER_ONLY); off by default. */
  ownerOnly: boolean;
  /**
   * Automatic assignment (AUTO_ASSIGN, off by default): new and reopened conversations nobody owns go
   * round robin to teammates with a panel or inbox open, each up to `maxOpen` unresolved conversations
   * (AUTO_ASSIGN_MAX_OPEN); null when off.
   */
  autoAssign: { maxOpen: number } | null;
  /** Helpdesks and CRMs told of each conversation (issue 14); every part off unless configured. */
  hosts: HostsConfig;
  logLevel: string;
  /** Request limits (RATE_LIMIT_*; 0 turns one off). */
  rateLimits: RateLimitConfig;
  /**
   * Express's `trust proxy`: which hops in front may set X-Forwarded-For, so
   * `req.ip` (and the per-address limits) is the client's, not the proxy's.
   */
  trustProxy: boolean | number | string[];
  /** Templates, number health and business profile. */
  account: {
    /** How often templates, health and profile are synced from Meta; 0 turns the schedule off. */
    syncIntervalSeconds: number;
    /** The Meta app's id (uploads need it); looked up from the token when not set. */
    appId: string | null;
    /** Sandbox: how long the simulator takes to review a submitted template. */
    sandboxReviewSeconds: number;
  };
}

export interface HostsConfig {
  /** The signed outbound webhook (HOST_WEBHOOK_URL, HOST_WEBHOOK_SECRET); null when off. */
  webhook: { url: string; secret: string } | null;
  /**
   * Zendesk tickets (ZENDESK_URL, ZENDESK_EMAIL, ZENDESK_API_TOKEN, ZENDESK_WEBHOOK_SECRET); null when off.
   * `sandbox`: ZENDESK_URL=sandbox, the connector's own Zendesk simulator at /sandbox/zendesk.
   */
  zendesk: { url: string; email: string; apiToken: string; webhookSecret: string; sandbox: boolean } | null;
  /** Freshdesk tickets (FRESHDESK_URL, FRESHDESK_API_KEY, FRESHDESK_WEBHOOK_TOKEN); null when off; `sandbox` as for Zendesk. */
  freshdesk: { url: string; apiKey: string; webhookToken: string; sandbox: boolean } | null;
  /**
   * HubSpot help desk tickets (HUBSPOT_ACCESS_TOKEN, HUBSPOT_CLIENT_SECRET, HUBSPOT_URL, HUBSPOT_PIPELINE);
   * null when off; HUBSPOT_URL=sandbox: the connector's own HubSpot simulator at /sandbox/hubspot.
   */
  hubspot: { url: string; accessToken: string; clientSecret: string; pipeline: string; sandbox: boolean } | null;
  /**
   * Salesforce Cases (SALESFORCE_URL, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET, SALESFORCE_WEBHOOK_TOKEN);
   * null when off; SALESFORCE_URL=sandbox: the connector's own Salesforce simulator at /sandbox/salesforce.
   */
  salesforce: { url: string; clientId: string; clientSecret: string; webhookToken: string; sandbox: boolean } | null;
  /** Hosts whose records get later customer messages and agent replies as notes (HOST_TIMELINE: on, or host names; off by default). */
  timeline: string[];
  /** Each call to a host gives up after this long (HOST_TIMEOUT_MS). */
  timeoutMs: number;
  /** Deliveries in flight at once on each instance (HOST_OUTBOX_CONCURRENCY). */
  concurrency: number;
  /** A delivery claimed longer than this goes back in line (HOST_OUTBOX_LEASE_MS). */
  leaseMs: number;
}

/** The sandbox Zendesk's credentials: the simulator checks them like Zendesk would. */
export const ZENDESK_SANDBOX_DEFAULTS = {
  email: 'agent@sandbox.example',
  apiToken: 'sandbox-zendesk-api-token-0123456789',
  webhookSecret: 'sandbox-zendesk-webhook-signing-secret',
} as const;

/** The sandbox Freshdesk's credentials: the simulator checks them like Freshdesk would. */
export const FRESHDESK_SANDBOX_DEFAULTS = { apiKey: 'sandbox-freshdesk-api-key-0123', webhookToken: 'sandbox-freshdesk-webhook-token-0123456789' } as const;

/** The sandbox HubSpot's credentials: the simulator checks them like HubSpot would. */
export const HUBSPOT_SANDBOX_DEFAULTS = {
  accessToken: 'pat-na1-sandbox-hubspot-access-token-0123',
  clientSecret: 'sandbox-hubspot-client-secret-0123456789',
} as const;

/** The sandbox Salesforce org's External Client App: the simulator checks it like Salesforce would. */
export const SALESFORCE_SANDBOX_DEFAULTS = {
  clientId: '3MVG9sandbox.go2msg.consumer.key',
  clientSecret: 'sandbox-salesforce-consumer-secret-0123456789',
  webhookToken: 'sandbox-salesforce-webhook-token-0123456789',
} as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const url = z
  .string()
  .url()
  .transform((u) => u.replace(/\/+$/, ''));
const origin = z
  .string()
  .url()
  .refine((u) => new URL(u).origin === u.replace(/\/+$/, ''), 'must be an origin like https://acme.zendesk.com (no path)')
  .transform((u) => new URL(u).origin);
const port = z.coerce.number().int().min(0).max(65535);
const list = <T extends string>(item: z.ZodType<T, string>) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

const EnvSchema = z.object({
  PORT: port.default(8080),
  DEMO_PORT: port.optional(),
  PUBLIC_URL: url.optional(),
  ALLOWED_ORIGINS: list(origin).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  SQLITE_FILE: z.string().min(1).default('./data/go2msg.sqlite'),
  WHATSAPP_ACCESS_TOKEN: z.string().min(1).optional(),
  WHATSAPP_PHONE_NUMBER_ID: z.string().regex(/^\d+$/, 'must be the numeric phone number id').optional(),
  WHATSAPP_DISPLAY_PHONE_NUMBER: z.string().regex(/^\d+$/).optional(),
  WHATSAPP_PHONE_NUMBERS: z.string().min(1).optional(),
  WHATSAPP_WABA_ID: z.string().regex(/^\d+$/, 'must be the numeric WhatsApp Business Account id').optional(),
  WHATSAPP_APP_SECRET: z.string().min(8).optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().min(8).optional(),
  GRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  GRAPH_API_URL: url.refine((u) => /\/v\d+\.\d+$/.test(u), 'must end with the Graph version, e.g. https://graph.facebook.com/v24.0').optional(),
  OIDC_ISSUER: url.optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  OIDC_ADMIN_GROUPS: list(z.string()).default(['go2msg-admins']),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MEDIA_DIR: z.string().min(1).default('./data/media'),
  WHATSAPP_MPS: z.coerce.number().int().min(1).max(MAX_MPS, 'Meta allows at most 1,000 messages per second').default(DEFAULT_MPS),
  OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  OUTBOX_LEASE_MS: z.coerce.number().int().min(1_000).default(120_000),
  OUTBOX_AMBIGUOUS_GRACE_MS: z.coerce.number().int().min(500).default(60_000),
  SANDBOX_FAULT_RATE: z.coerce.number().min(0).max(1).default(0),
  SANDBOX_FAULTS: list(z.enum(SIMULATOR_FAULTS)).default([...SIMULATOR_FAULTS]),
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(900).default(900),
  // OWASP ASVS 4.0 §3.3.2 (level 2): sign in again at least every 12 hours.
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(16).max(1440).default(60),
  HOST_SECRETS: z.string().optional(),
  ZENDESK_SIGNED_URLS: z.string().optional(),
  SALESFORCE_CANVAS_SECRETS: z.string().optional(),
  HUBSPOT_APPS: z.string().optional(),
  HOST_FRAME_ORIGINS: list(origin).optional(),
  SIGNATURE_MODE: z.enum(['off', 'suffix', 'prefix']).default('off'),
  CONVERSATION_OWNER_ONLY: z.enum(['true', 'false']).default('false'),
  AUTO_ASSIGN: z.enum(['true', 'false']).default('false'),
  AUTO_ASSIGN_MAX_OPEN: z.coerce.number().int().min(1).max(1000).default(10),
  SIGNATURE_FORMAT: z.string().min(1).max(120).optional(),
  TEMPLATE_SYNC_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .default(900),
  WHATSAPP_APP_ID: z.string().regex(/^\d+$/, 'must be the numeric Meta app id').optional(),
  SANDBOX_TEMPLATE_REVIEW_SECONDS: z.coerce
    .number()
    .min(0)
    .max(24 * 3600)
    .default(10),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must be the account SID, AC followed by 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16, 'must be the account auth token').optional(),
  TWILIO_FROM: z
    .string()
    .regex(/^(\+[1-9]\d{7,14}|\d{3,8})$/, 'must be a Twilio number in E.164 (+15017122661) or a short code')
    .optional(),
  TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/, 'must be a messaging service SID, MG followed by 32 hex digits')
    .optional(),
  TWILIO_API_URL: url.optional(),
  MESSAGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  DEFAULT_PHONE_COUNTRY: z
    .string()
    .transform((c) => c.trim().toUpperCase())
    .refine((c) => /^[A-Z]{2}$/.test(c) && isSupportedCountry(c), 'must be a two-letter country code the numbering plan knows, e.g. BR, MX, GB, US')
    .optional(),
  RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.signInPerMinute),
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.authFailuresPerMinute),
  RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.apiPerMinute),
  RATE_LIMIT_UPLOADS_PER_MINUTE: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.uploadsPerMinute),
  RATE_LIMIT_PRESENCE_PER_MINUTE: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.presencePerMinute),
  RATE_LIMIT_STREAMS_PER_TOKEN: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.streamsPerToken),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d{1,2}|[\w.:/[\]-]+(\s*,\s*[\w.:/[\]-]+)*)$/,
      'must be true, false, a number of proxies, or comma-separated proxy addresses/subnets (e.g. 10.0.0.0/8, loopback)',
    )
    .optional(),
  HOST_WEBHOOK_URL: url.optional(),
  HOST_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  ZENDESK_URL: z
    .union([
      z.literal('sandbox'),
      url.refine(
        (u) => u.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(u),
        'must be https://<subdomain>.zendesk.com (or sandbox)',
      ),
    ])
    .optional(),
  ZENDESK_EMAIL: z.string().email('must be the email of the Zendesk agent the API token belongs to').optional(),
  ZENDESK_API_TOKEN: z.string().min(8).optional(),
  ZENDESK_WEBHOOK_SECRET: z.string().min(8, "must be the Zendesk webhook's signing secret").optional(),
  FRESHDESK_URL: z
    .union([
      z.literal('sandbox'),
      url.refine(
        (u) => u.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(u),
        'must be https://<domain>.freshdesk.com (or sandbox)',
      ),
    ])
    .optional(),
  FRESHDESK_API_KEY: z.string().min(8, "must be the agent's Freshdesk API key").optional(),
  FRESHDESK_WEBHOOK_TOKEN: z.string().min(24, 'must be at least 24 characters (e.g. openssl rand -hex 24)').optional(),
  HUBSPOT_URL: z
    .union([
      z.literal('sandbox'),
      url.refine((u) => u.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(u), 'must be https://api.hubapi.com (or sandbox)'),
    ])
    .optional(),
  HUBSPOT_ACCESS_TOKEN: z.string().min(8, "must be the HubSpot app's access token (or a service key)").optional(),
  HUBSPOT_CLIENT_SECRET: z.string().min(8, "must be the HubSpot app's client secret, which signs its webhooks").optional(),
  HUBSPOT_PIPELINE: z.string().min(1).max(64).default('0'),
  SALESFORCE_URL: z
    .union([
      z.literal('sandbox'),
      url.refine(
        (u) => u.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(u),
        "must be your org's My Domain URL, https://<domain>.my.salesforce.com (or sandbox)",
      ),
    ])
    .optional(),
  SALESFORCE_CLIENT_ID: z.string().min(8, "must be the External Client App's consumer key").optional(),
  SALESFORCE_CLIENT_SECRET: z.string().min(8, "must be the External Client App's consumer secret").optional(),
  SALESFORCE_WEBHOOK_TOKEN: z.string().min(24, 'must be at least 24 characters (e.g. openssl rand -hex 24)').optional(),
  HOST_TIMELINE: z
    .string()
    .trim()
    .toLowerCase()
    .refine(
      (v) => ['on', 'off', ''].includes(v) || v.split(',').every((h) => (TIMELINE_HOSTS as readonly string[]).includes(h.trim())),
      `must be on, off, or host names among ${TIMELINE_HOSTS.join(', ')} (comma-separated)`,
    )
    .optional(),
  HOST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  HOST_OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  HOST_OUTBOX_LEASE_MS: z.coerce.number().int().min(1_000).default(120_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

type Env = Record<string, string | undefined>;

const LIVE_REQUIRED = [
  'WHATSAPP_WABA_ID',
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_VERIFY_TOKEN',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'PUBLIC_URL',
  'ALLOWED_ORIGINS',
] as const;

/**
 * `cwd` anchors the relative defaults (`./data/…`): paths are made absolute
 * here, once, because Express's `sendFile` refuses a relative path and the
 * media route would answer 500 for every file.
 */
export function loadConfig(rawEnv: Env, cwd: string = process.cwd()): Config {
  // An empty variable means "not set", as in most shells' `FOO= npm start`.
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const mode: Mode = e.WHATSAPP_ACCESS_TOKEN ? 'live' : 'sandbox';
  if (mode === 'live') {
    const missing = LIVE_REQUIRED.filter((name) => e[name] === undefined).map((name) => `${name}: required when WHATSAPP_ACCESS_TOKEN is set (live mode)`);
    if (!e.WHATSAPP_PHONE_NUMBER_ID && !e.WHATSAPP_PHONE_NUMBERS)
      missing.unshift('WHATSAPP_PHONE_NUMBER_ID (or WHATSAPP_PHONE_NUMBERS for several numbers): required when WHATSAPP_ACCESS_TOKEN is set (live mode)');
    if (missing.length) throw new ConfigError(missing);
  }
  const business = businessNumbersFrom(e);
  if (business.problems.length) throw new ConfigError(business.problems);
  const primaryNumber = business.numbers[0]!;
  if (e.OIDC_ISSUER && (!e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET)) {
    throw new ConfigError(['OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: required with OIDC_ISSUER']);
  }

  const hostProofs = parseHostProofs({
    HOST_SECRETS: e.HOST_SECRETS,
    ZENDESK_SIGNED_URLS: e.ZENDESK_SIGNED_URLS,
    SALESFORCE_CANVAS_SECRETS: e.SALESFORCE_CANVAS_SECRETS,
    HUBSPOT_APPS: e.HUBSPOT_APPS,
  });
  if (hostProofs.problems.length) throw new ConfigError(hostProofs.problems);
  const twilioProblems = twilioConfigProblems(e);
  if (twilioProblems.length) throw new ConfigError(twilioProblems);
  const hostProblems = hostConfigProblems(e);
  if (mode === 'live' && e.FRESHDESK_URL === 'sandbox')
    hostProblems.push('FRESHDESK_URL: sandbox is the simulator, for sandbox mode only; set your https://<domain>.freshdesk.com');
  if (mode === 'live' && e.SALESFORCE_URL === 'sandbox')
    hostProblems.push("SALESFORCE_URL: sandbox is the simulator, for sandbox mode only; set your org's https://<domain>.my.salesforce.com");
  if (mode === 'live' && e.HUBSPOT_URL === 'sandbox')
    hostProblems.push('HUBSPOT_URL: sandbox is the simulator, for sandbox mode only; unset it for https://api.hubapi.com');
  if (mode === 'live' && e.ZENDESK_URL === 'sandbox')
    hostProblems.push('ZENDESK_URL: sandbox is the simulator, for sandbox mode only; set your https://<subdomain>.zendesk.com');
  if (hostProblems.length) throw new ConfigError(hostProblems);

  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  if (mode === 'sandbox' && !hostProofs.hosts.some((h) => h.host === SANDBOX_DEFAULTS.demoCrmHost)) {
    hostProofs.hosts.push({ kind: 'host-jwt', host: SANDBOX_DEFAULTS.demoCrmHost, secret: randomBytes(32).toString('base64url') });
  }
  const demoPort = e.DEMO_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1);
  const demoUrl = `http://${new URL(publicUrl).hostname}:${demoPort}`;
  const sandboxOrigins = [...new Set([demoUrl, `http://localhost:${demoPort}`, `http://127.0.0.1:${demoPort}`])];

  return {
    mode,
    port: e.PORT,
    demoPort,
    demoUrl,
    publicUrl,
    allowedOrigins: e.ALLOWED_ORIGINS ?? (mode === 'sandbox' ? sandboxOrigins : []),
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'sqlite', filename: e.SQLITE_FILE === ':memory:' ? e.SQLITE_FILE : resolve(cwd, e.SQLITE_FILE) },
    whatsapp: {
      accessToken: e.WHATSAPP_ACCESS_TOKEN ?? SANDBOX_DEFAULTS.accessToken,
      phoneNumberId: primaryNumber.id,
      displayPhoneNumber: primaryNumber.displayPhoneNumber ?? e.WHATSAPP_DISPLAY_PHONE_NUMBER ?? SANDBOX_DEFAULTS.displayPhoneNumber,
      numbers: business.numbers,
      wabaId: e.WHATSAPP_WABA_ID ?? SANDBOX_DEFAULTS.wabaId,
      appSecret: e.WHATSAPP_APP_SECRET ?? SANDBOX_DEFAULTS.appSecret,
      verifyToken: e.WHATSAPP_VERIFY_TOKEN ?? SANDBOX_DEFAULTS.verifyToken,
      graphApiUrl: e.GRAPH_API_URL ?? (mode === 'sandbox' ? `${publicUrl}/graph/v24.0` : DEFAULT_GRAPH_API_URL),
      timeoutMs: e.GRAPH_TIMEOUT_MS,
    },
    oidc: {
      issuer: e.OIDC_ISSUER ?? null,
      clientId: e.OIDC_CLIENT_ID ?? SANDBOX_DEFAULTS.oidcClientId,
      // The sandbox provider runs in this process; a fresh secret per start is enough.
      clientSecret: e.OIDC_CLIENT_SECRET ?? randomBytes(24).toString('base64url'),
      groupsClaim: e.OIDC_GROUPS_CLAIM,
      adminGroups: e.OIDC_ADMIN_GROUPS,
    },
    mediaDir: resolve(cwd, e.MEDIA_DIR),
    outbox: { mps: e.WHATSAPP_MPS, concurrency: e.OUTBOX_CONCURRENCY, leaseMs: e.OUTBOX_LEASE_MS, ambiguousGraceMs: e.OUTBOX_AMBIGUOUS_GRACE_MS },
    sandbox: { faultRate: e.SANDBOX_FAULT_RATE, faults: e.SANDBOX_FAULTS },
    sms: e.TWILIO_ACCOUNT_SID
      ? {
          accountSid: e.TWILIO_ACCOUNT_SID,
          authToken: e.TWILIO_AUTH_TOKEN!,
          from: e.TWILIO_FROM ?? null,
          messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID ?? null,
          apiUrl: e.TWILIO_API_URL ?? DEFAULT_TWILIO_API_URL,
        }
      : mode === 'sandbox'
        ? {
            // The sandbox's SMS simulator (connector/sandbox/sms) stands in for Twilio.
            accountSid: SANDBOX_DEFAULTS.twilioAccountSid,
            authToken: SANDBOX_DEFAULTS.twilioAuthToken,
            from: `+${e.WHATSAPP_DISPLAY_PHONE_NUMBER ?? SANDBOX_DEFAULTS.displayPhoneNumber}`,
            messagingServiceSid: null,
            apiUrl: e.TWILIO_API_URL ?? `${publicUrl}/sandbox/sms`,
          }
        : null,
    messageRetentionDays: e.MESSAGE_RETENTION_DAYS ?? null,
    defaultPhoneCountry: (e.DEFAULT_PHONE_COUNTRY as CountryCode | undefined) ?? null,
    sessionSecret: e.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    sessionMaxSeconds: e.SESSION_MAX_HOURS * 3600,
    sessionIdleSeconds: e.SESSION_IDLE_MINUTES * 60,
    hostProofs: hostProofs.hosts,
    hostFrameOrigins: e.HOST_FRAME_ORIGINS ?? [],
    signature: parseSignature(e.SIGNATURE_MODE, e.SIGNATURE_FORMAT),
    ownerOnly: e.CONVERSATION_OWNER_ONLY === 'true',
    autoAssign: e.AUTO_ASSIGN === 'true' ? { maxOpen: e.AUTO_ASSIGN_MAX_OPEN } : null,
    hosts: {
      webhook: e.HOST_WEBHOOK_URL ? { url: e.HOST_WEBHOOK_URL, secret: e.HOST_WEBHOOK_SECRET! } : null,
      zendesk: !e.ZENDESK_URL
        ? null
        : e.ZENDESK_URL === 'sandbox'
          ? { url: `${publicUrl}/sandbox/zendesk`, ...ZENDESK_SANDBOX_DEFAULTS, sandbox: true }
          : { url: e.ZENDESK_URL, email: e.ZENDESK_EMAIL!, apiToken: e.ZENDESK_API_TOKEN!, webhookSecret: e.ZENDESK_WEBHOOK_SECRET!, sandbox: false },
      freshdesk: !e.FRESHDESK_URL
        ? null
        : e.FRESHDESK_URL === 'sandbox'
          ? { url: `${publicUrl}/sandbox/freshdesk`, ...FRESHDESK_SANDBOX_DEFAULTS, sandbox: true }
          : { url: e.FRESHDESK_URL, apiKey: e.FRESHDESK_API_KEY!, webhookToken: e.FRESHDESK_WEBHOOK_TOKEN!, sandbox: false },
      hubspot:
        e.HUBSPOT_URL === 'sandbox'
          ? { url: `${publicUrl}/sandbox/hubspot`, ...HUBSPOT_SANDBOX_DEFAULTS, pipeline: e.HUBSPOT_PIPELINE, sandbox: true }
          : e.HUBSPOT_ACCESS_TOKEN
            ? {
                url: e.HUBSPOT_URL ?? 'https://api.hubapi.com',
                accessToken: e.HUBSPOT_ACCESS_TOKEN,
                clientSecret: e.HUBSPOT_CLIENT_SECRET!,
                pipeline: e.HUBSPOT_PIPELINE,
                sandbox: false,
              }
            : null,
      salesforce: !e.SALESFORCE_URL
        ? null
        : e.SALESFORCE_URL === 'sandbox'
          ? { url: `${publicUrl}/sandbox/salesforce`, ...SALESFORCE_SANDBOX_DEFAULTS, sandbox: true }
          : {
              url: e.SALESFORCE_URL,
              clientId: e.SALESFORCE_CLIENT_ID!,
              clientSecret: e.SALESFORCE_CLIENT_SECRET!,
              webhookToken: e.SALESFORCE_WEBHOOK_TOKEN!,
              sandbox: false,
            },
      timeline:
        !e.HOST_TIMELINE || e.HOST_TIMELINE === 'off' ? [] : e.HOST_TIMELINE === 'on' ? [...TIMELINE_HOSTS] : e.HOST_TIMELINE.split(',').map((h) => h.trim()),
      timeoutMs: e.HOST_TIMEOUT_MS,
      concurrency: e.HOST_OUTBOX_CONCURRENCY,
      leaseMs: e.HOST_OUTBOX_LEASE_MS,
    },
    logLevel: e.LOG_LEVEL,
    rateLimits: {
      signInPerMinute: e.RATE_LIMIT_SIGN_IN_PER_MINUTE,
      authFailuresPerMinute: e.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
      apiPerMinute: e.RATE_LIMIT_API_PER_MINUTE,
      uploadsPerMinute: e.RATE_LIMIT_UPLOADS_PER_MINUTE,
      presencePerMinute: e.RATE_LIMIT_PRESENCE_PER_MINUTE,
      streamsPerToken: e.RATE_LIMIT_STREAMS_PER_TOKEN,
    },
    trustProxy: parseTrustProxy(e.TRUST_PROXY, publicUrl),
    account: {
      syncIntervalSeconds: e.TEMPLATE_SYNC_INTERVAL_SECONDS,
      appId: e.WHATSAPP_APP_ID ?? null,
      sandboxReviewSeconds: e.SANDBOX_TEMPLATE_REVIEW_SECONDS,
    },
  };
}

/**
 * TRUST_PROXY, or by default one hop when PUBLIC_URL is https (the connector
 * serves no TLS itself, so something in front terminates it) and none otherwise.
 */
function parseTrustProxy(value: string | undefined, publicUrl: string): Config['trustProxy'] {
  if (value === undefined) return publicUrl.startsWith('https://') ? 1 : false;
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** SMS needs the account, its token and a sender together; a partial setup is refused at start. */
function twilioConfigProblems(e: z.infer<typeof EnvSchema>): string[] {
  if (!e.TWILIO_ACCOUNT_SID) {
    const stray = (['TWILIO_AUTH_TOKEN', 'TWILIO_FROM', 'TWILIO_MESSAGING_SERVICE_SID'] as const).filter((name) => e[name] !== undefined);
    return stray.map((name) => `TWILIO_ACCOUNT_SID: required with ${name}`);
  }
  const problems: string[] = [];
  if (!e.TWILIO_AUTH_TOKEN) problems.push('TWILIO_AUTH_TOKEN: required with TWILIO_ACCOUNT_SID');
  if (!e.TWILIO_FROM && !e.TWILIO_MESSAGING_SERVICE_SID) problems.push('TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID: one is required with TWILIO_ACCOUNT_SID');
  return problems;
}

/** A host is configured whole or not at all: a webhook without its secret, or Zendesk without its token, is refused at start. */
function hostConfigProblems(e: z.infer<typeof EnvSchema>): string[] {
  const problems: string[] = [];
  if (e.HOST_WEBHOOK_URL && !e.HOST_WEBHOOK_SECRET) problems.push('HOST_WEBHOOK_SECRET: required with HOST_WEBHOOK_URL (receivers verify every event with it)');
  if (e.HOST_WEBHOOK_SECRET && !e.HOST_WEBHOOK_URL) problems.push('HOST_WEBHOOK_URL: required with HOST_WEBHOOK_SECRET');
  if (e.ZENDESK_URL && e.ZENDESK_URL !== 'sandbox') {
    for (const name of ['ZENDESK_EMAIL', 'ZENDESK_API_TOKEN', 'ZENDESK_WEBHOOK_SECRET'] as const)
      if (!e[name]) problems.push(`${name}: required with ZENDESK_URL`);
  }
  if (!e.ZENDESK_URL) {
    for (const name of ['ZENDESK_EMAIL', 'ZENDESK_API_TOKEN', 'ZENDESK_WEBHOOK_SECRET'] as const)
      if (e[name]) problems.push(`ZENDESK_URL: required with ${name}`);
  }
  if (e.FRESHDESK_URL && e.FRESHDESK_URL !== 'sandbox') {
    for (const name of ['FRESHDESK_API_KEY', 'FRESHDESK_WEBHOOK_TOKEN'] as const) if (!e[name]) problems.push(`${name}: required with FRESHDESK_URL`);
  }
  if (!e.FRESHDESK_URL) {
    for (const name of ['FRESHDESK_API_KEY', 'FRESHDESK_WEBHOOK_TOKEN'] as const) if (e[name]) problems.push(`FRESHDESK_URL: required with ${name}`);
  }
  const salesforceVariables = ['SALESFORCE_CLIENT_ID', 'SALESFORCE_CLIENT_SECRET', 'SALESFORCE_WEBHOOK_TOKEN'] as const;
  if (e.SALESFORCE_URL && e.SALESFORCE_URL !== 'sandbox') {
    for (const name of salesforceVariables) if (!e[name]) problems.push(`${name}: required with SALESFORCE_URL`);
  }
  if (!e.SALESFORCE_URL) {
    for (const name of salesforceVariables) if (e[name]) problems.push(`SALESFORCE_URL: required with ${name}`);
  }
  if (e.HUBSPOT_URL !== 'sandbox') {
    if (e.HUBSPOT_ACCESS_TOKEN && !e.HUBSPOT_CLIENT_SECRET)
      problems.push("HUBSPOT_CLIENT_SECRET: required with HUBSPOT_ACCESS_TOKEN (the app's client secret verifies HubSpot's webhooks)");
    if (!e.HUBSPOT_ACCESS_TOKEN && (e.HUBSPOT_CLIENT_SECRET || e.HUBSPOT_URL))
      problems.push(`HUBSPOT_ACCESS_TOKEN: required with ${e.HUBSPOT_URL ? 'HUBSPOT_URL' : 'HUBSPOT_CLIENT_SECRET'}`);
  }
  return problems;
}

/** Development defaults that are fine on a laptop and wrong in production, said once at start. */
export function configWarnings(config: Config, env: Env): string[] {
  const warnings: string[] = [];
  if (config.mode === 'live' && !env.SESSION_SECRET) {
    warnings.push('SESSION_SECRET is not set: sign-in popups break when several connector instances share a load balancer.');
  }
  if (config.mode === 'live' && config.database.kind === 'sqlite') {
    warnings.push('DATABASE_URL is not set: using an SQLite file; run one instance only.');
  }
  if (config.trustProxy === true) {
    warnings.push(
      'TRUST_PROXY=true trusts any X-Forwarded-For: a client can pick its own address and escape the per-address limits. Name the number of proxies or their addresses instead.',
    );
  }
  if (config.mode === 'live' && !config.publicUrl.startsWith('https://')) {
    warnings.push('PUBLIC_URL is not https: Meta only delivers webhooks to https URLs, and sign-in tokens would cross the network in clear.');
  }
  return warnings;
}
