/**
 * Signed-in sessions: what a panel holds after SSO or a linked host's proof.
 *
 * The panel gets a bearer token that lives at most 15 minutes and a refresh
 * token, both in memory only. Before the bearer token ends, the panel trades
 * the refresh token at POST /auth/refresh for a new pair (rotation: each
 * refresh token works once, and a used one presented again ends the session,
 * RFC 9700 §4.14.2). So an agent works a whole shift without typing a password,
 * while sign-out, an admin's "disable" or the session's absolute limit
 * (SESSION_MAX_HOURS) stop every token of the session at once.
 */
import { DomainError } from '@domain/errors';
import { signatureFor, type SignatureConfig } from '@domain/signature';
import type { SessionInfo, TokenResponse } from '@domain/sign-in';
import type { Attribution } from '@domain/attribution';
import type { Clock } from '../services/runtime/clock';
import { appendAudit } from '../store/audit-writer';
import {
  endSession,
  extendRenewal,
  findAccessTokens,
  findRefreshToken,
  findSession,
  insertRefreshToken,
  insertSession,
  insertSessionAccessToken,
  isSessionLive,
  revokeAccessToken,
  useRefreshToken,
  type AccessTokenRecord,
  type AuthSession,
  type SessionEndReason,
  type SessionVia,
} from '../store/auth-sessions';
import type { Db } from '../store/db';
import { announceAccessChanged } from '../store/events';
import type { Executor } from '../store/rows';
import { findTeammate, type Teammate } from '../store/teammates';
import { randomToken, sha256Hex } from './secrets';
import { lookUpAccessToken } from './access-lookups';

export interface SignInDeps {
  db: Db;
  /** Where bearer tokens are looked up on every request: a read-only connection when there is one (openReader). */
  reader?: Db;
  /** Real time: nobody, not even the sandbox clock, moves token expiry. */
  wallClock: Clock;
  tokenTtlSeconds: number;
  sessionMaxSeconds: number;
  sessionIdleSeconds: number;
  signature: SignatureConfig;
  /** True when the identity provider offers RP-initiated logout (end_session_endpoint). */
  providerSignOut: () => boolean;
  /** Wakes open streams after a change to someone's access was committed. */
  live: { notify(): void };
}

export interface Access {
  teammate: Teammate;
  /** null for a token issued before sessions existed. */
  session: AuthSession | null;
}

/** Not signed in, and why (the panel shows the reason and offers to sign in again). */
export function refuse(reason: string): DomainError {
  return new DomainError('UNAUTHENTICATED', { reason });
}

function sessionInfo(deps: SignInDeps, session: AuthSession): SessionInfo {
  return {
    via: session.via,
    host: session.host,
    hostUserId: session.hostUserId,
    providerSignOut: session.idToken !== null && deps.providerSignOut(),
    endsAt: session.expiresAt,
  };
}

/** A new access token and refresh token for a live session. */
async function issueTokens(deps: SignInDeps, db: Executor, session: AuthSession, teammate: Teammate): Promise<TokenResponse> {
  const now = deps.wallClock.now();
  const accessToken = randomToken();
  const refreshToken = randomToken();
  const expiresAt = Math.min(now + deps.tokenTtlSeconds * 1000, session.expiresAt);
  const refreshExpiresAt = Math.min(now + deps.sessionIdleSeconds * 1000, session.expiresAt);
  await insertSessionAccessToken(db, { tokenHash: sha256Hex(accessToken), teammateId: teammate.id, sessionId: session.id, now, expiresAt });
  await insertRefreshToken(db, { tokenHash: sha256Hex(refreshToken), sessionId: session.id, now, expiresAt: refreshExpiresAt });
  await extendRenewal(db, session.id, refreshExpiresAt);
  const signature = signatureFor(deps.signature, teammate);
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresIn: Math.round((expiresAt - now) / 1000),
    expiresAt,
    refreshToken,
    refreshExpiresAt,
    teammate: { id: teammate.id, name: teammate.name, email: teammate.email, role: teammate.role, signature: signature || null },
    session: sessionInfo(deps, { ...session, renewableUntil: refreshExpiresAt }),
  };
}

export interface NewSession {
  teammate: Teammate;
  via: SessionVia;
  host: string | null;
  hostUserId: string | null;
  idToken: string | null;
}

/** Starts a session; call inside the transaction that proved who the teammate is. */
export async function startSession(deps: SignInDeps, db: Executor, input: NewSession): Promise<TokenResponse> {
  if (input.teammate.disabledAt !== null) throw new DomainError('TEAMMATE_DISABLED');
  const now = deps.wallClock.now();
  const session: AuthSession = {
    id: randomToken(24),
    teammateId: input.teammate.id,
    via: input.via,
    host: input.host,
    hostUserId: input.hostUserId,
    idToken: input.idToken,
    createdAt: now,
    expiresAt: now + deps.sessionMaxSeconds * 1000,
    renewableUntil: now,
    endedAt: null,
    endReason: null,
  };
  await insertSession(db, { ...session, now });
  return issueTokens(deps, db, session, input.teammate);
}

