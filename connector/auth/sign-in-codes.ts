/**
 * The popup sign-in, after SSO: a one-time code handed to the panel by
 * postMessage and redeemed, with the verifier only the panel knows, for a
 * session (reference/embedding.md §3.3).
 *
 * The attempt id and the S256 challenge come from the panel when it opens the
 * popup, so a code that leaks (say, from the popup's history) is useless
 * without the verifier. Codes live one minute and redeem once.
 *
 * The verifier proves who built the popup's link, not whose browser signed
 * in: anyone can build a link and send it to a teammate. So the message path
 * (to the exact origin of the window that opened the popup) is the only one
 * that needs nothing more. When a provider's page cuts the popup's link to
 * the panel (Cross-Origin-Opener-Policy), the popup shows a short
 * confirmation code instead, and the panel's poll (`pollAttempt`) yields the
 * session only with the verifier and that code, typed by the person who
 * signed in (domain/sign-in-confirmation.ts, issue 11 §1).
 */
import { DomainError, ERROR_CODES, type ErrorCode } from '@domain/errors';
import {
  CONFIRMATION_CODE_DIGITS,
  CONFIRMATION_MAX_TRIES,
  CONFIRMATION_TTL_MS,
  confirmationState,
  normaliseConfirmationCode,
  triesLeft,
} from '@domain/sign-in-confirmation';
import type { AttemptPollResponse, TokenResponse } from '@domain/sign-in';
import { appendAudit } from '../store/audit-writer';
import { findHostLink, insertHostLink, takeLinkTicket } from '../store/host-links';
import type { Executor } from '../store/rows';
import { completeAttempt, createAttempt, failAttempt, findAttempt, redeemAttempt, takeConfirmationTry, type SignInAttempt } from '../store/sign-in';
import { findTeammate, type Teammate } from '../store/teammates';
import { randomInt } from 'node:crypto';
import { constantTimeEqual, randomToken, s256Challenge, sha256Hex } from './secrets';
import { refuse, startSession, type SignInDeps } from './sessions';

export type { SignInDeps } from './sessions';

export const ATTEMPT_TTL_MS = 10 * 60_000;
export const CODE_TTL_MS = 60_000;

const ID = /^[A-Za-z0-9_-]{22,128}$/;

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

/** Salted with the attempt, so one digest says nothing about another attempt's code. */
function confirmationDigest(attemptId: string, code: string): string {
  return sha256Hex(`${attemptId}:${code}`);
}

/**
 * SSO succeeded for `teammate`: the one-time code the completion page posts
 * to the panel, and the confirmation code it shows instead when it has no
 * opener to post to. Audited (`teammate.sign_in`) with the code.
 */
export async function issueCode(
  deps: SignInDeps,
  attemptId: string,
  teammate: Teammate,
  idToken: string | null,
): Promise<{ code: string; confirmationCode: string; origin: string }> {
  const attempt = await findAttempt(deps.db, attemptId);
  const now = deps.wallClock.now();
  if (!attempt || attempt.expiresAt <= now || attempt.codeHash) {
    throw refuse('the sign-in attempt expired; start again from the panel');
  }
  const code = randomToken();
  const confirmationCode = String(randomInt(10 ** CONFIRMATION_CODE_DIGITS)).padStart(CONFIRMATION_CODE_DIGITS, '0');
  // The code and the sign-in's audit row in one transaction: no code without its row.
  await deps.db.transaction(async (trx) => {
    await completeAttempt(trx, attemptId, {
      teammateId: teammate.id,
      codeHash: sha256Hex(code),
      expiresAt: now + CODE_TTL_MS,
      idToken,
      confirmationHash: confirmationDigest(attemptId, confirmationCode),
      confirmationExpiresAt: now + CONFIRMATION_TTL_MS,
    });
    await appendAudit(trx, { at: now, action: 'teammate.sign_in', teammateId: teammate.id, details: { via: 'sso', origin: attempt.origin } });
  });
  return { code, confirmationCode, origin: attempt.origin };
}

/** SSO failed: kept on the attempt, so a polling panel learns why. */
export async function recordFailure(deps: SignInDeps, attemptId: string, error: DomainError): Promise<void> {
  await failAttempt(deps.db, attemptId, { code: error.code, reason: String(error.details.reason ?? error.message) });
}

function checkVerifier(attempt: SignInAttempt, verifier: string): void {
  if (!constantTimeEqual(attempt.challenge, s256Challenge(verifier))) throw refuse('wrong verifier');
}

/**
 * Links the host user named by the ticket to the teammate who just proved
 * themselves through SSO. The ticket came from a verified host proof; an
 * email in the proof must match the teammate's, so a proof copied from
 * someone else's helpdesk session cannot link their account to you.
 */
