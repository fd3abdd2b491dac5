import { describe, expect, test } from 'vitest';
import { GIVE_WAY, GiveWayBudget, nextBatchSize } from '../../connector/domain/give-way';

const rule = { quietMs: 5, share: 0.2, minBatch: 25, maxBatch: 400, batchMs: 50 };

describe('give-way budget', () => {
  test('once the webhooks have paused, the next batch starts at once', () => {
    const budget = new GiveWayBudget(rule);
    budget.worked(1_000);
    expect(budget.pauseMs(5)).toBe(0);
    expect(budget.pauseMs(60_000)).toBe(0);
  });

  test('the first batch of a drain is never delayed: pauses are earned by working', () => {
    expect(new GiveWayBudget(rule).pauseMs(0)).toBe(0);
  });

  test('under a steady stream, pausing takes at most its share of the time', () => {
    const budget = new GiveWayBudget(rule);
    let working = 0;
    let pausing = 0;
    // 1,000 batches of 20 ms each while a webhook is stored every moment (never quiet).
    for (let i = 0; i < 1_000; i++) {
      budget.worked(20);
      working += 20;
      for (let pause = budget.pauseMs(0); pause > 0; pause = budget.pauseMs(0)) {
        budget.paused(pause);
        pausing += pause;
      }
    }
    expect(pausing / (working + pausing)).toBeCloseTo(rule.share, 5);
  });

  test('a pause lasts until the webhooks pause, never beyond the quiet gap asked for', () => {
    const budget = new GiveWayBudget(rule);
    budget.worked(1_000);
    expect(budget.pauseMs(0)).toBe(5);
    expect(budget.pauseMs(3)).toBe(2);
  });

  test('a pause that overran (a late timer) is paid back before the next one', () => {
    const budget = new GiveWayBudget(rule);
    budget.worked(40); // earns 10 ms
    budget.paused(30);
    expect(budget.pauseMs(0)).toBe(0);
    budget.worked(100); // earns 25 ms: 5 ms left after the overrun
    expect(budget.pauseMs(0)).toBe(5);
  });
});

describe('batch size', () => {
  test('doubles while batches come back full and quick, up to the most, and drops back once one does not come back full', () => {
    expect(nextBatchSize({ size: 25, taken: 25, tookMs: 10 }, rule)).toBe(50);
    expect(nextBatchSize({ size: 50, taken: 50, tookMs: 20 }, rule)).toBe(100);
    expect(nextBatchSize({ size: 400, taken: 400, tookMs: 30 }, rule)).toBe(400);
    expect(nextBatchSize({ size: 200, taken: 120, tookMs: 10 }, rule)).toBe(25);
  });

  test('a full batch that took long is not grown, and one that took over twice as long is halved, never below the least', () => {
    expect(nextBatchSize({ size: 100, taken: 100, tookMs: 70 }, rule)).toBe(100);
    expect(nextBatchSize({ size: 100, taken: 100, tookMs: 150 }, rule)).toBe(50);
    expect(nextBatchSize({ size: 25, taken: 25, tookMs: 500 }, rule)).toBe(25);
  });

  test('the default rule starts small and allows a bigger batch when behind', () => {
    expect(GIVE_WAY.minBatch).toBeLessThan(GIVE_WAY.maxBatch);
    expect(GIVE_WAY.share).toBeGreaterThan(0);
    expect(GIVE_WAY.share).toBeLessThan(1);
  });
});