/** Ends a session and every token of it, audited. */
export async function endSessionAudited(deps: SignInDeps, sessionId: string, teammateId: number, reason: SessionEndReason): Promise<void> {
  const now = deps.wallClock.now();
  await deps.db.transaction(async (trx) => {
    if (!(await endSession(trx, sessionId, reason, now))) return;
    await appendAudit(trx, { at: now, action: reason === 'signed_out' ? 'teammate.sign_out' : 'session.ended', teammateId, details: { reason } });
    await announceAccessChanged(trx, teammateId, now);
  });
  deps.live.notify();
}

/**
 * POST /auth/logout: ends the caller's session (or, for a bearer token issued
 * without one, that token), audited as `teammate.sign_out` in the same transaction.
 */
export async function signOut(deps: SignInDeps, who: { teammateId: number; sessionId: string | null; bearerToken: string }): Promise<void> {
  if (who.sessionId) return endSessionAudited(deps, who.sessionId, who.teammateId, 'signed_out');
  const now = deps.wallClock.now();
  await deps.db.transaction(async (trx) => {
    await revokeAccessToken(trx, sha256Hex(who.bearerToken), now);
    await appendAudit(trx, { at: now, action: 'teammate.sign_out', teammateId: who.teammateId });
  });
}

/** POST /auth/refresh: a used refresh token for a new pair; a used one again ends the session. */
export async function refreshSession(deps: SignInDeps, refreshToken: string): Promise<TokenResponse> {
  const hash = sha256Hex(refreshToken);
  const now = deps.wallClock.now();
  const stored = await findRefreshToken(deps.db, hash);
  if (!stored) throw refuse('unknown refresh token');
  const session = await findSession(deps.db, stored.sessionId);
  const teammate = session ? await findTeammate(deps.db, session.teammateId) : null;
  if (!session || !teammate) throw refuse('unknown refresh token');
  // Disabled first: its sessions ended too, and the panel should say why.
  if (teammate.disabledAt !== null) throw new DomainError('TEAMMATE_DISABLED');
  if (session.endedAt !== null) throw refuse('the session has ended; sign in again');
  if (stored.usedAt !== null) {
    await endSessionAudited(deps, session.id, session.teammateId, 'refresh_reuse');
    throw refuse('this refresh token was already used, so the session was ended to be safe; sign in again');
  }
  if (stored.expiresAt <= now || session.expiresAt <= now) throw refuse('the session expired; sign in again');
  const issued = await deps.db.transaction(async (trx) => {
    // Two refreshes with one token raced: the loser is treated as a replay.
    if (!(await useRefreshToken(trx, hash, now))) return null;
    return issueTokens(deps, trx, session, teammate);
  });
  if (!issued) {
    await endSessionAudited(deps, session.id, session.teammateId, 'refresh_reuse');
    throw refuse('this refresh token was already used, so the session was ended to be safe; sign in again');
  }
  return issued;
}

/**
 * The teammate and session behind a bearer token. A disabled teammate is told
 * so even with a token that ended, so the panel can say why.
 */
export async function authenticateAccess(deps: SignInDeps, token: string): Promise<Access> {
  // Looked up with the other requests arriving meanwhile, in one query (access-lookups.ts).
  const record = await lookUpAccessToken(deps.reader ?? deps.db, sha256Hex(token));
  if (!record) throw new DomainError('UNAUTHENTICATED');
  if (record.teammate.disabledAt !== null) throw new DomainError('TEAMMATE_DISABLED');
  if (record.revokedAt !== null || record.expiresAt <= deps.wallClock.now()) throw new DomainError('UNAUTHENTICATED');
  const session = record.session;
  if (record.sessionId && (!session || session.endedAt !== null)) throw new DomainError('UNAUTHENTICATED');
  return { teammate: record.teammate, session };
}

/**
 * The open streams' tokens checked together (one query per 500): the refusal
 * for each token that no longer keeps a stream open; tokens still good are absent.
 */
export async function refusedStreams(deps: SignInDeps, tokens: readonly string[]): Promise<Map<string, DomainError>> {
  const hashes = new Map(tokens.map((token) => [token, sha256Hex(token)]));
  const records = await findAccessTokens(deps.reader ?? deps.db, [...hashes.values()]);
  const now = deps.wallClock.now();
  const refused = new Map<string, DomainError>();
  for (const [token, hash] of hashes) {
    const refusal = streamRefusal(records.get(hash) ?? null, now);
    if (refusal) refused.set(token, refusal);
  }
  return refused;
}

/**
 * An open live stream may outlive the access token it was opened with, as long
 * as its session is alive (the panel renews it): the stream ends when the
 * session ends, is revoked, stops being renewed, or the teammate is disabled.
 */
function streamRefusal(record: AccessTokenRecord | null, now: number): DomainError | null {
  if (!record) return new DomainError('UNAUTHENTICATED');
  if (record.teammate.disabledAt !== null) return new DomainError('TEAMMATE_DISABLED');
  if (record.revokedAt !== null) return new DomainError('UNAUTHENTICATED');
  if (record.sessionId) {
    if (!record.session || !isSessionLive(record.session, now)) return new DomainError('UNAUTHENTICATED');
  } else if (record.expiresAt <= now) {
    return new DomainError('UNAUTHENTICATED');
  }
  return null;
}

/** Who is sending: the teammate, and the host and host user the session came from. */
export function attributionOf(access: Access): Attribution {
  return { teammateId: access.teammate.id, host: access.session?.host ?? null, hostUserId: access.session?.hostUserId ?? null };
}
