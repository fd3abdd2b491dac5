/**
 * Sign-in for the panel (reference/embedding.md §3.3).
 *
 * GET  /auth/popup?attempt=&challenge=&origin=   opened by the panel in a popup; starts SSO
 * GET  /auth/callback                            the identity provider returns here
 * POST /auth/token  {attempt, code, verifier}    the panel redeems the one-time code
 * POST /auth/logout                              ends the bearer token
 *
 * SSO runs in the popup, where the connector is first-party and its session
 * cookie survives; the panel itself only ever holds a short-lived bearer token.
 */
import express from 'express';
import session from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type passport from 'passport';
import { z } from 'zod';
import { DomainError } from '@domain/errors';
import type { SsoClient } from '../../auth/oidc';
import { randomToken } from '../../auth/secrets';
import { beginAttempt, issueCode, redeemCode, revokeToken, type SignInDeps } from '../../auth/sign-in-codes';
import { appendAudit } from '../../store/audit';
import { findAttempt } from '../../store/sign-in';
import type { Teammate } from '../../store/teammates';
import { html, page, scriptJson } from '../html';
import { apiCors } from '../middleware/cors';
import { bearerToken, requireTeammate } from '../middleware/require-teammate';
import { parseBody } from './schemas';

declare module 'express-session' {
  interface SessionData {
    signInAttempt?: string;
  }
}

export const SIGN_IN_MESSAGE = 'go2msg:sign-in';
export const SIGN_IN_ERROR_MESSAGE = 'go2msg:sign-in-error';

const TokenRequest = z.strictObject({ attempt: z.string().min(1).max(128), code: z.string().min(1).max(128), verifier: z.string().min(43).max(128) });

export interface AuthRouterDeps {
  signIn: SignInDeps;
  sso: SsoClient;
  allowedOrigins: string[];
  sessionSecret: string;
  secureCookies: boolean;
}

function pageHeaders(res: express.Response, nonce: string): void {
  res.setHeader(
    'content-security-policy',
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
  );
  res.setHeader('cache-control', 'no-store');
  res.setHeader('referrer-policy', 'no-referrer');
}

/** The popup's last page: hands the result to the panel, to its exact origin only, and closes. */
function finishPage(res: express.Response, status: number, title: string, body: ReturnType<typeof html>, message: unknown, origin: string | null): void {
  const nonce = randomToken(16);
  pageHeaders(res, nonce);
  const script = html`(function () {
    var result = ${scriptJson({ message, origin })};
    if (result.origin && window.opener) {
      window.opener.postMessage(result.message, result.origin);
      setTimeout(function () { window.close(); }, 300);
    } else {
      var hint = document.getElementById('manual');
      if (hint) hint.hidden = false;
    }
  })();`;
  res.status(status).type('html').send(page(title, body, { nonce, script }));
}

export function authRouter(deps: AuthRouterDeps): express.Router {
  const router = express.Router();
  const allowed = new Set(deps.allowedOrigins);
  const sessions = session({
    name: 'go2msg.sid',
    secret: deps.sessionSecret,
    resave: false,
    saveUninitialized: false,
    store: new ConnectSessionKnexStore({ knex: deps.signIn.db, tableName: 'http_sessions', createTable: false, cleanupInterval: 60_000 }),
    // Lax: the identity provider's redirect back to /auth/callback is a top-level GET.
    cookie: { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, maxAge: 10 * 60_000, path: '/auth' },
  });

  router.get('/auth/popup', sessions, async (req, res, next) => {
    const { attempt, challenge, origin } = req.query;
    if (typeof origin !== 'string' || !allowed.has(origin)) {
      finishPage(res, 403, 'Sign-in refused', html`<h1>Sign-in refused</h1><p class="error">This page is not allowed to sign in to go2msg.</p><p class="muted">An admin can add its origin to ALLOWED_ORIGINS.</p>`, null, null);
      return;
    }
    await beginAttempt(deps.signIn, { id: String(attempt ?? ''), challenge: String(challenge ?? ''), origin });
    req.session.signInAttempt = String(attempt);
    let authenticator: passport.PassportStatic;
    try {
      authenticator = await deps.sso.authenticator();
    } catch {
      finishPage(res, 502, 'Sign-in unavailable', html`<h1>Sign-in unavailable</h1><p class="error">Your company's identity provider could not be reached.</p><p class="muted">Try again in a moment; if it keeps failing, tell your admin.</p>`, { type: SIGN_IN_ERROR_MESSAGE, version: 1, attempt, error: { code: 'UNAUTHENTICATED', message: "Your company's identity provider could not be reached." } }, origin);
      return;
    }
    authenticator.authenticate('oidc')(req, res, next);
  });

  router.get('/auth/callback', sessions, async (req, res, next) => {
    const attemptId = req.session.signInAttempt;
    const authenticator = await deps.sso.authenticator();
    authenticator.authenticate('oidc', { session: false }, async (error: unknown, user: Teammate | false, info?: { message?: string }) => {
      try {
        if (error) throw error;
        if (!attemptId) throw new DomainError('UNAUTHENTICATED', { reason: 'the sign-in took too long; start again from the panel' });
        if (!user) throw new DomainError('UNAUTHENTICATED', { reason: info?.message ?? 'the identity provider did not confirm who you are' });
        const { code, origin } = await issueCode(deps.signIn, attemptId, user);
        req.session.signInAttempt = undefined;
        await appendAudit(deps.signIn.db, { at: deps.signIn.wallClock.now(), action: 'teammate.sign_in', teammateId: user.id, details: { origin } });
        finishPage(
          res,
          200,
          'Signed in',
          html`<h1>Signed in as ${user.name}</h1><p id="manual" class="muted" hidden>You can close this window and go back to the panel.</p>`,
          { type: SIGN_IN_MESSAGE, version: 1, attempt: attemptId, code },
          origin,
        );
      } catch (caught) {
        if (!(caught instanceof DomainError)) return next(caught);
        const reason = String(caught.details.reason ?? caught.message);
        // Tell the waiting panel too, so it shows the reason instead of waiting.
        const attempt = attemptId ? await findAttempt(deps.signIn.db, attemptId) : null;
        finishPage(
          res,
          caught.status,
          'Sign-in failed',
          html`<h1>Sign-in failed</h1><p class="error">${reason}</p>`,
          { type: SIGN_IN_ERROR_MESSAGE, version: 1, attempt: attemptId, error: { code: caught.code, message: reason } },
          attempt?.origin ?? null,
        );
      }
    })(req, res, next);
  });

  const api = express.Router();
  api.use(apiCors(deps.allowedOrigins));

  api.post('/auth/token', express.json({ limit: '4kb' }), async (req, res) => {
    const body = parseBody(TokenRequest, req.body);
    res.setHeader('cache-control', 'no-store');
    res.json(await redeemCode(deps.signIn, body));
  });

  api.post('/auth/logout', requireTeammate(deps.signIn), async (req, res) => {
    await revokeToken(deps.signIn, bearerToken(req)!);
    await appendAudit(deps.signIn.db, { at: deps.signIn.wallClock.now(), action: 'teammate.sign_out', teammateId: res.locals.teammate.id });
    res.status(200).json({ endSessionUrl: deps.sso.endSessionEndpoint() });
  });

  router.use(api);
  return router;
}
