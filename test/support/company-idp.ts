/**
 * A second, real OpenID provider (oidc-provider) on its own port, standing in
 * for a company's IdP (Okta, Entra ID, Keycloak…): the connector reaches it
 * through OIDC_ISSUER and discovery, like any external issuer. The test holds
 * its signing key, so it can hand the connector ID tokens that are tampered
 * with, or validly signed but wrong (nonce, audience, expiry, issuer).
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { rsaKeyPair } from '../../connector/sandbox/rsa-keys';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { SignJWT, type JWTPayload } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

export interface CompanyUser {
  sub: string;
  name: string;
  email?: string;
  email_verified?: boolean;
  roles?: string[];
}

export const COMPANY_USERS: CompanyUser[] = [
  { sub: 'carol', name: 'Carol Díaz', email: 'carol@acme.example', email_verified: true, roles: ['support'] },
  { sub: 'dana', name: 'Dana Lee', email: 'dana@acme.example', email_verified: true, roles: ['support', 'wa-admins'] },
  { sub: 'dave', name: 'Dave Unverified', email: 'dave@acme.example', email_verified: false, roles: ['support'] },
  { sub: 'erin', name: 'Erin Noemail', roles: ['support'] },
];

type Resign = (change: (claims: JWTPayload) => JWTPayload, key?: KeyObject) => Promise<string>;
/** Rewrites the ID token the token endpoint answers with. */
export type IdTokenTamper = (idToken: string, resign: Resign) => Promise<string> | string;

export class CompanyIdp {
  readonly clientId = 'go2msg-at-acme';
  readonly clientSecret = randomBytes(24).toString('base64url');
  readonly kid = randomBytes(8).toString('base64url');
  /** Set by a test to tamper with the next ID tokens; null to stop. */
  tamper: IdTokenTamper | null = null;
  /** Set by a test to change what the UserInfo endpoint says of a user (oidc-provider serves it as the account's claims); null to stop. */
  userinfo: ((claims: CompanyUser) => Record<string, unknown>) | null = null;
  private readonly keys = rsaKeyPair();
  private provider: Provider | null = null;

  private constructor(
    readonly issuer: string,
    private readonly server: Server,
  ) {}

  static async start(): Promise<CompanyIdp> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const idp = new CompanyIdp(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, server);
    server.on('request', idp.app());
    return idp;
  }

  /** The env that points a connector at this provider. */
  get env(): Record<string, string> {
    return {
      OIDC_ISSUER: this.issuer,
      OIDC_CLIENT_ID: this.clientId,
      OIDC_CLIENT_SECRET: this.clientSecret,
      OIDC_GROUPS_CLAIM: 'roles',
      OIDC_ADMIN_GROUPS: 'wa-admins',
    };
  }

  /** Registers the connector as this provider's client; call once the connector's URL is known. */
  register(connectorUrl: string): void {
    const configuration: Configuration = {
      clients: [
        {
          client_id: this.clientId,
          client_secret: this.clientSecret,
          redirect_uris: [`${connectorUrl}/auth/callback`],
          post_logout_redirect_uris: [`${connectorUrl}/auth/signed-out`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'roles'] },
      findAccount: async (ctx, id) => {
        const user = COMPANY_USERS.find((u) => u.sub === id);
        if (!user) return undefined;
        // oidc-provider answers UserInfo's `sub` from the account id, so a changed subject is a changed account there.
        if (this.userinfo && ctx.oidc?.route === 'userinfo') {
          const claims = this.userinfo({ ...user });
          return { accountId: String(claims.sub), claims: async () => ({ ...claims, sub: String(claims.sub) }) };
        }
        return { accountId: id, claims: async () => ({ ...user }) };
      },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
      loadExistingGrant: async (ctx) => {
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
        grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
        await grant.save();
        return grant;
      },
      cookies: { keys: [randomBytes(16).toString('base64url')] },
      jwks: { keys: [{ ...this.keys.privateKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }] },
    };
    this.provider = new Provider(this.issuer, configuration);
  }

  private resign(idToken: string): Resign {
    return async (change, key) => {
      const claims = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString()) as JWTPayload;
      return new SignJWT(change({ ...claims })).setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' }).sign(key ?? this.keys.privateKey);
    };
  }

  private app(): express.Express {
    const app = express();
    // Same login protocol as the sandbox provider: POST teammate=<sub>.
    app.get('/interaction/:uid', async (req, res, next) => {
      try {
        const details = await this.provider!.interactionDetails(req, res);
        res.type('html').send(`<form method="post" action="/interaction/${details.uid}/login"><button name="teammate" value="carol">Carol</button></form>`);
      } catch (error) {
        next(error);
      }
    });
    app.post('/interaction/:uid/login', express.urlencoded({ extended: false }), async (req, res, next) => {
      try {
        await this.provider!.interactionFinished(req, res, { login: { accountId: String(req.body?.teammate) } }, { mergeWithLastSubmission: false });
      } catch (error) {
        next(error);
      }
    });
    app.post('/token', (_req, res, next) => {
      const tamper = this.tamper;
      if (!tamper) return next();
      const end = res.end.bind(res) as (chunk?: unknown) => express.Response;
      (res as unknown as { end: (chunk?: unknown) => void }).end = (chunk?: unknown) => {
        const body = JSON.parse(String(chunk)) as { id_token?: string };
        if (!body.id_token) return end(chunk);
        void Promise.resolve(tamper(body.id_token, this.resign(body.id_token))).then((idToken) => {
          const text = JSON.stringify({ ...body, id_token: idToken });
          res.setHeader('content-length', Buffer.byteLength(text));
          end(text);
        });
      };
      next();
    });
    app.use((req, res) => {
      if (!this.provider) res.status(503).end();
      else this.provider.callback()(req, res);
    });
    return app;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
