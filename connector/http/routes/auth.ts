/**
 * Sign-in for the panel (reference/embedding.md §3.3).
 *
 * GET  /auth/popup?attempt=&challenge=&origin=[&account=choose]   opened by the panel in a popup; starts SSO
 * GET  /auth/callback                             the identity provider returns here
 * GET  /auth/signed-out                           the identity provider returns here after logout
 * POST /auth/token  {attempt, code, verifier, linkTicket?}   the panel redeems the one-time code
 * POST /auth/attempts/{attempt} {verifier, confirmationCode?, linkTicket?}   the panel polls when the popup lost its opener
 * POST /auth/refresh {refreshToken}               a new token pair before the bearer token ends
 * POST /auth/host-session {host, proof}           sign-in vouched for by a linked host
 * POST /auth/logout                               ends the session (and says how to end the provider's)
 *
 * SSO runs in the popup, where the connector is first-party and its session
 * cookie survives; the panel itself only ever holds short-lived tokens.
 */
import express from 'express';
import session from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type passport from 'passport';
import type { Logger } from 'pino';
import { z } from 'zod';
import { DomainError, ERROR_CODES, type ErrorCode } from '@domain/errors';
import { startHostSession } from '../../auth/host-session';
import type { HostProofs } from '../../auth/host-proofs/index';
import type { SsoClient, SsoUser } from '../../auth/oidc';
import { ssoRefusal, type SsoFailure } from '../../auth/sso-answer';
import { beginAttempt, issueCode, pollAttempt, recordFailure, redeemCode } from '../../auth/sign-in-codes';
import { refreshSession, signOut, type SignInDeps } from '../../auth/sessions';
import { findAttempt } from '../../store/sign-in';
import { html } from '../../web/html';
import { apiCors } from '../middleware/cors';
import { requireTeammate } from '../middleware/require-teammate';
import { confirmationBlock, finishPage, SIGN_IN_ERROR_MESSAGE, SIGN_IN_MESSAGE, signedOutPage } from './auth-pages';
import { parseBody } from '../../web/parse-body';

export { SIGN_IN_ERROR_MESSAGE, SIGN_IN_MESSAGE } from './auth-pages';

declare module 'express-session' {
  interface SessionData {
    signInAttempt?: string;
  }
}

const secret = z.string().min(20).max(200);
const verifier = z.string().min(43).max(128);
const TokenRequest = z.strictObject({ attempt: z.string().min(1).max(128), code: z.string().min(1).max(128), verifier, linkTicket: secret.optional() });
const PollRequest = z.strictObject({ verifier, confirmationCode: z.string().min(1).max(32).optional(), linkTicket: secret.optional() });
const RefreshRequest = z.strictObject({ refreshToken: secret });
const HostSessionRequest = z.strictObject({ host: z.string().min(3).max(300), proof: z.string().min(10).max(16_384) });

export const SIGNED_OUT_PATH = '/auth/signed-out';

export interface AuthRouterDeps {
  signIn: SignInDeps;
  sso: SsoClient;
  hostProofs: HostProofs;
  allowedOrigins: string[];
  publicUrl: string;
  sessionSecret: string;
  secureCookies: boolean;
  log?: Logger;
}

/** A refusal as the popup and the panel show it: the domain's code, a reason, what to do. */
function refusal(code: string | undefined, reason: string): DomainError {
  const known = code && code in ERROR_CODES ? (code as ErrorCode) : 'UNAUTHENTICATED';
  return new DomainError(known, { reason });
}

