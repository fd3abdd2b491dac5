import { describe, expect, test } from 'vitest';
import { MAX_SEND_ATTEMPTS, retryDelayMs, WEBHOOK_ATTEMPTS, webhookRetryDelayMs } from '@domain/retry';

describe('retryDelayMs', () => {
  test.each([
    { attempt: 1, random: 0, expected: 500 },
    { attempt: 1, random: 0.999, expected: 1000 },
    { attempt: 3, random: 0.5, expected: 3000 },
    { attempt: 7, random: 0, expected: 32_000 },
  ])('backs off exponentially with jitter: attempt $attempt, random $random → $expected ms', ({ attempt, random, expected }) => {
    expect(retryDelayMs('backoff', attempt, random)).toBe(expected);
  });

  test.each([
    { attempt: 1, expected: 1_000 },
    { attempt: 2, expected: 4_000 },
    { attempt: 3, expected: 16_000 },
  ])('waits 4^X seconds for the pair rate limit (attempt $attempt)', ({ attempt, expected }) => {
    expect(retryDelayMs('recipient', attempt, 0.3)).toBe(expected);
  });

  test('gives up after the last attempt', () => {
    expect(retryDelayMs('backoff', MAX_SEND_ATTEMPTS, 0)).toBeNull();
  });

  test.each(['never', 'token'] as const)('does not retry %s errors', (policy) => {
    expect(retryDelayMs(policy, 1, 0)).toBeNull();
  });
});

describe('webhookRetryDelayMs', () => {
  test.each([
    { failures: 1, expected: 30_000 },
    { failures: 2, expected: 120_000 },
    { failures: 3, expected: 480_000 },
    { failures: 4, expected: 1_920_000 },
  ])('retries a failed webhook body later, longer each time: failure $failures → $expected ms', ({ failures, expected }) => {
    expect(webhookRetryDelayMs(failures)).toBe(expected);
  });

  test('makes it a dead letter after the last attempt', () => {
    expect(WEBHOOK_ATTEMPTS).toBe(5);
    expect(webhookRetryDelayMs(WEBHOOK_ATTEMPTS)).toBeNull();
  });
});
