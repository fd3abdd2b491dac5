import { describe, expect, test } from 'vitest';
import {
  advanceFeed,
  GAP_GIVE_UP_MS,
  GAP_PROOF_AFTER_MS,
  idsToLookFor,
  LATE_WATCH_MS,
  MAX_TRACKED_GAPS,
  startCursor,
  type FeedCursor,
  type FeedSnapshot,
} from '@domain/feed-cursor';

/** A transaction running in the cluster keeps xmin below xmax; none running makes them equal. */
const busy = (xmin: number, xmax = xmin + 5): FeedSnapshot => ({ xmin, xmax });
const idle = (x: number): FeedSnapshot => ({ xmin: x, xmax: x });

function step(cursor: FeedCursor, ids: number[], now: number, snapshot: FeedSnapshot | null = busy(100), limitedAt: number | null = null) {
  return advanceFeed(cursor, { ids, limitedAt, snapshot, now });
}

describe('the live tailer hands on events in id order, never past one still missing', () => {
  test('consecutive ids are released at once', () => {
    const { cursor } = step(startCursor(10), [11, 12, 13], 0);
    expect(cursor).toMatchObject({ released: 13, read: 13 });
    expect(cursor.gaps.size).toBe(0);
  });

  test('an id committed after a later one holds the later back until it comes (PostgreSQL commit order)', () => {
    const first = step(startCursor(10), [11, 13], 0);
    expect(first.cursor).toMatchObject({ released: 11, read: 13 });
    expect(idsToLookFor(first.cursor)).toEqual([12]);
    const second = step(first.cursor, [12, 14], 50);
    expect(second.cursor).toMatchObject({ released: 14, read: 14 });
    expect(second.cursor.gaps.size).toBe(0);
    expect(second.cameLate).toEqual([]);
  });

  test('where commits come in id order (SQLite, no snapshot), a missing id is final at once', () => {
    const { cursor } = step(startCursor(10), [11, 15], 0, null);
    expect(cursor).toMatchObject({ released: 15, read: 15 });
    expect(cursor.gaps.size).toBe(0);
  });

  test.each([
    { case: 'too soon: the insert may not have its transaction id yet', after: GAP_PROOF_AFTER_MS - 1, snapshot: idle(200), released: 11 },
    { case: 'old enough, and no transaction running: it never comes', after: GAP_PROOF_AFTER_MS, snapshot: idle(200), released: 13 },
    { case: 'old enough, but transactions still running', after: GAP_PROOF_AFTER_MS, snapshot: busy(150), released: 11 },
  ])('a rolled-back id is proven gone: $case', ({ after, snapshot, released }) => {
    const missed = step(startCursor(10), [11, 13], 0);
    expect(step(missed.cursor, [], after, snapshot).cursor.released).toBe(released);
  });

  test('the proof needs every transaction running at the first look (after the grace) to end: xmin reaching that xmax', () => {
    const missed = step(startCursor(10), [11, 13], 0);
    const looked = step(missed.cursor, [], GAP_PROOF_AFTER_MS, busy(150, 160));
    expect(looked.cursor.gaps.get(12)?.proofXmax).toBe(160);
    expect(step(looked.cursor, [], GAP_PROOF_AFTER_MS + 100, busy(159, 170)).cursor.released).toBe(11);
    expect(step(looked.cursor, [], GAP_PROOF_AFTER_MS + 100, busy(160, 170)).cursor.released).toBe(13);
  });

  test('a long transaction elsewhere: after GAP_GIVE_UP_MS later events go on, and the missing id, if it comes, is handed on late', () => {
    const missed = step(startCursor(10), [11, 13], 0);
    const waiting = step(missed.cursor, [], GAP_PROOF_AFTER_MS, busy(50));
    expect(waiting.cursor.released).toBe(11);
    const givenUp = step(waiting.cursor, [], GAP_GIVE_UP_MS, busy(50));
    expect(givenUp.givenUp).toEqual([12]);
    expect(givenUp.cursor.released).toBe(13);
    expect(idsToLookFor(givenUp.cursor)).toEqual([12]);
    const came = step(givenUp.cursor, [12, 14], GAP_GIVE_UP_MS + 10, busy(50));
    expect(came.cameLate).toEqual([12]);
    expect(came.cursor).toMatchObject({ released: 14, read: 14 });
    expect(idsToLookFor(came.cursor)).toEqual([]);
  });

  test('a given-up id stops being looked for once proven gone, or after LATE_WATCH_MS', () => {
    const missed = step(startCursor(10), [11, 13], 0);
    const givenUp = step(step(missed.cursor, [], GAP_PROOF_AFTER_MS, busy(50, 60)).cursor, [], GAP_GIVE_UP_MS, busy(50));
    expect(idsToLookFor(step(givenUp.cursor, [], GAP_GIVE_UP_MS + 1, busy(60)).cursor)).toEqual([]);
    expect(idsToLookFor(step(givenUp.cursor, [], GAP_GIVE_UP_MS + LATE_WATCH_MS - 1, busy(50)).cursor)).toEqual([12]);
    expect(idsToLookFor(step(givenUp.cursor, [], GAP_GIVE_UP_MS + LATE_WATCH_MS, busy(50)).cursor)).toEqual([]);
  });

  test('a read cut at its limit proves nothing about ids above where it stopped', () => {
    // 12 and 20 are missing; the next read stops at 15, so 20's absence says nothing.
    const missed = step(startCursor(10), [11, 13, 14, 15, 16, 17, 18, 19, 21], 0);
    const cut = step(missed.cursor, [22, 23], GAP_PROOF_AFTER_MS, idle(500), 23);
    expect(cut.cursor.released).toBe(23);
    const cutLow = advanceFeed(missed.cursor, { ids: [], limitedAt: 15, snapshot: idle(500), now: GAP_PROOF_AFTER_MS });
    expect(idsToLookFor(cutLow.cursor)).toEqual([20]);
    expect(cutLow.cursor.released).toBe(19);
  });

  test('missing ids beyond MAX_TRACKED_GAPS are not tracked (a jump in the sequence, not concurrency)', () => {
    const jump = step(startCursor(0), [MAX_TRACKED_GAPS + 101], 0);
    expect(jump.cursor.gaps.size).toBe(MAX_TRACKED_GAPS);
    expect(jump.untracked).toBe(100);
    expect(jump.cursor.released).toBe(0);
  });

  test('released never moves back', () => {
    let cursor = startCursor(0);
    let released = 0;
    const reads: number[][] = [[1, 2, 5], [7], [3], [4, 6], [], [8, 9]];
    reads.forEach((ids, i) => {
      cursor = step(cursor, ids, i * 10).cursor;
      expect(cursor.released).toBeGreaterThanOrEqual(released);
      released = cursor.released;
    });
    expect(cursor).toMatchObject({ released: 9, read: 9 });
  });
});