export function authRouter(deps: AuthRouterDeps): express.Router {
  const router = express.Router();
  const allowed = new Set(deps.allowedOrigins);
  const sessions = session({
    name: 'go2msg.sid',
    secret: deps.sessionSecret,
    resave: false,
    saveUninitialized: false,
    store: new ConnectSessionKnexStore({
      knex: deps.signIn.db,
      tableName: 'http_sessions',
      createTable: false,
      cleanupInterval: 60_000,
      // Its cleanup timer outlives a stopped connector (the database is closed by then): nothing to say about that.
      onDbCleanupError: (error: unknown) => {
        if (!/Unable to acquire a connection/.test(String(error))) deps.log?.warn({ err: error }, 'sign-in sessions: cleanup failed; will try again');
      },
    }),
    // Lax: the identity provider's redirect back to /auth/callback is a top-level GET.
    cookie: { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, maxAge: 10 * 60_000, path: '/auth' },
  });

  router.get('/auth/popup', sessions, async (req, res, next) => {
    const { attempt, challenge, origin } = req.query;
    if (typeof origin !== 'string' || !allowed.has(origin)) {
      finishPage(
        res,
        403,
        'Sign-in refused',
        html`<h1>Sign-in refused</h1><p class="error">This page is not allowed to sign in to go2msg.</p><p class="muted">An admin can add its origin to ALLOWED_ORIGINS.</p>`,
        null,
        null,
      );
      return;
    }
    await beginAttempt(deps.signIn, { id: String(attempt ?? ''), challenge: String(challenge ?? ''), origin });
    req.session.signInAttempt = String(attempt);
    let authenticator: passport.PassportStatic;
    try {
      authenticator = await deps.sso.authenticator();
    } catch {
      const error = refusal(
        'UNAUTHENTICATED',
        "your company's identity provider could not be reached; try again in a moment, and if it keeps failing, tell your admin",
      );
      await recordFailure(deps.signIn, String(attempt), error);
      finishPage(
        res,
        502,
        'Sign-in unavailable',
        html`<h1>Sign-in unavailable</h1><p class="error">Your company's identity provider could not be reached.</p><p class="muted">Try again in a moment; if it keeps failing, tell your admin.</p>`,
        { type: SIGN_IN_ERROR_MESSAGE, version: 1, attempt, error: { code: error.code, message: "Your company's identity provider could not be reached." } },
        origin,
      );
      return;
    }
    // After a sign-out in this panel, the provider asks who is signing in instead of silently signing the last person back in.
    const prompt = req.query.account === 'choose' ? deps.sso.accountChoicePrompt() : undefined;
    authenticator.authenticate('oidc', prompt ? { prompt } : {})(req, res, next);
  });

  router.get('/auth/callback', sessions, async (req, res, next) => {
    const attemptId = req.session.signInAttempt;
    const authenticator = await deps.sso.authenticator();
    authenticator.authenticate('oidc', { session: false }, async (error: unknown, user: SsoUser | false, info?: SsoFailure) => {
      try {
        if (error) {
          // The provider's token endpoint refused (e.g. a code used twice): a failed sign-in, with the cause logged.
          deps.log?.warn({ err: error }, 'sign-in: the identity provider did not complete the code exchange');
          throw refusal('UNAUTHENTICATED', "your company's identity provider did not complete the sign-in; start again from the panel");
        }
        if (!attemptId) throw refusal('UNAUTHENTICATED', 'the sign-in took too long; start again from the panel');
        if (!user) throw ssoRefusal(info);
        const { code, confirmationCode, origin } = await issueCode(deps.signIn, attemptId, user.teammate, user.idToken);
        req.session.signInAttempt = undefined;
        finishPage(
          res,
          200,
          'Signed in',
          html`<h1>Signed in as ${user.teammate.name}</h1>${confirmationBlock(confirmationCode, origin)}`,
          { type: SIGN_IN_MESSAGE, version: 1, attempt: attemptId, code },
          origin,
        );
      } catch (caught) {
        if (!(caught instanceof DomainError)) return next(caught);
        const reason = String(caught.details.reason ?? caught.message);
        // Tell the waiting panel too (by message, or to its next poll), so it shows the reason instead of waiting.
        const attempt = attemptId ? await findAttempt(deps.signIn.db, attemptId) : null;
        if (attempt) await recordFailure(deps.signIn, attempt.id, caught);
        finishPage(
          res,
          caught.status,
          'Sign-in failed',
          html`<h1>Sign-in failed</h1><p class="error">${reason}</p><p class="muted">${caught.action}</p>`,
          { type: SIGN_IN_ERROR_MESSAGE, version: 1, attempt: attemptId, error: { code: caught.code, message: reason, action: caught.action } },
          attempt?.origin ?? null,
        );
      }
    })(req, res, next);
  });

  router.get(SIGNED_OUT_PATH, (_req, res) => signedOutPage(res));

  const api = express.Router();
  api.use(apiCors(deps.allowedOrigins));
  const json = express.json({ limit: '20kb' });
  const noStore: express.RequestHandler = (_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    next();
  };

  api.post('/auth/token', noStore, json, async (req, res) => {
    res.json(await redeemCode(deps.signIn, parseBody(TokenRequest, req.body)));
  });

  api.post('/auth/attempts/:attempt', noStore, json, async (req, res) => {
    const result = await pollAttempt(deps.signIn, String(req.params.attempt), parseBody(PollRequest, req.body));
    res.status(result.status === 'complete' ? 200 : 202).json(result);
  });

  api.post('/auth/refresh', noStore, json, async (req, res) => {
    res.json(await refreshSession(deps.signIn, parseBody(RefreshRequest, req.body).refreshToken));
  });

  api.post('/auth/host-session', noStore, json, async (req, res) => {
    const body = parseBody(HostSessionRequest, req.body);
    res.json(await startHostSession(deps.signIn, deps.hostProofs, { ...body, origin: req.get('origin') ?? null }));
  });

  api.post('/auth/logout', requireTeammate(deps.signIn), async (_req, res) => {
    const { teammate, session: signedIn } = res.locals.access;
    await signOut(deps.signIn, { teammateId: teammate.id, sessionId: signedIn?.id ?? null, bearerToken: res.locals.bearerToken });
    const endSessionUrl = signedIn?.idToken ? deps.sso.endSessionUrl(signedIn.idToken, `${deps.publicUrl}${SIGNED_OUT_PATH}`) : null;
    res.status(200).json({ endSessionUrl });
  });

  router.use(api);
  return router;
}
