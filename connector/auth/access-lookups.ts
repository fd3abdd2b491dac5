/**
 * Bearer tokens looked up together: the API requests that arrive in the same
 * turn of the event loop (their bodies read in one poll), or while a look-up is
 * under way, share one `token_hash IN (…)`, instead of one query each. At
 * hundreds of sends a second that query was a statement per message, on
 * SQLite's one read-only connection or a pool connection each on PostgreSQL.
 *
 * Every request still reads its token after it arrived, so a token revoked or a
 * session ended before a request is refused to it exactly as before.
 */
import type { Db } from '../store/db';
import { findAccessTokens, type AccessTokenRecord } from '../store/auth-sessions';

interface Lookup {
  hash: string;
  resolve: (found: AccessTokenRecord | null) => void;
  reject: (error: unknown) => void;
}

/** Look-ups under way at once: two, so one slow read does not hold every request behind it. */
const LOOKUPS_AT_ONCE = 2;
/** findAccessTokens reads 500 hashes per statement. */
const MOST_AT_ONCE = 500;

class AccessLookups {
  private waiting: Lookup[] = [];
  private reading = 0;
  private scheduled = false;

  constructor(private readonly db: Db) {}

  lookUp(hash: string): Promise<AccessTokenRecord | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ hash, resolve, reject });
      this.schedule();
    });
  }

  /** Reads at the end of this turn, so the requests read in the same poll go together. */
  private schedule(): void {
    if (this.scheduled || this.reading >= LOOKUPS_AT_ONCE) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.readWaiting();
    });
  }

  private readWaiting(): void {
    while (this.reading < LOOKUPS_AT_ONCE && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MOST_AT_ONCE);
      this.reading++;
      void this.read(batch).finally(() => {
        this.reading--;
        // Those that came while this read was under way go in the next.
        if (this.waiting.length > 0) this.schedule();
      });
    }
  }

  private async read(batch: Lookup[]): Promise<void> {
    try {
      const found = await findAccessTokens(this.db, [...new Set(batch.map((l) => l.hash))]);
      for (const lookup of batch) lookup.resolve(found.get(lookup.hash) ?? null);
    } catch (error) {
      for (const lookup of batch) lookup.reject(error);
    }
  }
}

/** One per database handle (an instance has one; tests open several). */
const lookups = new WeakMap<Db, AccessLookups>();

/** The access token with this hash, whatever its state (the caller says why it no longer works), or null. */
export function lookUpAccessToken(db: Db, tokenHash: string): Promise<AccessTokenRecord | null> {
  let forDb = lookups.get(db);
  if (!forDb) {
    forDb = new AccessLookups(db);
    lookups.set(db, forDb);
  }
  return forDb.lookUp(tokenHash);
}
