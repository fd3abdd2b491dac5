/**
 * Sign-in attempts (popup → one-time code); sessions and tokens live in auth-sessions.ts.
 * Only SHA-256 digests of codes and tokens are stored: a copy of the database
 * does not let anyone sign in.
 */
import { fromJson, toJson, type Executor } from './rows';

export interface SignInAttempt {
  id: string;
  challenge: string;
  origin: string;
  codeHash: string | null;
  teammateId: number | null;
  expiresAt: number;
  redeemedAt: number | null;
  /** Why SSO failed, for a panel that polls instead of receiving the popup's message. */
  failure: AttemptFailure | null;
  /** The provider's ID token, handed to the session at redemption (for RP-initiated logout). */
  idToken: string | null;
  /** The code the sign-in window shows when it has no opener (domain/sign-in-confirmation.ts). */
  confirmation: { hash: string; expiresAt: number; triesUsed: number } | null;
}

export interface AttemptFailure {
  code: string;
  reason: string;
}

interface AttemptRow {
  id: string;
  challenge: string;
  origin: string;
  code_hash: string | null;
  teammate_id: number | null;
  expires_at: number;
  redeemed_at: number | null;
  failure: string | null;
  id_token: string | null;
  confirmation_hash: string | null;
  confirmation_expires_at: number | null;
  confirmation_tries: number;
}

export async function createAttempt(db: Executor, a: { id: string; challenge: string; origin: string; now: number; expiresAt: number }): Promise<void> {
  await db('sign_in_attempts').insert({ id: a.id, challenge: a.challenge, origin: a.origin, created_at: a.now, expires_at: a.expiresAt });
}

export async function findAttempt(db: Executor, id: string): Promise<SignInAttempt | null> {
  const row = await db<AttemptRow>('sign_in_attempts').where('id', id).first();
  return row
    ? {
        id: row.id,
        challenge: row.challenge,
        origin: row.origin,
        codeHash: row.code_hash,
        teammateId: row.teammate_id,
        expiresAt: row.expires_at,
        redeemedAt: row.redeemed_at,
        failure: fromJson<AttemptFailure>(row.failure),
        idToken: row.id_token,
        confirmation:
          row.confirmation_hash && row.confirmation_expires_at !== null
            ? { hash: row.confirmation_hash, expiresAt: row.confirmation_expires_at, triesUsed: row.confirmation_tries }
            : null,
      }
    : null;
}

/** SSO succeeded: the one-time code for the opener's message, and the confirmation code for a window without one. */
export async function completeAttempt(
  db: Executor,
  id: string,
  c: { teammateId: number; codeHash: string; expiresAt: number; idToken: string | null; confirmationHash: string; confirmationExpiresAt: number },
): Promise<void> {
  await db('sign_in_attempts').where({ id }).whereNull('code_hash').update({
    teammate_id: c.teammateId,
    code_hash: c.codeHash,
    expires_at: c.expiresAt,
    id_token: c.idToken,
    failure: null,
    confirmation_hash: c.confirmationHash,
    confirmation_expires_at: c.confirmationExpiresAt,
    confirmation_tries: 0,
  });
}

/**
 * Counts one try at the confirmation code, before it is compared, in one
 * statement: parallel guesses cannot share a try. Returns the tries used with
 * this one, or null when none was left.
 */
export async function takeConfirmationTry(db: Executor, id: string, maxTries: number): Promise<number | null> {
  const rows = (await db('sign_in_attempts')
    .where({ id })
    .whereNull('redeemed_at')
    .where('confirmation_tries', '<', maxTries)
    .update({ confirmation_tries: db.raw('confirmation_tries + 1') })
    .returning('confirmation_tries')) as Array<{ confirmation_tries: number }>;
  return rows[0]?.confirmation_tries ?? null;
}

/** Records why SSO failed; a later successful try of the same attempt clears it. */
export async function failAttempt(db: Executor, id: string, failure: AttemptFailure): Promise<void> {
  await db('sign_in_attempts')
    .where({ id })
    .whereNull('code_hash')
    .update({ failure: toJson(failure) });
}

/** Marks the attempt redeemed; false if it was already (a replayed code). The ID token leaves with it. */
export async function redeemAttempt(db: Executor, id: string, now: number): Promise<boolean> {
  const changed = await db('sign_in_attempts').where({ id }).whereNull('redeemed_at').update({ redeemed_at: now, id_token: null });
  return changed === 1;
}
