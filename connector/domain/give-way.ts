/**
 * How the webhook processor shares time with acknowledging webhooks, with time passed in.
 *
 * Meta needs a quick 200 and the panels can wait a moment, so while webhooks keep
 * arriving the processor pauses between batches to let their stores through (on
 * SQLite they share one connection). A pause per batch ("wait for a 5 ms gap, up
 * to 250 ms") starves processing under a steady stream: at 300/s there is never a
 * gap, and 25 bodies per 250 ms is 100/s stored. So the pauses are bounded as a
 * share of time instead: over a drain, the processor pauses for at most `share`
 * of the time it has been working, and a processor that falls behind takes
 * bigger batches (fewer transactions per body) until it has caught up, as long
 * as a batch stays short (on SQLite, acknowledging waits while a batch holds
 * the one connection).
 */
export interface GiveWayRule {
  /** A gap this long in incoming webhooks ends a pause at once: the burst is over. */
  quietMs: number;
  /** The most of the processor's time spent pausing, 0..1. */
  share: number;
  /** Bodies per batch when keeping up. */
  minBatch: number;
  /** Bodies per batch at most when behind (bounds a transaction's size and what a failure re-does). */
  maxBatch: number;
  /**
   * How long a batch may take before the next is made smaller: on SQLite the webhooks being
   * acknowledged wait for the one connection while a batch holds it.
   */
  batchMs: number;
}

export const GIVE_WAY: GiveWayRule = { quietMs: 5, share: 0.2, minBatch: 25, maxBatch: 400, batchMs: 50 };

/**
 * The pause allowance of one drain: work earns pause time at `share / (1 - share)`
 * per ms worked, pauses spend it. A drain starts with no allowance, so the first
 * batch after a quiet moment is never delayed.
 */
export class GiveWayBudget {
  private earnedMs = 0;
  private spentMs = 0;

  constructor(private readonly rule: GiveWayRule = GIVE_WAY) {}

  /** A batch took `ms` of processing. */
  worked(ms: number): void {
    this.earnedMs += (Math.max(0, ms) * this.rule.share) / (1 - this.rule.share);
  }

  /** A pause lasted `ms`. */
  paused(ms: number): void {
    this.spentMs += Math.max(0, ms);
  }

  /**
   * How long to wait before the next batch, given how long no webhook has been
   * stored (0 while one is being stored): nothing once the webhooks have paused,
   * otherwise until they pause, but never beyond the allowance.
   */
  pauseMs(quietForMs: number): number {
    if (quietForMs >= this.rule.quietMs) return 0;
    return Math.max(0, Math.min(this.rule.quietMs - quietForMs, this.earnedMs - this.spentMs));
  }
}

/**
 * The next batch's size, from the last one's: back to the minimum once one does not come
 * back full (the processor has caught up); while they do (it is behind), doubled as long as
 * one takes under `batchMs`, halved when one took more than twice that, kept otherwise.
 */
export function nextBatchSize(last: { size: number; taken: number; tookMs: number }, rule: GiveWayRule = GIVE_WAY): number {
  if (last.taken < last.size) return rule.minBatch;
  if (last.tookMs < rule.batchMs) return Math.min(rule.maxBatch, last.size * 2);
  if (last.tookMs > 2 * rule.batchMs) return Math.max(rule.minBatch, Math.floor(last.size / 2));
  return last.size;
}
