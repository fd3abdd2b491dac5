/**
 * Company SSO over OpenID Connect, with passport-openidconnect.
 *
 * passport-openidconnect 0.1 no longer does discovery, so the provider's
 * /.well-known/openid-configuration is read here, on first use (the sandbox
 * provider runs inside this very server, which is not listening yet at boot).
 * The library checks state, nonce, issuer, audience and expiry of the ID token
 * but not its signature, trusting TLS to the token endpoint; the signature is
 * verified here too, against the provider's JWKS, so a tampered token fails
 * even where TLS is terminated early.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import passport from 'passport';
import { Strategy as OpenIDConnectStrategy } from 'passport-openidconnect';
import { DomainError, isDomainError } from '@domain/errors';
import type { Role, SignInClaims, Teammate } from '../store/teammates';
import { mergeUserInfo, tokenRefusal, type SsoFailure } from './sso-answer';

export type { SsoFailure } from './sso-answer';

export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
  prompt_values_supported?: string[];
}

export interface OidcClientConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  callbackUrl: string;
  groupsClaim: string;
  adminGroups: string[];
}

export async function discover(issuer: string, doFetch: typeof fetch = fetch): Promise<ProviderMetadata> {
  const response = await doFetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`OpenID discovery at ${issuer} answered HTTP ${response.status}`);
  const metadata = (await response.json()) as ProviderMetadata;
  // The ID token's `iss` is compared to this exact string (OIDC Discovery §4.3).
  if (metadata.issuer.replace(/\/+$/, '') !== issuer.replace(/\/+$/, '')) {
    throw new Error(`OpenID discovery at ${issuer} names another issuer (${metadata.issuer})`);
  }
  for (const key of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const) {
    if (!metadata[key]) throw new Error(`OpenID discovery at ${issuer} lacks ${key}`);
  }
  return metadata;
}

/**
 * The email is how people recognise a teammate and how a host link is checked,
 * so one the provider does not vouch for is refused. `email_verified` false
 * (or "false", as some providers send it) refuses; an absent claim is accepted,
 * because providers that only hand out directory-managed addresses (Entra ID)
 * omit it (OIDC Core §5.1).
 */
export function checkEmail(claims: Record<string, unknown>): void {
  const email = claims.email;
  if (typeof email !== 'string' || !email.includes('@')) throw new DomainError('EMAIL_MISSING');
  if (claims.email_verified === false || claims.email_verified === 'false') throw new DomainError('EMAIL_NOT_VERIFIED', { email });
}

/** The teammate's identity and role from the provider's claims. */
export function teammateClaims(issuer: string, claims: Record<string, unknown>, config: Pick<OidcClientConfig, 'groupsClaim' | 'adminGroups'>): SignInClaims {
  const subject = String(claims.sub ?? '');
  const email = typeof claims.email === 'string' ? claims.email : null;
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : (email ?? subject);
  const groups = claims[config.groupsClaim];
  const list = Array.isArray(groups) ? groups.map(String) : typeof groups === 'string' ? [groups] : [];
  const role: Role = list.some((g) => config.adminGroups.includes(g)) ? 'admin' : 'agent';
  return { issuer, subject, email, name, role };
}

export type OnSignIn = (claims: SignInClaims) => Promise<Teammate>;

/** What a successful SSO hands the callback: the teammate, and the ID token for RP-initiated logout. */
export interface SsoUser {
  teammate: Teammate;
  idToken: string;
}

