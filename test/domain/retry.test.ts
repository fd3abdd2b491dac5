import { describe, expect, test } from 'vitest';
import { MAX_SEND_ATTEMPTS, retryDelayMs } from '@domain/retry';

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
