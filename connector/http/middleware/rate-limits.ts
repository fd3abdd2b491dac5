/**
 * The connector's request limits (issue 11 §5), with express-rate-limit: per
 * network address where nobody is signed in yet (sign-in popups; refused
 * code redemptions, polls, refreshes and host proofs), per teammate once they are
 * (every API call; uploads; presence reports), and concurrent live streams per bearer token.
 * A refused request gets 429, Retry-After and TOO_MANY_REQUESTS naming the
 * limit and the setting that raises it.
 *
 * The defaults are far above what a team does (an agent reloading panels, the
 * benchmark's 1,000 sends a second from one teammate) and far below what a
 * script does. Counters live in each instance's memory: behind a load
 * balancer with N instances a client can make up to N times a limit.
 * Addresses come from `req.ip`, so TRUST_PROXY must name the proxies in
 * front (see README), or every client shares the proxy's address.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import type { Logger } from 'pino';
import { DomainError } from '@domain/errors';
import { sha256Hex } from '../../auth/secrets';
import type { RateLimitConfig } from '../../config/config';

export interface RateLimits {
  signIn: RequestHandler;
  authFailures: RequestHandler;
  api: RequestHandler;
  uploads: RequestHandler;
  presence: RequestHandler;
  streams: RequestHandler;
}

const MINUTE_MS = 60_000;
const pass: RequestHandler = (_req, _res, next) => next();

function limiter(log: Logger, limit: number, refusal: { what: string; per: string; setting: string }, options: Partial<Options> = {}): RequestHandler {
  if (limit <= 0) return pass;
  return rateLimit({
    windowMs: MINUTE_MS,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Preflights carry no credentials and cost nothing; counting them would halve a browser's allowance.
    skip: (req) => req.method === 'OPTIONS',
    handler: (req: Request, res: Response, next: NextFunction) => {
      const retryAfter = Number(res.getHeader('retry-after')) || 60;
      log.warn({ limit: refusal.setting, ip: req.ip, path: req.path }, 'rate limit: request refused');
      next(new DomainError('TOO_MANY_REQUESTS', { limit, ...refusal, retryAfter }));
    },
    logger: {
      error: (error, message) => log.error({ err: error }, message ?? 'rate limit: error'),
      warn: (error, message) => log.warn({ err: error }, message ?? 'rate limit: warning'),
    },
    ...options,
  });
}

const byAddress = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');
const byTeammate = (_req: Request, res: Response) => `teammate:${res.locals.teammate.id}`;

export function createRateLimits(config: RateLimitConfig, log: Logger): RateLimits {
  return {
    signIn: limiter(
      log,
      config.signInPerMinute,
      { what: 'sign-ins', per: 'from one network address', setting: 'RATE_LIMIT_SIGN_IN_PER_MINUTE' },
      { keyGenerator: byAddress },
    ),
    authFailures: limiter(
      log,
      config.authFailuresPerMinute,
      { what: 'refused sign-in attempts', per: 'from one network address', setting: 'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE' },
      {
        keyGenerator: byAddress,
        // Only the client's failures (4xx) count: a team's good requests never use this budget up,
        // and neither does the connector's own trouble (5xx, e.g. the identity provider unreachable).
        skipSuccessfulRequests: true,
        requestWasSuccessful: (_req, res) => res.statusCode < 400 || res.statusCode >= 500,
      },
    ),
    api: limiter(log, config.apiPerMinute, { what: 'requests', per: 'per teammate', setting: 'RATE_LIMIT_API_PER_MINUTE' }, { keyGenerator: byTeammate }),
    uploads: limiter(
      log,
      config.uploadsPerMinute,
      { what: 'uploads', per: 'per teammate', setting: 'RATE_LIMIT_UPLOADS_PER_MINUTE' },
      { keyGenerator: byTeammate },
    ),
    // Repeats are cheap (not written again: services/inbox/presence.ts), but each still reads who is there.
    presence: limiter(
      log,
      config.presencePerMinute,
      { what: 'presence reports', per: 'per teammate', setting: 'RATE_LIMIT_PRESENCE_PER_MINUTE' },
      { keyGenerator: byTeammate },
    ),
    streams: concurrentStreams(config.streamsPerToken),
  };
}

/** Counts a token's open streams on this instance; a stream's slot is freed when its connection closes. */
function concurrentStreams(max: number): RequestHandler {
  if (max <= 0) return pass;
  const open = new Map<string, number>();
  return (_req, res, next) => {
    // The digest, not the token: the map outlives the request and should hold no secret.
    const key = sha256Hex(res.locals.bearerToken);
    const count = open.get(key) ?? 0;
    if (count >= max) {
      next(new DomainError('TOO_MANY_STREAMS', { limit: max, setting: 'RATE_LIMIT_STREAMS_PER_TOKEN' }));
      return;
    }
    open.set(key, count + 1);
    res.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
    next();
  };
}
