/**
 * How long the outbox waits before sending again.
 *
 * Server trouble and throughput limits back off exponentially with jitter, so
 * many waiting messages do not all retry in the same instant. The pair rate
 * limit (131056) asks for 4^X seconds for that customer only.
 * Source: Meta, support/error-codes and about-the-platform#rate-limits.
 */
import type { RetryPolicy } from './meta-errors';

export const MAX_SEND_ATTEMPTS = 8;
const BASE_MS = 1_000;
const MAX_MS = 5 * 60_000;

/**
 * The delay before attempt `attempt + 1`, or null when the message should fail now.
 * `random` is a number in [0, 1), passed in so the rule stays testable.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: number): number | null {
  if (attempt >= MAX_SEND_ATTEMPTS) return null;
  switch (policy) {
    case 'backoff': {
      const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** (attempt - 1));
      return Math.round(ceiling / 2 + (ceiling / 2) * random);
    }
    case 'recipient':
      return Math.min(MAX_MS, 4 ** (attempt - 1) * 1_000);
    default:
      return null;
  }
}

/**
 * A stored webhook body that fails to apply is tried again WEBHOOK_ATTEMPTS times in all,
 * over about three quarters of an hour (30 s, 2 min, 8 min, 32 min), long enough to outlast
 * a database restart; then it becomes a dead letter for an operator. Meta cannot send it
 * again (its retries stop once we answered 200), so it is never deleted.
 */
export const WEBHOOK_ATTEMPTS = 5;
const WEBHOOK_FIRST_RETRY_MS = 30_000;

/** The delay after failure number `failures` (1 = the first), or null when the body is now a dead letter. */
export function webhookRetryDelayMs(failures: number): number | null {
  if (failures >= WEBHOOK_ATTEMPTS) return null;
  return WEBHOOK_FIRST_RETRY_MS * 4 ** (failures - 1);
}
