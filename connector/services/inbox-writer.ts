/**
 * Stores signed webhook bodies with group commit (group-commit.ts), so a burst
 * of webhooks costs a few commits instead of one each. Each request is
 * answered only after its body is stored, so an acknowledgement still means
 * "kept".
 *
 * `whenQuiet` lets the webhook processor give way: Meta needs a quick 200, the
 * panels can wait a moment, so under a burst acknowledging comes first.
 */
import { storableText } from '@domain/stored-text';
import type { Db } from '../store/db';
import { storeDeadLetter, storeWebhooks } from '../store/webhook-inbox';
import type { Clock } from './clock';
import { GroupCommit } from './group-commit';

export class InboxWriter {
  private readonly commit: GroupCommit<string>;
  /** Wall time of the last store, for `whenQuiet`. */
  private lastStoredAt = 0;

  constructor(private readonly deps: { db: Db; clock: Clock; onStored: () => void; onDeadLetter?: () => Promise<unknown> }) {
    this.commit = new GroupCommit(async (bodies) => {
      await storeWebhooks(deps.db, bodies, deps.clock.now());
      this.lastStoredAt = Date.now();
      deps.onStored();
    });
  }

  store(body: string): Promise<void> {
    return this.commit.submit(body);
  }

  /**
   * Keeps a signed body that cannot be processed (see whatsapp/webhook-body.ts) as a dead
   * letter, never retried. It is not valid JSON, so it may hold a raw U+0000 that PostgreSQL
   * would refuse: that is replaced, the rest kept.
   */
  async refuse(body: string, reason: string): Promise<void> {
    await storeDeadLetter(this.deps.db, storableText(body), reason, this.deps.clock.now());
    await this.deps.onDeadLetter?.();
  }

  /**
   * Resolves once no body has been stored for `quietMs` (the burst is over),
   * or after `maxWaitMs` at the latest, so the waiting side still moves on.
   */
  async whenQuiet(quietMs: number, maxWaitMs: number): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const now = Date.now();
      const quietFor = this.commit.busy ? 0 : now - this.lastStoredAt;
      if (quietFor >= quietMs || now >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(quietMs - quietFor, deadline - now)));
    }
  }
}
