/**
 * Token buckets for WhatsApp's throughput limits, with time passed in.
 *
 * Per number: 80 messages per second by default, up to 1,000 after Meta's
 * automatic upgrade (Meta: throughput; error 130429 beyond it).
 * Per customer: one message every 6 s sustained, bursts of up to 45 borrowing
 * future quota (Meta: about-the-platform#rate-limits; error 131056 beyond it).
 */
export const DEFAULT_MPS = 80;
export const MAX_MPS = 1000;
export const PAIR_BURST = 45;
export const PAIR_INTERVAL_MS = 6_000;

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    /** Tokens added per millisecond. */
    readonly refillPerMs: number,
    now: number,
    /** Full unless said otherwise; an empty bucket whose `now` is later fills from then on. */
    tokens = capacity,
  ) {
    this.tokens = tokens;
    this.updatedAt = now;
  }

  static perSecond(rate: number, now: number, burst = rate): TokenBucket {
    return new TokenBucket(burst, rate / 1000, now);
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.refillPerMs);
      this.updatedAt = now;
    }
  }

  /** Takes a token if there is one; otherwise says how many ms until there is. */
  take(now: number): { ok: true } | { ok: false; waitMs: number } {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, waitMs: this.msUntilToken(now) };
  }

  /** How long until a whole token is in: its refill, after the start of a bucket that starts later. */
  private msUntilToken(now: number): number {
    return Math.max(0, this.updatedAt - now) + Math.ceil((1 - this.tokens) / this.refillPerMs);
  }

  /** Takes as many whole tokens as there are, up to `wanted`; with none, says how long until one. */
  takeUpTo(wanted: number, now: number): { count: number; waitMs: number } {
    this.refill(now);
    const count = Math.max(0, Math.min(wanted, Math.floor(this.tokens)));
    this.tokens -= count;
    return { count, waitMs: count > 0 ? 0 : this.msUntilToken(now) };
  }

  /** Gives back tokens taken for nothing (fewer messages were due than tokens taken). */
  giveBack(count = 1): void {
    this.tokens = Math.min(this.capacity, this.tokens + count);
  }
}

/**
 * The limit of one business number: never more than `mps` messages in any one
 * second, wherever that second starts. A plain bucket of rate `mps` would let
 * its burst through on top of a full second's refill (1,100 in a second at
 * 1,000/s with a burst of 100), which Meta answers with 130429. So the burst and
 * the refill together stay under the limit, with a margin of one burst for the
 * network, which may bunch up sends made a few milliseconds apart.
 */
export function numberBucket(mps: number, now: number, start: 'full' | 'empty' = 'full'): TokenBucket {
  const burst = Math.max(1, Math.floor(mps / 20));
  // A part of a small limit can be under one a second: it is not rounded up past the limit. (Its burst
  // stays one, so many instances with tiny parts could each send one at once; Meta's smallest limit,
  // 80 a second, is far from that.)
  const rate = Math.max(Math.min(1, mps), mps - 2 * burst);
  return new TokenBucket(burst, rate / 1000, now, start === 'full' ? burst : 0);
}

/**
 * The part of every number's limit this instance may use, as the instances' register allows it
 * (services/runtime/instance-register.ts): 1 alone, an even share beside others, 0 while others
 * have not yet made room for it. It holds until `until` (this host's clock): an instance that cannot
 * renew it in time stops sending before the others stop counting it.
 */
export interface InstanceShare {
  part: number;
  until: number;
}

/** While sending is paused (no share yet, none left, or one that ran out), the outbox looks again this much later; a new share wakes it. */
export const SHARE_RECHECK_MS = 1_000;

/**
 * The limits of several business numbers sending at once. Meta's throughput limit is per
 * number, so one number sending its fill never slows another: each has its own bucket.
 * Instances on one database take parts of each limit that together never exceed it.
 */
export class NumbersPacing {
  private readonly each = new Map<string, TokenBucket>();
  /** New buckets start full only for a first share (a lone instance starting); after a change, empty. */
  private startFull = true;

  /** `share` null: nothing is sent until the first share (shareWith). */
  constructor(
    private readonly mps: number,
    private share: InstanceShare | null = { part: 1, until: Infinity },
  ) {}

  /**
   * A new share. A different part starts each bucket empty: what was sent at the old part is never
   * followed by a fresh burst at the new one. The same part only moves `until` on.
   */
  shareWith(share: InstanceShare): void {
    const samePart = this.share?.part === share.part;
    if (!samePart) {
      this.startFull = this.share === null;
      this.each.clear();
    }
    this.share = share;
  }

  /** How long sending waits before looking again: 0 while this instance holds a part of the limits. */
  pausedFor(now: number): number {
    return this.share && this.share.part > 0 && now <= this.share.until ? 0 : SHARE_RECHECK_MS;
  }

  /** The bucket of one number (by its phone number id), made the first time it is asked for. */
  of(numberId: string, now: number): TokenBucket {
    if (this.pausedFor(now) > 0) return numberBucket(this.mps, now + SHARE_RECHECK_MS, 'empty');
    let bucket = this.each.get(numberId);
    if (!bucket) {
      bucket = numberBucket(this.mps * this.share!.part, now, this.startFull ? 'full' : 'empty');
      this.each.set(numberId, bucket);
    }
    return bucket;
  }
}

/** The pair limit for one customer: a burst of 45, then one per 6 s. */
export function pairBucket(now: number): TokenBucket {
  return new TokenBucket(PAIR_BURST, 1 / PAIR_INTERVAL_MS, now);
}
