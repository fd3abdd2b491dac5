/**
 * The sandbox's OpenID provider (oidc-provider, in this process), standing in
 * for the company's SSO. It signs in the test teammates below, picked on its
 * login page; the connector talks to it exactly as to Okta or Entra ID.
 */
import express from 'express';
import Provider, { type Configuration } from 'oidc-provider';
import { randomToken } from '../auth/secrets';
import { html, page, SafeHtml } from '../web/html';
import { rsaKeyPair } from './rsa-keys';

export interface SandboxTeammate {
  id: string;
  name: string;
  email: string;
  groups: string[];
  title: string;
}

export const SANDBOX_TEAMMATES: SandboxTeammate[] = [
  { id: 'ana', name: 'Ana Souza', email: 'ana@acme.example', groups: ['support'], title: 'Support agent' },
  { id: 'ben', name: 'Ben Carter', email: 'ben@acme.example', groups: ['support'], title: 'Support agent' },
  { id: 'alex', name: 'Alex Morgan', email: 'alex@acme.example', groups: ['support', 'go2msg-admins'], title: 'Admin' },
];

export interface SandboxIdpOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  /**
   * Sent on the provider's own pages. Real providers send
   * `Cross-Origin-Opener-Policy: same-origin`, which cuts the sign-in popup's
   * link to the panel; tests set it to prove the panel's polling fallback.
   */
  crossOriginOpenerPolicy?: 'same-origin' | 'same-origin-allow-popups';
}

/** The router to mount at the issuer's path (e.g. /sandbox/idp). */
export function createSandboxIdp(options: SandboxIdpOptions): express.Router {
  const mountPath = new URL(options.issuer).pathname.replace(/\/+$/, '');
  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    scopes: ['openid', 'email', 'profile'],
    findAccount: async (_ctx, id) => {
      const teammate = SANDBOX_TEAMMATES.find((t) => t.id === id);
      if (!teammate) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, name: teammate.name, email: teammate.email, email_verified: true, groups: teammate.groups }),
      };
    },
    interactions: { url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    ttl: { AccessToken: 3600, IdToken: 3600, Interaction: 3600, Session: 14 * 86400, Grant: 14 * 86400, AuthorizationCode: 60 },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // The provider's "sign out?" question, in the sandbox's look (the default page loads web fonts).
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = page(
            'Sign out · go2msg sandbox',
            html`<h1>Sign out of Acme (sandbox)?</h1>
              <p class="muted">This ends your session with the sandbox identity provider, as your company's SSO would.</p>
              ${new SafeHtml(form)}
              <button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
              <button type="submit" form="op.logoutForm">No, stay signed in</button>`,
          );
        },
      },
    },
    // Consent is implied: these are the company's own teammates signing in to the company's tool.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      await grant.save();
      return grant;
    },
    cookies: { keys: [randomToken()] },
    // A fresh signing key per start: sandbox tokens need not outlive the process.
    jwks: {
      keys: [{ ...rsaKeyPair().privateKey.export({ format: 'jwk' }), kid: randomToken(8), alg: 'RS256', use: 'sig' }],
    },
  };
  const provider = new Provider(options.issuer, configuration);
  const router = express.Router();
  if (options.crossOriginOpenerPolicy) {
    const policy = options.crossOriginOpenerPolicy;
    router.use((_req, res, next) => {
      res.setHeader('cross-origin-opener-policy', policy);
      next();
    });
  }

  router.get('/interaction/:uid', async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      res.type('html').send(
        page(
          'Sign in · go2msg sandbox',
          html`<h1>Sign in to Acme (sandbox)</h1>
            <p class="muted">This is the sandbox identity provider. In production, your company's SSO (Okta, Entra ID, Google Workspace&hellip;) appears here.</p>
            <form method="post" action="${mountPath}/interaction/${details.uid}/login">
              ${SANDBOX_TEAMMATES.map(
                (t) =>
                  html`<button name="teammate" value="${t.id}" type="submit"><strong>${t.name}</strong><br><span class="muted">${t.title} &middot; ${t.email}</span></button>`,
              )}
            </form>`,
        ),
      );
    } catch (error) {
      next(error);
    }
  });

  router.post('/interaction/:uid/login', express.urlencoded({ extended: false }), async (req, res, next) => {
    try {
      const teammate = SANDBOX_TEAMMATES.find((t) => t.id === req.body?.teammate);
      if (!teammate) {
        res
          .status(400)
          .type('html')
          .send(page('Sign in', html`<p class="error">Pick one of the listed teammates.</p>`));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: teammate.id } }, { mergeWithLastSubmission: false });
    } catch (error) {
      next(error);
    }
  });

  router.use(provider.callback());
  return router;
}
