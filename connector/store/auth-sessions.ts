/**
 * Signed-in sessions and their tokens. Only SHA-256 digests of access and
 * refresh tokens are stored: a copy of the database signs nobody in.
 */
import type { Executor } from './rows';
import type { Teammate, TeammateRow } from './teammates';
import { toTeammate } from './teammates';

export type SessionVia = 'sso' | 'host';
export type SessionEndReason = 'signed_out' | 'teammate_disabled' | 'refresh_reuse';

export interface AuthSession {
  id: string;
  teammateId: number;
  via: SessionVia;
  host: string | null;
  hostUserId: string | null;
  idToken: string | null;
  createdAt: number;
  expiresAt: number;
  renewableUntil: number;
  endedAt: number | null;
  endReason: SessionEndReason | null;
}

interface SessionRow {
  id: string;
  teammate_id: number;
  via: SessionVia;
  host: string | null;
  host_user_id: string | null;
  id_token: string | null;
  created_at: number;
  expires_at: number;
  renewable_until: number;
  ended_at: number | null;
  end_reason: SessionEndReason | null;
}

const SESSION_COLUMNS = [
  'id',
  'teammate_id',
  'via',
  'host',
  'host_user_id',
  'id_token',
  'created_at',
  'expires_at',
  'renewable_until',
  'ended_at',
  'end_reason',
] as const;

function toSession(row: SessionRow): AuthSession {
  return {
    id: row.id,
    teammateId: row.teammate_id,
    via: row.via,
    host: row.host,
    hostUserId: row.host_user_id,
    idToken: row.id_token,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    renewableUntil: row.renewable_until,
    endedAt: row.ended_at,
    endReason: row.end_reason,
  };
}

/** Live: not ended, within its absolute limit and still being renewed. */
export function isSessionLive(session: AuthSession, now: number): boolean {
  return session.endedAt === null && session.expiresAt > now && session.renewableUntil > now;
}

export async function insertSession(
  db: Executor,
  s: {
    id: string;
    teammateId: number;
    via: SessionVia;
    host: string | null;
    hostUserId: string | null;
    idToken: string | null;
    now: number;
    expiresAt: number;
  },
): Promise<void> {
  await db('auth_sessions').insert({
    id: s.id,
    teammate_id: s.teammateId,
    via: s.via,
    host: s.host,
    host_user_id: s.hostUserId,
    id_token: s.idToken,
    created_at: s.now,
    expires_at: s.expiresAt,
    renewable_until: s.now,
  });
}

export async function findSession(db: Executor, id: string): Promise<AuthSession | null> {
  const row = await db<SessionRow>('auth_sessions').where({ id }).first();
  return row ? toSession(row) : null;
}

export async function extendRenewal(db: Executor, id: string, until: number): Promise<void> {
  await db('auth_sessions').where({ id }).update({ renewable_until: until });
}

/** Ends one session and revokes its access tokens; refresh tokens die with it. */
export async function endSession(db: Executor, id: string, reason: SessionEndReason, now: number): Promise<boolean> {
  const changed = await db('auth_sessions').where({ id }).whereNull('ended_at').update({ ended_at: now, end_reason: reason });
  await db('access_tokens').where({ session_id: id }).whereNull('revoked_at').update({ revoked_at: now });
  return changed > 0;
}

/** Ends every open session of a teammate (disabled by an admin). */
export async function endTeammateSessions(db: Executor, teammateId: number, reason: SessionEndReason, now: number): Promise<number> {
  const ended = await db('auth_sessions').where({ teammate_id: teammateId }).whereNull('ended_at').update({ ended_at: now, end_reason: reason });
  // Every token still valid: those of the sessions just ended, and those from before sessions existed.
  await db('access_tokens').where({ teammate_id: teammateId }).whereNull('revoked_at').update({ revoked_at: now });
  return ended;
}

export async function insertRefreshToken(db: Executor, t: { tokenHash: string; sessionId: string; now: number; expiresAt: number }): Promise<void> {
  await db('refresh_tokens').insert({ token_hash: t.tokenHash, session_id: t.sessionId, created_at: t.now, expires_at: t.expiresAt });
}

