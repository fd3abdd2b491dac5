/**
 * Stores signed webhook bodies with group commit: the bodies that arrive while
 * a write is in progress are stored together in the next one, so a burst of
 * webhooks costs a few commits instead of one each. Each request is answered
 * only after its body is stored, so an acknowledgement still means "kept".
 *
 * `whenQuiet` lets the webhook processor give way: Meta needs a quick 200, the
 * panels can wait a moment, so under a burst acknowledging comes first.
 */
import type { Db } from '../store/db';
import { storeWebhooks } from '../store/webhook-inbox';
import type { Clock } from './clock';

interface Waiting {
  body: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class InboxWriter {
  private waiting: Waiting[] = [];
  private writing = false;
  /** Wall time of the last store, for `whenQuiet`. */
  private lastStoredAt = 0;

  constructor(private readonly deps: { db: Db; clock: Clock; onStored: () => void }) {}

  store(body: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ body, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    while (this.waiting.length) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await storeWebhooks(this.deps.db, batch.map((w) => w.body), this.deps.clock.now());
        for (const w of batch) w.resolve();
        this.deps.onStored();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.writing = false;
    this.lastStoredAt = Date.now();
  }

  /**
   * Resolves once no body has been stored for `quietMs` (the burst is over),
   * or after `maxWaitMs` at the latest, so the waiting side still moves on.
   */
  async whenQuiet(quietMs: number, maxWaitMs: number): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const now = Date.now();
      const quietFor = this.writing ? 0 : now - this.lastStoredAt;
      if (quietFor >= quietMs || now >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(quietMs - quietFor, deadline - now)));
    }
  }
}