/** Registers the `oidc` strategy on an authenticator built for one app (no global state). */
export function createAuthenticator(metadata: ProviderMetadata, config: OidcClientConfig, onSignIn: OnSignIn): passport.PassportStatic {
  const authenticator = new passport.Passport() as passport.PassportStatic;
  const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
  authenticator.use(
    'oidc',
    new OpenIDConnectStrategy(
      {
        issuer: metadata.issuer,
        authorizationURL: metadata.authorization_endpoint,
        tokenURL: metadata.token_endpoint,
        userInfoURL: metadata.userinfo_endpoint,
        clientID: config.clientId,
        clientSecret: config.clientSecret,
        callbackURL: config.callbackUrl,
        scope: ['openid', 'profile', 'email'],
        nonce: true,
        skipUserProfile: false,
      } as unknown as ConstructorParameters<typeof OpenIDConnectStrategy>[0],
      // Nine parameters: passport-openidconnect passes the ID token and the UserInfo profile.
      ((
        issuer: string,
        uiProfile: { _json?: Record<string, unknown> } | undefined,
        _idProfile: unknown,
        _context: unknown,
        idToken: string,
        _accessToken: string,
        _refreshToken: string,
        _params: unknown,
        done: (err: Error | null, user?: SsoUser | false, info?: SsoFailure) => void,
      ) => {
        (async () => {
          let payload: Record<string, unknown>;
          try {
            ({ payload } = await jwtVerify(idToken, jwks, { issuer: metadata.issuer, audience: config.clientId }));
          } catch (error) {
            return done(null, false, tokenRefusal(error));
          }
          try {
            const claims = mergeUserInfo(payload, uiProfile?._json);
            checkEmail(claims);
            return done(null, { teammate: await onSignIn(teammateClaims(issuer, claims, config)), idToken });
          } catch (error) {
            // A refusal the domain can name (a disabled teammate, an unverified email) is a failed sign-in, not a crash.
            if (isDomainError(error)) return done(null, false, { message: error.message, code: error.code, details: error.details });
            return done(error as Error);
          }
        })();
      }) as unknown as ConstructorParameters<typeof OpenIDConnectStrategy>[1],
    ),
  );
  return authenticator;
}

/**
 * The SSO client, set up on first use and retried after a failure, so a
 * provider that is briefly down at boot does not need a restart.
 */
export class SsoClient {
  private ready: Promise<passport.PassportStatic> | null = null;
  private metadata: ProviderMetadata | null = null;

  constructor(
    private readonly config: OidcClientConfig,
    private readonly onSignIn: OnSignIn,
    private readonly doFetch: typeof fetch = fetch,
  ) {}

  authenticator(): Promise<passport.PassportStatic> {
    this.ready ??= discover(this.config.issuer, this.doFetch).then(
      (metadata) => {
        this.metadata = metadata;
        return createAuthenticator(metadata, this.config, this.onSignIn);
      },
      (error: unknown) => {
        this.ready = null;
        throw error;
      },
    );
    return this.ready;
  }

  /**
   * The `prompt` that makes the provider ask who is signing in (OIDC Core
   * §3.1.2.1): `select_account` where the provider says it supports it (an
   * account picker, no password for an account it knows), else `login`, which
   * every provider must honour. Only asked for after a sign-out, when someone
   * else may be at the keyboard and the provider's session may have outlived
   * the sign-out (its sign-out page left unconfirmed).
   */
  accountChoicePrompt(): 'select_account' | 'login' {
    return this.metadata?.prompt_values_supported?.includes('select_account') ? 'select_account' : 'login';
  }

  /** The provider's logout URL, when it offers one (OIDC RP-Initiated Logout). */
  endSessionEndpoint(): string | null {
    return this.metadata?.end_session_endpoint ?? null;
  }

  /**
   * Where to send the browser to end the provider's session too (OpenID
   * Connect RP-Initiated Logout 1.0 §2): the ID token as a hint, and back to
   * the connector's own signed-out page, the only post-logout URL it asks for.
   */
  endSessionUrl(idToken: string, postLogoutRedirectUri: string): string | null {
    const endpoint = this.endSessionEndpoint();
    if (!endpoint) return null;
    const url = new URL(endpoint);
    url.searchParams.set('id_token_hint', idToken);
    url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri);
    url.searchParams.set('client_id', this.config.clientId);
    return url.toString();
  }
}
