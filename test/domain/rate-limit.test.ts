import { describe, expect, test } from 'vitest';
import { numberBucket, NumbersPacing, pairBucket, PAIR_BURST, PAIR_INTERVAL_MS, SHARE_RECHECK_MS, TokenBucket } from '../../connector/domain/rate-limit';
import { mostInAnySecond } from '../support/rates';

/** A worker as greedy as can be: every millisecond it takes every token there is. */
function drain(bucket: TokenBucket, fromMs: number, forMs: number, stepMs = 1): number[] {
  const taken: number[] = [];
  for (let now = fromMs; now < fromMs + forMs; now += stepMs) {
    const { count } = bucket.takeUpTo(Number.MAX_SAFE_INTEGER, now);
    for (let i = 0; i < count; i++) taken.push(now);
  }
  return taken;
}

describe('the number’s throughput limit', () => {
  test.each([1, 80, 250, 1000])('at %i/s, no one-second window ever holds more than the limit, starting full', (mps) => {
    const times = drain(numberBucket(mps, 0), 0, 10_000);
    expect(mostInAnySecond(times)).toBeLessThanOrEqual(mps);
  });

  test.each([80, 1000])('at %i/s, a sender kept waiting still gets at least 85 %% of the limit sustained', (mps) => {
    const times = drain(numberBucket(mps, 0), 0, 10_000);
    expect(times.length / 10).toBeGreaterThanOrEqual(mps * 0.85);
  });

  test('after a quiet spell, the burst it saved does not add to a full second', () => {
    const bucket = numberBucket(1000, 0);
    drain(bucket, 0, 2_000);
    const times = drain(bucket, 60_000, 3_000, 7);
    expect(mostInAnySecond(times)).toBeLessThanOrEqual(1000);
  });

  test('why: a plain bucket at the limit lets its burst through on top of a full second', () => {
    const plain = TokenBucket.perSecond(1000, 0, 100);
    expect(mostInAnySecond(drain(plain, 0, 2_000))).toBeGreaterThan(1000);
  });

  test('tokens given back are not more than the bucket holds', () => {
    const bucket = numberBucket(1000, 0);
    const { count } = bucket.takeUpTo(10, 0);
    bucket.giveBack(count + 500);
    expect(bucket.takeUpTo(10_000, 0).count).toBe(bucket.capacity);
  });

  test('an empty bucket says how long until the next token', () => {
    const bucket = numberBucket(80, 0);
    bucket.takeUpTo(1000, 0);
    const { count, waitMs } = bucket.takeUpTo(1, 0);
    expect(count).toBe(0);
    expect(waitMs).toBeGreaterThan(0);
    expect(bucket.takeUpTo(1, waitMs).count).toBe(1);
  });
});

describe('one customer’s pair limit', () => {
  test(`a burst of ${PAIR_BURST}, then one message every ${PAIR_INTERVAL_MS / 1000} s`, () => {
    const bucket = pairBucket(0);
    for (let i = 0; i < PAIR_BURST; i++) expect(bucket.take(0).ok).toBe(true);
    const refused = bucket.take(0);
    expect(refused).toEqual({ ok: false, waitMs: PAIR_INTERVAL_MS });
    expect(bucket.take(PAIR_INTERVAL_MS - 1).ok).toBe(false);
    expect(bucket.take(PAIR_INTERVAL_MS).ok).toBe(true);
  });
});

describe('several business numbers', () => {
  test('each number keeps its own limit: one sending its fill does not slow the other, and neither exceeds its own', () => {
    const pacing = new NumbersPacing(80);
    // Support sends greedily for 10 s; Sales starts afterwards and still gets its whole allowance.
    const support = drain(pacing.of('support', 0), 0, 10_000);
    const sales = drain(pacing.of('sales', 0), 0, 10_000);
    for (const times of [support, sales]) {
      expect(mostInAnySecond(times)).toBeLessThanOrEqual(80);
      expect(times.length / 10).toBeGreaterThanOrEqual(80 * 0.85);
    }
    expect(pacing.of('support', 10_000)).toBe(pacing.of('support', 20_000));
  });
});

describe('several instances sending for one number', () => {
  test('each at half: together never over the limit in any second, and together still at least 85 % of it', () => {
    const a = new NumbersPacing(1000, { part: 0.5, until: Infinity });
    const b = new NumbersPacing(1000, { part: 0.5, until: Infinity });
    const times = [...drain(a.of('support', 0), 0, 10_000), ...drain(b.of('support', 0), 0, 10_000)];
    expect(mostInAnySecond(times)).toBeLessThanOrEqual(1000);
    expect(times.length / 10).toBeGreaterThanOrEqual(1000 * 0.85);
  });

  test('a smaller part starts empty: what was sent at the whole limit is not followed by a burst at the half', () => {
    const running = new NumbersPacing(1000);
    const before = drain(running.of('support', 0), 0, 5_000);
    running.shareWith({ part: 0.5, until: Infinity });
    const joining = new NumbersPacing(1000, { part: 0.5, until: Infinity });
    const after = [...drain(running.of('support', 5_000), 5_000, 5_000), ...drain(joining.of('support', 5_000), 5_000, 5_000)];
    expect(mostInAnySecond([...before, ...after])).toBeLessThanOrEqual(1000);
    // The same part again changes nothing: the bucket, and what it holds, stay.
    const bucket = running.of('support', 10_000);
    running.shareWith({ part: 0.5, until: Infinity });
    expect(running.of('support', 10_000)).toBe(bucket);
  });

  test('nothing is sent before the first share, with no part, or once the share has run out; the send looks again within a second or two', () => {
    for (const pacing of [new NumbersPacing(80, null), new NumbersPacing(80, { part: 0, until: Infinity }), new NumbersPacing(80, { part: 1, until: 999 })]) {
      expect(pacing.pausedFor(1_000)).toBe(SHARE_RECHECK_MS);
      const refused = pacing.of('support', 1_000).take(1_000);
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.waitMs).toBeGreaterThanOrEqual(SHARE_RECHECK_MS);
      expect(!refused.ok && refused.waitMs).toBeLessThan(2 * SHARE_RECHECK_MS);
    }
    const renewed = new NumbersPacing(80, null);
    renewed.shareWith({ part: 1, until: 5_000 });
    expect(renewed.pausedFor(1_000)).toBe(0);
    expect(renewed.of('support', 1_000).takeUpTo(100, 1_000).count).toBe(numberBucket(80, 0).capacity);
  });
});
