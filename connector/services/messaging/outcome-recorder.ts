/**
 * Records what happened to sends in flight with group commit: the outcomes
 * that arrive while one write is in progress go into the next, in one
 * transaction, with their live events. At hundreds of sends per second this
 * turns hundreds of small transactions into a few larger ones.
 */
import { targetOf, type OutboundContent } from '@domain/outbound';
import { appendMessageEvents } from '../../store/events';
import { idsByWamid } from '../../store/messages';
import { markAcceptedMany, type ClaimedMessage } from '../../store/outbox';
import type { Executor } from '../../store/rows';
import type { ServiceDeps } from '../runtime/deps';
import { confirmRecipient } from '../contacts/contact-identity';
import { GroupCommit } from '../runtime/group-commit';
import { recordStatusAudits } from './status-audit';
import { statusEvents } from '../hosts/host-events';

export type OutcomeChange = (trx: Executor, now: number) => Promise<void>;

/** A change to apply, or a send the provider accepted (applied together with the batch's others). */
type Pending = { claimed: ClaimedMessage } & ({ change: OutcomeChange } | { wamid: string; waId: string | null });

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

  /**
   * The provider accepted the send and named its id; resolves once committed.
   * `waId` is the recipient's id as Meta answered it, when it differs from the
   * contact's: the message then joins the customer's own thread (contact-identity.ts).
   */
  accepted(claimed: ClaimedMessage, wamid: string, waId: string | null = null): Promise<void> {
    return this.commit.submit({ claimed, wamid, waId });
  }

  private async apply(batch: Pending[]): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (trx) => {
      for (const p of batch) if ('change' in p) await p.change(trx, now);
      // Where each message lives once Meta has named its recipient.
      const contactOf = new Map<number, number>();
      for (const p of batch) if ('wamid' in p && p.waId) contactOf.set(p.claimed.id, await confirmRecipient(trx, p.claimed.contactId, p.waId, now));
      await markAcceptedMany(
        trx,
        batch.flatMap((p) => ('wamid' in p ? [{ id: p.claimed.id, wamid: p.wamid }] : [])),
        now,
      );
      // A reaction's state shows on the message it reacts to, so that one is pushed too.
      // Stored content passed the outbound checks when it was accepted.
      const reactionTargets = batch.flatMap((p) => {
        const target = targetOf(p.claimed.content as unknown as OutboundContent);
        return target?.as === 'reaction' ? [target.wamid] : [];
      });
      const targets = await idsByWamid(trx, reactionTargets);
      await appendMessageEvents(
        trx,
        [
          ...batch.map((p) => ({ id: p.claimed.id, contactId: contactOf.get(p.claimed.id) ?? p.claimed.contactId })),
          ...targets.map((t) => ({ id: t.id, contactId: t.contact_id })),
        ],
        now,
      );
      // The trail last: its lock (PostgreSQL) is then held only until the commit right after.
      const statuses = await recordStatusAudits(
        trx,
        batch.map((p) => p.claimed.id),
        now,
      );
      await this.deps.hostEvents?.record(trx, statusEvents(statuses), now);
    });
  }
}
