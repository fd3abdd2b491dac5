/**
 * Stores signed webhook bodies with group commit (group-commit.ts), so a burst
 * of webhooks costs a few commits instead of one each. Each request is
 * answered only after its body is stored, so an acknowledgement still means
 * "kept".
 *
 * `quietForMs` lets the webhook processor give way: Meta needs a quick 200, the
 * panels can wait a moment, so under a burst acknowledging comes first (within
 * the share of time domain/give-way.ts allows).
 */
import { storableText } from '@domain/stored-text';
import type { Db } from '../../store/db';
import { storeDeadLetter, storeWebhooks } from '../../store/webhook-inbox';
import type { Clock } from '../runtime/clock';
import { GroupCommit } from '../runtime/group-commit';

export class InboxWriter {
  private readonly commit: GroupCommit<string>;
  /** Wall time of the last store, for `quietForMs`. */
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

  /** How long no body has been stored (0 while one is being stored), in wall-clock ms. */
  quietForMs(): number {
    return this.commit.busy ? 0 : Date.now() - this.lastStoredAt;
  }
}
