/**
 * The popup sign-in, after SSO: a one-time code handed to the panel by
 * postMessage and redeemed, with the verifier only the panel knows, for a
 * short-lived bearer token (reference/embedding.md §3.3).
 *
 * The attempt id and the S256 challenge come from the panel when it opens the
 * popup, so a code that leaks (say, from the popup's history) is useless
 * without the verifier. Codes live one minute and redeem once.
 */
import { DomainError } from '@domain/errors';
import type { Db } from '../store/db';
import { completeAttempt, createAttempt, findAttempt, insertAccessToken, redeemAttempt, revokeAccessToken, teammateForToken } from '../store/sign-in';
import { findTeammate } from '../store/teammates';
import type { Teammate } from '../store/teammates';
import type { Clock } from '../services/clock';
import { constantTimeEqual, randomToken, s256Challenge, sha256Hex } from './secrets';

export const ATTEMPT_TTL_MS = 10 * 60_000;
export const CODE_TTL_MS = 60_000;

const ID = /^[A-Za-z0-9_-]{22,128}$/;

export interface SignInDeps {
  db: Db;
  wallClock: Clock;
  tokenTtlSeconds: number;
}

export function isAttemptId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

export async function beginAttempt(deps: SignInDeps, attempt: { id: string; challenge: string; origin: string }): Promise<void> {
  if (!isAttemptId(attempt.id) || !ID.test(attempt.challenge)) {
    throw new DomainError('VALIDATION_FAILED', { reason: 'attempt and challenge must be base64url strings' });
  }
  const now = deps.wallClock.now();
  const existing = await findAttempt(deps.db, attempt.id);
  if (existing) {
    // A popup reloaded by the user reuses its attempt; anything else reusing an id is refused.
    if (existing.challenge !== attempt.challenge || existing.origin !== attempt.origin || existing.codeHash) {
      throw new DomainError('VALIDATION_FAILED', { reason: 'this sign-in attempt was already used' });
    }
    return;
  }
  await createAttempt(deps.db, { ...attempt, now, expiresAt: now + ATTEMPT_TTL_MS });
}

/** SSO succeeded for `teammate`: returns the one-time code for the panel. */
export async function issueCode(deps: SignInDeps, attemptId: string, teammate: Teammate): Promise<{ code: string; origin: string }> {
  const attempt = await findAttempt(deps.db, attemptId);
  const now = deps.wallClock.now();
  if (!attempt || attempt.expiresAt <= now || attempt.codeHash) {
    throw new DomainError('UNAUTHENTICATED', { reason: 'the sign-in attempt expired; start again from the panel' });
  }
  const code = randomToken();
  await completeAttempt(deps.db, attemptId, teammate.id, sha256Hex(code), now + CODE_TTL_MS);
  return { code, origin: attempt.origin };
}

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  expiresAt: number;
  teammate: { id: number; name: string; email: string | null; role: string };
}

export async function issueToken(deps: SignInDeps, teammate: Teammate): Promise<IssuedToken> {
  const accessToken = randomToken();
  const now = deps.wallClock.now();
  const expiresAt = now + deps.tokenTtlSeconds * 1000;
  await insertAccessToken(deps.db, { tokenHash: sha256Hex(accessToken), teammateId: teammate.id, now, expiresAt });
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresIn: deps.tokenTtlSeconds,
    expiresAt,
    teammate: { id: teammate.id, name: teammate.name, email: teammate.email, role: teammate.role },
  };
}

/** Redeems a code: right attempt, right verifier, not expired, not used before. */
export async function redeemCode(deps: SignInDeps, input: { attempt: string; code: string; verifier: string }): Promise<IssuedToken> {
  const refuse = (reason: string) => new DomainError('UNAUTHENTICATED', { reason });
  const attempt = await findAttempt(deps.db, input.attempt);
  const now = deps.wallClock.now();
  if (!attempt?.codeHash || attempt.teammateId === null) throw refuse('unknown sign-in attempt');
  if (attempt.expiresAt <= now) throw refuse('the sign-in code expired; sign in again');
  if (!constantTimeEqual(attempt.codeHash, sha256Hex(input.code))) throw refuse('wrong sign-in code');
  if (!constantTimeEqual(attempt.challenge, s256Challenge(input.verifier))) throw refuse('wrong verifier');
  if (!(await redeemAttempt(deps.db, attempt.id, now))) throw refuse('this sign-in code was already used');
  const teammate = await teammateForAttempt(deps, attempt.teammateId);
  return issueToken(deps, teammate);
}

async function teammateForAttempt(deps: SignInDeps, teammateId: number): Promise<Teammate> {
  const teammate = await findTeammate(deps.db, teammateId);
  if (!teammate) throw new DomainError('UNAUTHENTICATED', { reason: 'unknown teammate' });
  if (teammate.disabledAt !== null) throw new DomainError('TEAMMATE_DISABLED');
  return teammate;
}

/** The teammate behind a bearer token; refuses unknown, expired, revoked and disabled. */
export async function authenticateBearer(deps: SignInDeps, token: string): Promise<Teammate> {
  const teammate = await teammateForToken(deps.db, sha256Hex(token), deps.wallClock.now());
  if (!teammate) throw new DomainError('UNAUTHENTICATED');
  if (teammate.disabledAt !== null) throw new DomainError('TEAMMATE_DISABLED');
  return teammate;
}

export async function revokeToken(deps: SignInDeps, token: string): Promise<void> {
  await revokeAccessToken(deps.db, sha256Hex(token), deps.wallClock.now());
}
