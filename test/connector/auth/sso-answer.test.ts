/**
 * What the connector takes from the provider's answer (issue 11 §2): UserInfo
 * completes the verified ID token and never replaces who signed in; the
 * strategy's refusals become the domain's errors.
 */
import { describe, expect, test } from 'vitest';
import { isDomainError } from '@domain/errors';
import { mergeUserInfo, ssoRefusal, tokenRefusal } from '../../../connector/auth/sso-answer';

const token = { iss: 'https://idp.example', sub: 'carol', aud: 'go2msg', exp: 2, iat: 1, nonce: 'n' };

describe('mergeUserInfo', () => {
  test.each([
    { description: 'no UserInfo: the token alone', userinfo: null, merged: token },
    {
      description: 'UserInfo adds profile claims',
      userinfo: { sub: 'carol', name: 'Carol', roles: ['support'] },
      merged: { ...token, name: 'Carol', roles: ['support'] },
    },
    {
      description: 'UserInfo cannot set iss, aud, nonce or claims about the token the token lacks',
      userinfo: { sub: 'carol', iss: 'https://evil.example', aud: 'x', nonce: 'm', auth_time: 5, acr: 'x' },
      merged: token,
    },
    {
      description: 'email and email_verified from UserInfo when the token has neither',
      userinfo: { sub: 'carol', email: 'carol@acme.example', email_verified: true },
      merged: { ...token, email: 'carol@acme.example', email_verified: true },
    },
    {
      description: "the token's email_verified stands against UserInfo's",
      userinfo: { sub: 'carol', email: 'carol@acme.example', email_verified: true },
      token: { ...token, email: 'carol@acme.example', email_verified: false },
      merged: { ...token, email: 'carol@acme.example', email_verified: false },
    },
    {
      description: "the token's email_verified stands even without the token's email",
      userinfo: { sub: 'carol', email: 'carol@acme.example', email_verified: true },
      token: { ...token, email_verified: false },
      merged: { ...token, email: 'carol@acme.example', email_verified: false },
    },
    {
      description: "UserInfo's email_verified about another address than the token's does not count",
      userinfo: { sub: 'carol', email: 'other@acme.example', email_verified: true },
      token: { ...token, email: 'carol@acme.example' },
      merged: { ...token, email: 'carol@acme.example' },
    },
    {
      description: 'UserInfo cannot change the groups the verified token names (they decide who is an admin)',
      userinfo: { sub: 'carol', groups: ['support', 'go2msg-admins'], name: 'Carol' },
      token: { ...token, groups: ['support'] },
      merged: { ...token, groups: ['support'], name: 'Carol' },
    },
    {
      description: "UserInfo's email_verified about the token's own address counts",
      userinfo: { sub: 'carol', email: 'carol@acme.example', email_verified: true },
      token: { ...token, email: 'carol@acme.example' },
      merged: { ...token, email: 'carol@acme.example', email_verified: true },
    },
  ])('$description', ({ userinfo, merged, ...rest }) => {
    expect(mergeUserInfo((rest as { token?: Record<string, unknown> }).token ?? token, userinfo)).toEqual(merged);
  });

  test.each([
    { description: 'another subject', userinfo: { sub: 'dana', name: 'Dana' } },
    { description: 'no subject', userinfo: { name: 'Dana' } },
    { description: 'a subject of another type', userinfo: { sub: 7 } },
  ])('refuses UserInfo with $description (OpenID Connect Core §5.3.2)', ({ userinfo }) => {
    expect(() => mergeUserInfo(token, userinfo)).toThrow(expect.objectContaining({ code: 'USERINFO_SUBJECT_MISMATCH' }));
  });
});

describe('ssoRefusal', () => {
  test.each([
    { says: 'ID token has expired.', code: 'ID_TOKEN_EXPIRED', check: 'exp' },
    { says: 'Too much time has elapsed since last authentication.', code: 'ID_TOKEN_EXPIRED', check: 'auth_time' },
    { says: 'ID token contains invalid nonce.', code: 'SIGN_IN_STATE_MISMATCH', check: 'nonce' },
    { says: 'Unable to verify authorization request state.', code: 'SIGN_IN_STATE_MISMATCH', check: 'state' },
    { says: 'Invalid authorization request state.', code: 'SIGN_IN_STATE_MISMATCH', check: 'state' },
    { says: 'ID token not issued by expected OpenID provider.', code: 'ID_TOKEN_INVALID', check: 'iss' },
    { says: 'ID token not intended for this relying party.', code: 'ID_TOKEN_INVALID', check: 'aud' },
    { says: 'ID token missing authorizied party claim.', code: 'ID_TOKEN_INVALID', check: 'azp' },
    { says: 'ID token not issued to this relying party.', code: 'ID_TOKEN_INVALID', check: 'azp' },
  ])('passport-openidconnect\'s "$says" → $code', ({ says, code, check }) => {
    const error = ssoRefusal({ message: says });
    expect(isDomainError(error)).toBe(true);
    expect(error).toMatchObject({ code, details: { check } });
    expect(error.message).not.toContain(says);
  });

  test("the strategy's own refusals keep their code and details", () => {
    expect(ssoRefusal({ message: 'x', code: 'EMAIL_NOT_VERIFIED', details: { email: 'dave@acme.example' } })).toMatchObject({
      code: 'EMAIL_NOT_VERIFIED',
      details: { email: 'dave@acme.example' },
    });
  });

  test("the provider's own words (access_denied) are its reason", () => {
    expect(ssoRefusal({ message: 'The user cancelled.' })).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'The user cancelled.' } });
  });

  test("jose's refusals: expiry, a claim, anything else is the signature", () => {
    expect(tokenRefusal({ code: 'ERR_JWT_EXPIRED' })).toMatchObject({ code: 'ID_TOKEN_EXPIRED', details: { check: 'exp' } });
    expect(tokenRefusal({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud' })).toMatchObject({ code: 'ID_TOKEN_INVALID', details: { check: 'aud' } });
    expect(tokenRefusal({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' })).toMatchObject({ code: 'ID_TOKEN_INVALID', details: { check: 'signature' } });
  });
});
