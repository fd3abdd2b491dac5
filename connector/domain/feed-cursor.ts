/**
 * Where an instance's live tailer stands in the `events` feed, and which events
 * it may hand on to open panels.
 *
 * Panels resume with `Last-Event-ID`, which promises "every event up to this id
 * was seen". PostgreSQL assigns ids when a row is inserted but shows the row
 * only when its transaction commits, so id 6 can be visible while id 5 is not
 * yet (or never will be: a rolled-back insert keeps its id). Handing on 6 before
 * 5 would break the promise, so ids above a missing one are held back until it
 * comes or is known never to come:
 *
 * - **proof**: a snapshot whose `xmin` is at or above the `xmax` of an earlier
 *   snapshot in which the id was already missing says every transaction that was
 *   running then has ended; if the row is still absent, it will never come. The
 *   earlier snapshot is taken GAP_PROOF_AFTER_MS after the id was first missed,
 *   because an insert takes its id a moment before its transaction id (when the
 *   insert is the transaction's first write).
 * - **giving up**: `xmin` is cluster-wide, so one long transaction anywhere (even
 *   in another database) delays the proof. After GAP_GIVE_UP_MS the tailer hands
 *   on what it holds, keeps looking for the id for LATE_WATCH_MS, and hands it on
 *   late (out of order) if it comes, rather than never.
 *
 * Where commits come in id order (SQLite's one writer), there are no gaps.
 */

export const GAP_PROOF_AFTER_MS = 1_000;
export const GAP_GIVE_UP_MS = 5_000;
export const LATE_WATCH_MS = 60_000;
/** More missing ids than this at once is not concurrency but a jump in the sequence: the rest are taken as never coming. */
export const MAX_TRACKED_GAPS = 10_000;

export interface FeedGap {
  /** When the id was first missed. */
  since: number;
  /** The `xmax` of the first snapshot taken GAP_PROOF_AFTER_MS after `since`. */
  proofXmax: number | null;
}

export interface FeedCursor {
  /** Every id up to this one has been handed on, or is known never to come. */
  released: number;
  /** The highest id read. */
  read: number;
  /** Missing ids between `released` and `read`, in ascending order. */
  gaps: ReadonlyMap<number, FeedGap>;
  /** Ids given up on: still looked for, handed on late if they come. */
  late: ReadonlyMap<number, LateWatch>;
}

export interface LateWatch {
  /** When the id was given up on. */
  since: number;
  proofXmax: number;
}

/** The reading statement's snapshot (PostgreSQL `pg_current_snapshot()`), transaction ids as numbers. */
export interface FeedSnapshot {
  xmin: number;
  xmax: number;
}

export interface FeedRead {
  /** Ids found, ascending: those above `cursor.read`, and any gap or late id looked for. */
  ids: readonly number[];
  /** The read stopped at its limit: nothing above this id was looked at. Null when it was complete. */
  limitedAt: number | null;
  /** Null where commits come in id order. */
  snapshot: FeedSnapshot | null;
  now: number;
  /**
   * The tailer's first read, looking back below the head: ids missing there are
   * mostly old rollbacks, so their proof starts at once rather than after
   * GAP_PROOF_AFTER_MS (an insert still in flight when an instance starts has
   * all but surely taken its transaction id by the time of that read).
   */
  first?: boolean;
}

export interface FeedStep {
  cursor: FeedCursor;
  /** Ids found after they were given up on: hand them on now, out of order. */
  cameLate: number[];
  /** Ids given up on in this step. */
  givenUp: number[];
  /** Missing ids not tracked because there were too many (MAX_TRACKED_GAPS). */
  untracked: number;
}

export function startCursor(head: number): FeedCursor {
  return { released: head, read: head, gaps: new Map(), late: new Map() };
}

/** The ids the next read looks for besides those above `cursor.read`. */
export function idsToLookFor(cursor: FeedCursor): number[] {
  return [...cursor.gaps.keys(), ...cursor.late.keys()];
}

export function advanceFeed(cursor: FeedCursor, read: FeedRead): FeedStep {
  const gaps = new Map(cursor.gaps);
  const late = new Map(cursor.late);
  const cameLate: number[] = [];
  const givenUp: number[] = [];
  let untracked = 0;
  let high = cursor.read;

  for (const id of read.ids) {
    if (id > high) {
      if (read.snapshot) {
        for (let missing = high + 1; missing < id; missing++) {
          if (gaps.size >= MAX_TRACKED_GAPS) untracked++;
          else gaps.set(missing, { since: read.first ? read.now - GAP_PROOF_AFTER_MS : read.now, proofXmax: null });
        }
      }
      high = id;
    } else if (!gaps.delete(id) && late.delete(id)) {
      cameLate.push(id);
    }
  }
  if (read.limitedAt !== null) high = Math.max(high, read.limitedAt);

  const snapshot = read.snapshot;
  if (snapshot) {
    // An id the read did not look at (above where it stopped) proves nothing by its absence.
    const lookedAt = (id: number) => read.limitedAt === null || id <= read.limitedAt;
    for (const [id, gap] of gaps) {
      if (!lookedAt(id) || read.now - gap.since < GAP_PROOF_AFTER_MS) continue;
      const proofXmax = gap.proofXmax ?? snapshot.xmax;
      if (snapshot.xmin >= proofXmax) {
        gaps.delete(id);
      } else if (read.now - gap.since >= GAP_GIVE_UP_MS) {
        gaps.delete(id);
        late.set(id, { since: read.now, proofXmax });
        givenUp.push(id);
      } else if (gap.proofXmax === null) {
        gaps.set(id, { since: gap.since, proofXmax });
      }
    }
    for (const [id, watch] of late) {
      if (!lookedAt(id)) continue;
      if (snapshot.xmin >= watch.proofXmax || read.now - watch.since >= LATE_WATCH_MS) late.delete(id);
    }
  }

  const firstGap = gaps.keys().next();
  const released = firstGap.done ? high : firstGap.value - 1;
  return { cursor: { released, read: high, gaps, late }, cameLate, givenUp, untracked };
}
