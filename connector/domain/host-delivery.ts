/**
 * How the host outbox treats a host's answer (issue 14, "Delivered like WhatsApp sends"):
 * what is retried, after how long, what pauses the host, and what becomes a dead letter.
 * Time and chance are passed in.
 *
 * - 2xx: delivered.
 * - 429: the host asks us to slow down; wait what `Retry-After` says (seconds or an
 *   HTTP date, RFC 9110 §10.2.3), for the whole host, and do not count it as a failure.
 * - 401, 403: the host refuses our credential; retrying cannot help until an operator
 *   fixes it, so the host pauses (nothing is lost: deliveries wait) and an alert is raised.
 * - 408, 5xx, a timeout or a network error: the host or the way to it is in trouble;
 *   retried with exponential backoff and jitter, then kept as a dead letter.
 * - any other 4xx: the host refuses this event for good (a shape it will never take);
 *   kept as a dead letter at once, for an admin to look at and replay.
 */

export type HostCallOutcome =
  | { kind: 'delivered' }
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'credentials-refused'; status: number }
  | { kind: 'transient'; status: number | null; reason: string }
  | { kind: 'permanent'; status: number; reason: string };

/** Attempts (429 and paused ones excepted) before a delivery becomes a dead letter: about an hour of trying. */
export const HOST_DELIVERY_ATTEMPTS = 10;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 15 * 60_000;
/** Used when a 429 carries no usable Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 10_000;
/** A host's Retry-After is believed up to this long; a longer one is capped (a typo should not stall a host for a day). */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** Reads a Retry-After header: delay-seconds or an HTTP date, relative to `now`. */
export function retryAfterMs(header: string | null | undefined, now: number): number {
  if (!header) return DEFAULT_RETRY_AFTER_MS;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(MAX_RETRY_AFTER_MS, Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return DEFAULT_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now));
}

/** What an HTTP answer from a host means for the delivery. */
export function outcomeOfStatus(status: number, retryAfter: string | null, now: number): HostCallOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 429) return { kind: 'rate-limited', retryAfterMs: retryAfterMs(retryAfter, now) };
  if (status === 401 || status === 403) return { kind: 'credentials-refused', status };
  if (status === 408 || status >= 500) return { kind: 'transient', status, reason: `the host answered ${status}` };
  return { kind: 'permanent', status, reason: `the host refused the call with ${status}` };
}

/**
 * The delay before the next attempt after failure number `attempts` (1 = the first), or
 * null when the delivery is now a dead letter. `random` in [0, 1) spreads retries.
 */
export function hostRetryDelayMs(attempts: number, random: number): number | null {
  if (attempts >= HOST_DELIVERY_ATTEMPTS) return null;
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** What the worker does with a claimed delivery after the host answered. */
export type DeliveryStep =
  | { next: 'delivered' }
  | { next: 'retry'; at: number; countsAsAttempt: boolean; holdHostUntil: number | null }
  | { next: 'pause-host' }
  | { next: 'dead'; reason: string };

export function nextDeliveryStep(outcome: HostCallOutcome, attempts: number, now: number, random: number): DeliveryStep {
  switch (outcome.kind) {
    case 'delivered':
      return { next: 'delivered' };
    case 'rate-limited':
      return { next: 'retry', at: now + outcome.retryAfterMs, countsAsAttempt: false, holdHostUntil: now + outcome.retryAfterMs };
    case 'credentials-refused':
      return { next: 'pause-host' };
    case 'transient': {
      const delay = hostRetryDelayMs(attempts, random);
      return delay === null
        ? { next: 'dead', reason: `${outcome.reason}; gave up after ${attempts} attempts` }
        : { next: 'retry', at: now + delay, countsAsAttempt: true, holdHostUntil: null };
    }
    case 'permanent':
      return { next: 'dead', reason: outcome.reason };
  }
}

/** A dead or waiting delivery as the admin API shows it (GET /api/admin/hosts/dead-letters). */
export interface HostDeliveryView {
  id: number;
  host: string;
  eventId: string;
  type: string;
  contactId: number;
  attempts: number;
  createdAt: number;
  failedAt: number | null;
  error: string | null;
}

export interface HostDeliveryPage {
  /** Newest first. */
  data: HostDeliveryView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: string | null;
}

/** One configured host as the admin API shows it (GET /api/admin/hosts). */
export interface HostStatusView {
  host: string;
  /** The host refused its credential: deliveries wait until it is fixed (restart, or POST …/resume). */
  pausedAt: number | null;
  pausedReason: string | null;
  /** The host asked to slow down (429) until then. */
  heldUntil: number | null;
  pending: number;
  dead: number;
}

/** Text with each secret replaced: a host's error body may echo what we sent, credentials included. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}