export interface RefreshToken {
  sessionId: string;
  expiresAt: number;
  usedAt: number | null;
}

export async function findRefreshToken(db: Executor, tokenHash: string): Promise<RefreshToken | null> {
  const row = await db('refresh_tokens').where({ token_hash: tokenHash }).first();
  return row ? { sessionId: row.session_id as string, expiresAt: row.expires_at as number, usedAt: (row.used_at as number | null) ?? null } : null;
}

/** Marks a refresh token used; false when it already was (a copy was replayed, or a race). */
export async function useRefreshToken(db: Executor, tokenHash: string, now: number): Promise<boolean> {
  return (await db('refresh_tokens').where({ token_hash: tokenHash }).whereNull('used_at').update({ used_at: now })) === 1;
}

export async function insertSessionAccessToken(
  db: Executor,
  t: { tokenHash: string; teammateId: number; sessionId: string; now: number; expiresAt: number },
): Promise<void> {
  await db('access_tokens').insert({ token_hash: t.tokenHash, teammate_id: t.teammateId, session_id: t.sessionId, created_at: t.now, expires_at: t.expiresAt });
}

export interface AccessTokenRecord {
  teammate: Teammate;
  sessionId: string | null;
  /** The token's session; null for a token from before sessions existed, or one whose session is gone. */
  session: AuthSession | null;
  expiresAt: number;
  revokedAt: number | null;
}

/** The token as stored, whatever its state, so the caller can say why it no longer works. */
function accessTokenQuery(db: Executor) {
  return db('access_tokens')
    .join('teammates', 'teammates.id', 'access_tokens.teammate_id')
    .leftJoin('auth_sessions', 'auth_sessions.id', 'access_tokens.session_id')
    .select(
      'teammates.*',
      'access_tokens.token_hash as token_hash',
      'access_tokens.session_id as token_session_id',
      'access_tokens.expires_at as token_expires_at',
      'access_tokens.revoked_at as token_revoked_at',
      ...SESSION_COLUMNS.map((c) => `auth_sessions.${c} as session_${c}`),
    );
}

function toAccessTokenRecord(row: Record<string, unknown>): AccessTokenRecord {
  const sessionRow = Object.fromEntries(SESSION_COLUMNS.map((c) => [c, row[`session_${c}`]])) as unknown as SessionRow;
  return {
    teammate: toTeammate(row as unknown as TeammateRow),
    sessionId: (row.token_session_id as string | null) ?? null,
    session: sessionRow.id ? toSession(sessionRow) : null,
    expiresAt: Number(row.token_expires_at),
    revokedAt: row.token_revoked_at === null || row.token_revoked_at === undefined ? null : Number(row.token_revoked_at),
  };
}

export async function findAccessToken(db: Executor, tokenHash: string): Promise<AccessTokenRecord | null> {
  // One query, the token's session included: this runs on every API request.
  const row = await accessTokenQuery(db).where({ 'access_tokens.token_hash': tokenHash }).first();
  return row ? toAccessTokenRecord(row) : null;
}

/** Many tokens in one query per 500 (open live streams re-check theirs together), by token hash. */
export async function findAccessTokens(db: Executor, tokenHashes: readonly string[]): Promise<Map<string, AccessTokenRecord>> {
  const found = new Map<string, AccessTokenRecord>();
  for (let i = 0; i < tokenHashes.length; i += 500) {
    const rows: Array<Record<string, unknown>> = await accessTokenQuery(db).whereIn('access_tokens.token_hash', tokenHashes.slice(i, i + 500));
    for (const row of rows) found.set(row.token_hash as string, toAccessTokenRecord(row));
  }
  return found;
}

/** Revokes one access token (one issued before sessions existed). */
export async function revokeAccessToken(db: Executor, tokenHash: string, now: number): Promise<void> {
  await db('access_tokens').where({ token_hash: tokenHash }).whereNull('revoked_at').update({ revoked_at: now });
}