async function linkHostUser(trx: Executor, linkTicket: string, teammate: Teammate, now: number): Promise<{ host: string; hostUserId: string }> {
  const ticket = await takeLinkTicket(trx, sha256Hex(linkTicket), now);
  if (!ticket)
    throw new DomainError('HOST_PROOF_INVALID', { reason: 'the request to link your helpdesk account expired; reload the helpdesk page and try again' });
  if (ticket.email && teammate.email && ticket.email.toLowerCase() !== teammate.email.toLowerCase()) {
    throw new DomainError('HOST_LINK_MISMATCH', { host: ticket.host, hostUserId: ticket.hostUserId });
  }
  const existing = await findHostLink(trx, ticket.host, ticket.hostUserId);
  if (existing && existing.teammateId !== teammate.id) {
    throw new DomainError('HOST_LINK_MISMATCH', { host: ticket.host, hostUserId: ticket.hostUserId, reason: 'already linked to another teammate' });
  }
  if (!existing) {
    await insertHostLink(trx, { host: ticket.host, hostUserId: ticket.hostUserId, teammateId: teammate.id, now });
    await appendAudit(trx, {
      at: now,
      action: 'host_link.created',
      teammateId: teammate.id,
      host: ticket.host,
      hostUserId: ticket.hostUserId,
      details: { host: ticket.host, hostUserId: ticket.hostUserId },
    });
  }
  return { host: ticket.host, hostUserId: ticket.hostUserId };
}

/** The attempt is complete and its verifier proven: one session, once. */
async function redeem(deps: SignInDeps, attempt: SignInAttempt, linkTicket: string | undefined): Promise<TokenResponse> {
  const now = deps.wallClock.now();
  const teammate = await findTeammate(deps.db, attempt.teammateId!);
  if (!teammate) throw refuse('unknown teammate');
  if (teammate.disabledAt !== null) throw new DomainError('TEAMMATE_DISABLED');
  return deps.db.transaction(async (trx) => {
    if (!(await redeemAttempt(trx, attempt.id, now))) throw refuse('this sign-in code was already used');
    const host = linkTicket ? await linkHostUser(trx, linkTicket, teammate, now) : null;
    return startSession(deps, trx, { teammate, via: 'sso', host: host?.host ?? null, hostUserId: host?.hostUserId ?? null, idToken: attempt.idToken });
  });
}

/** Redeems a code: right attempt, right verifier, not expired, not used before. */
export async function redeemCode(deps: SignInDeps, input: { attempt: string; code: string; verifier: string; linkTicket?: string }): Promise<TokenResponse> {
  const attempt = await findAttempt(deps.db, input.attempt);
  if (!attempt?.codeHash || attempt.teammateId === null) throw refuse('unknown sign-in attempt');
  if (attempt.expiresAt <= deps.wallClock.now()) throw refuse('the sign-in code expired; sign in again');
  if (!constantTimeEqual(attempt.codeHash, sha256Hex(input.code))) throw refuse('wrong sign-in code');
  checkVerifier(attempt, input.verifier);
  // Someone guessed at this attempt's confirmation code until it burned: nothing redeems it any more.
  if ((attempt.confirmation?.triesUsed ?? 0) >= CONFIRMATION_MAX_TRIES) throw new DomainError('SIGN_IN_EXPIRED', { reason: 'too many wrong codes' });
  return redeem(deps, attempt, input.linkTicket);
}

/**
 * The panel asks how its attempt went, proving with the verifier that it built
 * the popup's link: pending, the failure (as the error it was), or, once SSO
 * succeeded, `confirm` until the code the popup shows is typed in; with the
 * right code, the session. Every typed code uses one of the attempt's few
 * tries before it is compared; then the attempt is spent.
 */
export async function pollAttempt(
  deps: SignInDeps,
  attemptId: string,
  input: { verifier: string; confirmationCode?: string; linkTicket?: string },
): Promise<AttemptPollResponse> {
  const attempt = await findAttempt(deps.db, attemptId);
  if (!attempt) throw refuse('unknown sign-in attempt');
  checkVerifier(attempt, input.verifier);
  if (attempt.redeemedAt !== null) throw refuse('this sign-in was already completed');
  const now = deps.wallClock.now();
  if (!attempt.codeHash) {
    if (attempt.expiresAt <= now) throw refuse('the sign-in attempt expired; sign in again');
    if (attempt.failure) {
      const code = (attempt.failure.code in ERROR_CODES ? attempt.failure.code : 'UNAUTHENTICATED') as ErrorCode;
      throw new DomainError(code, { reason: attempt.failure.reason });
    }
    return { status: 'pending' };
  }
  const confirmation = attempt.confirmation;
  const state = confirmation ? confirmationState(confirmation, now) : 'expired';
  if (!confirmation || state !== 'open') throw new DomainError('SIGN_IN_EXPIRED', { reason: state === 'burned' ? 'too many wrong codes' : 'the code expired' });
  if (input.confirmationCode === undefined) return { status: 'confirm', digits: CONFIRMATION_CODE_DIGITS, expiresAt: confirmation.expiresAt };

  const triesUsed = await takeConfirmationTry(deps.db, attempt.id, CONFIRMATION_MAX_TRIES);
  if (triesUsed === null) throw new DomainError('SIGN_IN_EXPIRED', { reason: 'too many wrong codes' });
  const typed = normaliseConfirmationCode(input.confirmationCode);
  if (!typed || !constantTimeEqual(confirmation.hash, confirmationDigest(attempt.id, typed))) {
    const left = triesLeft(triesUsed);
    if (left === 0) throw new DomainError('SIGN_IN_EXPIRED', { reason: 'too many wrong codes' });
    throw new DomainError('SIGN_IN_CODE_WRONG', { digits: CONFIRMATION_CODE_DIGITS, triesLeft: left });
  }
  return { status: 'complete', ...(await redeem(deps, attempt, input.linkTicket)) };
}
