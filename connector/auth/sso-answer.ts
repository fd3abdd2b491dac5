/**
 * What the connector takes from an identity provider's answer: the verified
 * ID token's claims, completed by UserInfo only where UserInfo may speak
 * (issue 11 §2), and every way the answer can be refused, as the domain's
 * errors with a reason and what to do.
 */
import { DomainError, type ErrorCode } from '@domain/errors';

/**
 * Claims about the token itself, or about who signed in and how: they come
 * from the verified ID token only. A UserInfo response is an unsigned JSON
 * body; letting it set `sub` or `iss` would let whoever can change it choose
 * who signs in.
 */
const TOKEN_ONLY = ['iss', 'sub', 'aud', 'azp', 'exp', 'iat', 'nbf', 'nonce', 'auth_time', 'acr', 'amr', 'sid', 'at_hash', 'c_hash'] as const;

/**
 * The ID token's claims completed by UserInfo. OpenID Connect Core §5.3.2:
 * "the sub Claim in the UserInfo Response MUST be verified to exactly match
 * the sub Claim in the ID Token; if they do not match, the UserInfo Response
 * values MUST NOT be used" — refused here rather than silently ignored, since
 * a provider that does this is misconfigured or tampered with.
 *
 * The verified token wins for every claim it carries (the groups that make an
 * admin too): UserInfo only fills in what the token leaves out, and never the
 * claims about the token itself. `email_verified` speaks of one address:
 * UserInfo's counts only for the address the token names, or when it names
 * none. Providers that put only `sub` in the ID token (oidc-provider by
 * default, per §5.4) have everything else from UserInfo.
 */
export function mergeUserInfo(token: Record<string, unknown>, userinfo: Record<string, unknown> | null | undefined): Record<string, unknown> {
  if (!userinfo) return { ...token };
  if (typeof userinfo.sub !== 'string' || userinfo.sub !== token.sub) throw new DomainError('USERINFO_SUBJECT_MISMATCH');
  const merged: Record<string, unknown> = { ...userinfo, ...token };
  for (const claim of TOKEN_ONLY) if (!(claim in token)) delete merged[claim];
  if (typeof token.email === 'string' && !('email_verified' in token) && userinfo.email !== token.email) delete merged.email_verified;
  return merged;
}

/** Why SSO failed, as the passport strategy reports it (`info`), with the domain's code when there is one. */
export interface SsoFailure {
  message: string;
  code?: string;
  details?: Record<string, unknown>;
}

/**
 * passport-openidconnect 0.1.2 refuses with English sentences
 * (lib/strategy.js); each is named here, so the popup and the panel say what
 * happened and what to do. test/connector/auth/company-idp.test.ts provokes each
 * one, so a release that rewords them fails there.
 */
const LIBRARY_REFUSALS: Array<{ says: RegExp; code: ErrorCode; check: string }> = [
  { says: /^ID token has expired\.$/, code: 'ID_TOKEN_EXPIRED', check: 'exp' },
  { says: /^Too much time has elapsed since last authentication\.$/, code: 'ID_TOKEN_EXPIRED', check: 'auth_time' },
  { says: /^ID token contains invalid nonce\.$/, code: 'SIGN_IN_STATE_MISMATCH', check: 'nonce' },
  { says: /^(Unable to verify|Invalid) authorization request state\.$/, code: 'SIGN_IN_STATE_MISMATCH', check: 'state' },
  { says: /^ID token not issued by expected OpenID provider\.$/, code: 'ID_TOKEN_INVALID', check: 'iss' },
  { says: /^ID token not intended for this relying party\.$/, code: 'ID_TOKEN_INVALID', check: 'aud' },
  { says: /^ID token missing authorizied party claim\.$/, code: 'ID_TOKEN_INVALID', check: 'azp' },
  { says: /^ID token not issued to this relying party\.$/, code: 'ID_TOKEN_INVALID', check: 'azp' },
];

/** A failed SSO as the domain's error: the strategy's own refusals by code, the library's by their sentence. */
export function ssoRefusal(info: SsoFailure | undefined): DomainError {
  if (info?.code) return new DomainError(info.code as ErrorCode, info.details ?? {});
  const known = info?.message ? LIBRARY_REFUSALS.find((r) => r.says.test(info.message)) : undefined;
  if (known) return new DomainError(known.code, { check: known.check });
  // What is left is the provider's own words (access_denied's error_description): shown as its reason.
  return new DomainError('UNAUTHENTICATED', { reason: info?.message || 'the identity provider did not confirm who you are' });
}

/** jose's refusal of the ID token (signature, claims) as the domain's error. */
export function tokenRefusal(error: unknown): SsoFailure {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ERR_JWT_EXPIRED') return { message: 'ID token expired', code: 'ID_TOKEN_EXPIRED', details: { check: 'exp' } };
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
    return { message: 'ID token claim', code: 'ID_TOKEN_INVALID', details: { check: String((error as { claim?: string }).claim ?? 'claims') } };
  return { message: 'ID token signature', code: 'ID_TOKEN_INVALID', details: { check: 'signature' } };
}
