/**
 * Rows that have outlived their use: sign-in attempts, tokens and sessions
 * past their expiry. Nothing reads them again (an expired attempt, token or
 * session is refused by its expiry alone), so keeping them only lets anyone
 * who can reach /auth/popup grow the database (issue 11 §5).
 */
import type { Executor } from './rows';

export interface SignInSweep {
  attempts: number;
  accessTokens: number;
  sessions: number;
  linkTickets: number;
}

/** Deletes sign-in records that expired or ended before `before`. */
export async function deleteSignInRecordsBefore(db: Executor, before: number): Promise<SignInSweep> {
  const attempts = await db('sign_in_attempts').where('expires_at', '<', before).delete();
  const linkTickets = await db('host_link_tickets').where('expires_at', '<', before).delete();
  const over = db('auth_sessions')
    .where((q) => q.where('ended_at', '<', before).orWhere('expires_at', '<', before).orWhere('renewable_until', '<', before))
    .select('id');
  // A live session's older access tokens go too once expired; an over session's go with it.
  const accessTokens = await db('access_tokens')
    .where((q) => q.where('expires_at', '<', before).orWhereIn('session_id', over.clone()))
    .delete();
  await db('refresh_tokens').whereIn('session_id', over.clone()).delete();
  const sessions = await db('auth_sessions').whereIn('id', over.clone()).delete();
  return { attempts, accessTokens, sessions, linkTickets };
}
