/**
 * Records what happened to sends in flight with group commit: the outcomes
 * that arrive while one write is in progress go into the next, in one
 * transaction, with their live events. At hundreds of sends per second this
 * turns hundreds of small transactions into a few larger ones.
 */
import { appendEvents } from '../store/events';
import { findMessageViews, idsByWamid } from '../store/messages';
import type { ClaimedMessage } from '../store/outbox';
import type { Executor } from '../store/rows';
import type { ServiceDeps } from './deps';
import { GroupCommit } from './group-commit';
import { recordStatusAudits } from './status-audit';

export type OutcomeChange = (trx: Executor, now: number) => Promise<void>;

interface Pending {
  claimed: ClaimedMessage;
  change: OutcomeChange;
}

export class OutcomeRecorder {
  private readonly commit: GroupCommit<Pending>;

  constructor(private readonly deps: ServiceDeps) {
    // One bad change must not lose the others: a failed batch is applied one by one.
    this.commit = new GroupCommit((batch) => this.apply(batch), { retryAlone: true, afterBatch: () => deps.live.notify() });
  }

  /** Applies `change` for a claimed message and pushes its new state; resolves once committed. */
  record(claimed: ClaimedMessage, change: OutcomeChange): Promise<void> {
    return this.commit.submit({ claimed, change });
  }

  private async apply(batch: Pending[]): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (trx) => {
      for (const p of batch) await p.change(trx, now);
      // A reaction's state shows on the message it reacts to, so that one is pushed too.
      const reactionTargets = batch.flatMap((p) => {
        const target = p.claimed.content.type === 'reaction' ? (p.claimed.content.reaction as { message_id?: string } | undefined)?.message_id : undefined;
        return target ? [target] : [];
      });
      const targets = await idsByWamid(trx, reactionTargets);
      const views = await findMessageViews(trx, [...batch.map((p) => p.claimed.id), ...targets.map((t) => t.id)]);
      const contactOf = new Map<number, number>([...targets.map((t) => [t.id, t.contact_id] as const), ...batch.map((p) => [p.claimed.id, p.claimed.contactId] as const)]);
      await appendEvents(trx, views.map((message) => ({ contactId: contactOf.get(message.id)!, event: { type: 'message', message } })), now);
      // The trail last: its lock (PostgreSQL) is then held only until the commit right after.
      await recordStatusAudits(trx, batch.map((p) => p.claimed.id), now);
    });
  }
}
