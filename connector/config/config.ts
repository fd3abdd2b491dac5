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
import { z } from 'zod';
import type { DatabaseConfig } from '../store/db';

/** Meta's Graph API with the version the connector speaks; override with GRAPH_API_URL. */
export const DEFAULT_GRAPH_API_URL = 'https://graph.facebook.com/v24.0';

/** The sandbox uses the ids and app secret of Meta's own samples (shared/reference/cloud-api). */
export const SANDBOX_DEFAULTS = {
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '15550783881',
  wabaId: '102290129340398',
  appSecret: 'sandbox-app-secret-0123456789abcdef',
  verifyToken: 'go2msg-sandbox-verify-token',
  accessToken: 'sandbox-access-token',
  oidcClientId: 'go2msg-sandbox',
  twilioAccountSid: 'AC5a4d0be0c1f34b7e9d2a6c8f1e3b5d70',
  twilioAuthToken: 'sandbox-twilio-auth-token-0123456789',
} as const;

/** Twilio's REST API; override with TWILIO_API_URL. */
export const DEFAULT_TWILIO_API_URL = 'https://api.twilio.com';

export type Mode = 'sandbox' | 'live';

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
    phoneNumberId: string;
    displayPhoneNumber: string;
    wabaId: string;
    appSecret: string;
    verifyToken: string;
    graphApiUrl: string;
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
  sessionSecret: string;
  /** Bearer tokens live this long (at most 15 minutes). */
  tokenTtlSeconds: number;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const url = z.string().url().transform((u) => u.replace(/\/+$/, ''));
const origin = z
  .string()
  .url()
  .refine((u) => new URL(u).origin === u.replace(/\/+$/, ''), 'must be an origin like https://acme.zendesk.com (no path)')
  .transform((u) => new URL(u).origin);
const port = z.coerce.number().int().min(0).max(65535);
const list = (item: z.ZodType<string, string>) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item));

const EnvSchema = z.object({
  PORT: port.default(8080),
  DEMO_PORT: port.optional(),
  PUBLIC_URL: url.optional(),
  ALLOWED_ORIGINS: list(origin).optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  SQLITE_FILE: z.string().min(1).default('./data/go2msg.sqlite'),
  WHATSAPP_ACCESS_TOKEN: z.string().min(1).optional(),
  WHATSAPP_PHONE_NUMBER_ID: z.string().regex(/^\d+$/, 'must be the numeric phone number id').optional(),
  WHATSAPP_DISPLAY_PHONE_NUMBER: z.string().regex(/^\d+$/).optional(),
  WHATSAPP_WABA_ID: z.string().regex(/^\d+$/, 'must be the numeric WhatsApp Business Account id').optional(),
  WHATSAPP_APP_SECRET: z.string().min(8).optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().min(8).optional(),
  GRAPH_API_URL: url.refine((u) => /\/v\d+\.\d+$/.test(u), 'must end with the Graph version, e.g. https://graph.facebook.com/v24.0').optional(),
  OIDC_ISSUER: url.optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  OIDC_ADMIN_GROUPS: list(z.string()).default(['go2msg-admins']),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(900).default(900),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be the account SID, AC followed by 32 hex digits').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16, 'must be the account auth token').optional(),
  TWILIO_FROM: z.string().regex(/^(\+[1-9]\d{7,14}|\d{3,8})$/, 'must be a Twilio number in E.164 (+15017122661) or a short code').optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'must be a messaging service SID, MG followed by 32 hex digits').optional(),
  TWILIO_API_URL: url.optional(),
  MESSAGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

type Env = Record<string, string | undefined>;

const LIVE_REQUIRED = [
  'WHATSAPP_PHONE_NUMBER_ID',
  'WHATSAPP_WABA_ID',
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_VERIFY_TOKEN',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'PUBLIC_URL',
  'ALLOWED_ORIGINS',
] as const;

export function loadConfig(rawEnv: Env): Config {
  // An empty variable means "not set", as in most shells' `FOO= npm start`.
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const mode: Mode = e.WHATSAPP_ACCESS_TOKEN ? 'live' : 'sandbox';
  if (mode === 'live') {
    const missing = LIVE_REQUIRED.filter((name) => e[name] === undefined);
    if (missing.length) throw new ConfigError(missing.map((name) => `${name}: required when WHATSAPP_ACCESS_TOKEN is set (live mode)`));
  }
  if (e.OIDC_ISSUER && (!e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET)) {
    throw new ConfigError(['OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: required with OIDC_ISSUER']);
  }

  const twilioProblems = twilioConfigProblems(e);
  if (twilioProblems.length) throw new ConfigError(twilioProblems);

  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
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
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'sqlite', filename: e.SQLITE_FILE },
    whatsapp: {
      accessToken: e.WHATSAPP_ACCESS_TOKEN ?? SANDBOX_DEFAULTS.accessToken,
      phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID ?? SANDBOX_DEFAULTS.phoneNumberId,
      displayPhoneNumber: e.WHATSAPP_DISPLAY_PHONE_NUMBER ?? SANDBOX_DEFAULTS.displayPhoneNumber,
      wabaId: e.WHATSAPP_WABA_ID ?? SANDBOX_DEFAULTS.wabaId,
      appSecret: e.WHATSAPP_APP_SECRET ?? SANDBOX_DEFAULTS.appSecret,
      verifyToken: e.WHATSAPP_VERIFY_TOKEN ?? SANDBOX_DEFAULTS.verifyToken,
      graphApiUrl: e.GRAPH_API_URL ?? (mode === 'sandbox' ? `${publicUrl}/graph/v24.0` : DEFAULT_GRAPH_API_URL),
    },
    oidc: {
      issuer: e.OIDC_ISSUER ?? null,
      clientId: e.OIDC_CLIENT_ID ?? SANDBOX_DEFAULTS.oidcClientId,
      // The sandbox provider runs in this process; a fresh secret per start is enough.
      clientSecret: e.OIDC_CLIENT_SECRET ?? randomBytes(24).toString('base64url'),
      groupsClaim: e.OIDC_GROUPS_CLAIM,
      adminGroups: e.OIDC_ADMIN_GROUPS,
    },
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
    sessionSecret: e.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    logLevel: e.LOG_LEVEL,
  };
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

/** Development defaults that are fine on a laptop and wrong in production, said once at start. */
export function configWarnings(config: Config, env: Env): string[] {
  const warnings: string[] = [];
  if (config.mode === 'live' && !env.SESSION_SECRET) {
    warnings.push('SESSION_SECRET is not set: sign-in popups break when several connector instances share a load balancer.');
  }
  if (config.mode === 'live' && config.database.kind === 'sqlite') {
    warnings.push('DATABASE_URL is not set: using an SQLite file; run one instance only.');
  }
  if (config.mode === 'live' && !config.publicUrl.startsWith('https://')) {
    warnings.push('PUBLIC_URL is not https: Meta only delivers webhooks to https URLs, and sign-in tokens would cross the network in clear.');
  }
  return warnings;
}
