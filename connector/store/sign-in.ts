/**
 * Sign-in attempts (popup → one-time code) and bearer tokens.
 * Only SHA-256 digests of codes and tokens are stored: a copy of the database
 * does not let anyone sign in.
 */
import type { Executor } from './rows';
import type { Teammate } from './teammates';
import { toTeammate } from './teammates';

export interface SignInAttempt {
  id: string;
  challenge: string;
  origin: string;
  codeHash: string | null;
  teammateId: number | null;
  expiresAt: number;
  redeemedAt: number | null;
}

interface AttemptRow {
  id: string;
  challenge: string;
  origin: string;
  code_hash: string | null;
  teammate_id: number | null;
  expires_at: number;
  redeemed_at: number | null;
}

export async function createAttempt(db: Executor, a: { id: string; challenge: string; origin: string; now: number; expiresAt: number }): Promise<void> {
  await db('sign_in_attempts').insert({ id: a.id, challenge: a.challenge, origin: a.origin, created_at: a.now, expires_at: a.expiresAt });
}

export async function findAttempt(db: Executor, id: string): Promise<SignInAttempt | null> {
  const row = await db<AttemptRow>('sign_in_attempts').where('id', id).first();
  return row
    ? { id: row.id, challenge: row.challenge, origin: row.origin, codeHash: row.code_hash, teammateId: row.teammate_id, expiresAt: row.expires_at, redeemedAt: row.redeemed_at }
    : null;
}

export async function completeAttempt(db: Executor, id: string, teammateId: number, codeHash: string, expiresAt: number): Promise<void> {
  await db('sign_in_attempts').where({ id }).whereNull('code_hash').update({ teammate_id: teammateId, code_hash: codeHash, expires_at: expiresAt });
}

/** Marks the attempt redeemed; false if it was already (a replayed code). */
export async function redeemAttempt(db: Executor, id: string, now: number): Promise<boolean> {
  const changed = await db('sign_in_attempts').where({ id }).whereNull('redeemed_at').update({ redeemed_at: now });
  return changed === 1;
}

export async function insertAccessToken(db: Executor, t: { tokenHash: string; teammateId: number; now: number; expiresAt: number }): Promise<void> {
  await db('access_tokens').insert({ token_hash: t.tokenHash, teammate_id: t.teammateId, created_at: t.now, expires_at: t.expiresAt });
}

/** The teammate a live token belongs to, or null when it is unknown, expired or revoked. */
export async function teammateForToken(db: Executor, tokenHash: string, now: number): Promise<Teammate | null> {
  const row = await db('access_tokens')
    .join('teammates', 'teammates.id', 'access_tokens.teammate_id')
    .where({ 'access_tokens.token_hash': tokenHash })
    .whereNull('access_tokens.revoked_at')
    .andWhere('access_tokens.expires_at', '>', now)
    .first('teammates.*');
  return row ? toTeammate(row) : null;
}

export async function revokeAccessToken(db: Executor, tokenHash: string, now: number): Promise<void> {
  await db('access_tokens').where({ token_hash: tokenHash }).whereNull('revoked_at').update({ revoked_at: now });
}
