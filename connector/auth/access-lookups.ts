/**
 * Bearer tokens looked up together: the API requests that arrive while one
 * look-up is under way share the next, one `token_hash IN (…)` for all of them
 * (group commit, as the sends themselves are written), instead of one query
 * each. At hundreds of sends a second that query was a statement per message,
 * on SQLite's one read-only connection or a pool connection each on PostgreSQL.
 *
 * Every request still reads its token after it arrived, so a token revoked or a
 * session ended before a request is refused to it exactly as before.
 */
import type { Db } from '../store/db';
import { findAccessTokens, type AccessTokenRecord } from '../store/auth-sessions';
import { GroupCommit } from '../services/runtime/group-commit';

interface Lookup {
  hash: string;
  found: AccessTokenRecord | null;
}

/** Look-ups under way at once: two, so one slow read does not hold every request behind it. */
const LOOKUPS_AT_ONCE = 2;

/** One batcher per database handle (an instance has one; tests open several). */
const batchers = new WeakMap<Db, GroupCommit<Lookup>>();

function batcherFor(db: Db): GroupCommit<Lookup> {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new GroupCommit<Lookup>(
      async (lookups) => {
        const found = await findAccessTokens(db, [...new Set(lookups.map((l) => l.hash))]);
        for (const lookup of lookups) lookup.found = found.get(lookup.hash) ?? null;
      },
      // findAccessTokens reads 500 hashes per statement.
      { maxBatch: 500, concurrency: LOOKUPS_AT_ONCE },
    );
    batchers.set(db, batcher);
  }
  return batcher;
}

/** The access token with this hash, whatever its state (the caller says why it no longer works), or null. */
export async function lookUpAccessToken(db: Db, tokenHash: string): Promise<AccessTokenRecord | null> {
  const lookup: Lookup = { hash: tokenHash, found: null };
  await batcherFor(db).submit(lookup);
  return lookup.found;
}
