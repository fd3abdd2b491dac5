/**
 * Accepting agents' sends with group commit: the requests that arrive while
 * one transaction is being written go into the next one, together. A burst
 * then costs a few transactions, one read of the new messages' views, one
 * insert of their live events and one extension of the audit chain, instead of
 * all of that once per message, on the one connection SQLite has.
 *
 * The requests' own statements are shared too: their contacts are looked up in
 * one statement and their messages inserted in one (accept-batch.ts).
 *
 * A request a rule refuses (a DomainError, thrown before it writes its
 * message) is answered alone and the others go on; a batch whose write fails
 * is written again one request at a time, so one bad request fails only itself.
 * On PostgreSQL several batches are written at once (one customer's in order).
 */
import { NOT_WRITING } from '@domain/conversations';
import { isDomainError } from '@domain/errors';
import type { MessageView } from '@domain/views';
import { appendAuditEntries, type AuditEntry } from '../../store/audit-writer';
import { noteAgentMessages } from '../../store/conversations';
import { dbKind } from '../../store/db';
import { appendEvents } from '../../store/events';
import { findMessageViews } from '../../store/messages';
import type { Executor } from '../../store/rows';
import { announceConversations } from '../inbox/conversations';
import type { ServiceDeps } from '../runtime/deps';
import { AcceptBatch, type BatchReads } from './accept-batch';
import { GroupCommit } from '../runtime/group-commit';

export type { BatchReads } from './accept-batch';

/** What one accepted request stored, for the batch to show and audit. */
export interface Acceptance {
  messageId: number;
  contactId: number;
  /** The message the panels must see changed: the new one, or the one a reaction is on. */
  shownId: number;
  audit: AuditEntry;
}

/** Checks one request and stores its message; null when its idempotency key was taken already. */
export type AcceptWork = (trx: Executor, reads: BatchReads) => Promise<Acceptance | null>;

interface Pending {
  work: AcceptWork;
  /** The customer: one customer's requests are never in two batches being written at once. */
  customer: string | null;
  outcome: { message: MessageView | null } | { refused: unknown } | null;
}

/** Batches written at once on PostgreSQL (its pool has 10 connections; the outbox and webhooks use it too). */
const PG_BATCHES_AT_ONCE = 4;
/** Requests waiting before a batch starts beside another: a light load keeps sharing commits. */
const PG_OVERLAP_AT = 16;

export class AcceptQueue {
  private readonly commit: GroupCommit<Pending>;

  constructor(private readonly deps: ServiceDeps & { outbox: { kick(): void } }) {
    this.commit = new GroupCommit((batch) => this.write(batch), {
      retryAlone: true,
      // Each request adds a few bound values to the batch's statements; SQLite allows 32,766.
      maxBatch: 500,
      // PostgreSQL: a batch spends most of its time waiting for round trips, so several are
      // written at once on the pool; one customer's stay in order (GroupCommit's keyOf).
      concurrency: dbKind(deps.db) === 'postgres' ? PG_BATCHES_AT_ONCE : 1,
      overlapAt: PG_OVERLAP_AT,
      keyOf: (pending) => pending.customer,
      afterBatch: () => {
        deps.live.notify();
        deps.outbox.kick();
      },
    });
  }

  /**
   * The new message once committed; null when the key was taken (the caller replays it).
   * `customer` names who it is for, so that a customer's messages commit in the order accepted.
   */
  async accept(work: AcceptWork, customer: string | null = null): Promise<MessageView | null> {
    const pending: Pending = { work, customer, outcome: null };
    await this.commit.submit(pending);
    const outcome = pending.outcome!;
    if ('refused' in outcome) throw outcome.refused;
    return outcome.message;
  }

  private async write(batch: Pending[]): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (trx) => {
      // The requests' checks run side by side; their contact lookups and inserts are one statement each (AcceptBatch).
      const shared = new AcceptBatch(trx, batch.length, now);
      const results = await Promise.allSettled(
        batch.map(async (pending, index) => {
          // A batch written again (alone, after a failure) starts from nothing.
          pending.outcome = null;
          try {
            return await pending.work(trx, shared.readsFor(index));
          } finally {
            shared.ended(index);
          }
        }),
      );
      // Any failure but a rule's fails the batch (written again one request at a time).
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && !isDomainError(r.reason));
      if (failure) throw failure.reason;
      const accepted: Array<{ pending: Pending; acceptance: Acceptance }> = [];
      results.forEach((result, index) => {
        const pending = batch[index]!;
        if (result.status === 'rejected') pending.outcome = { refused: result.reason };
        else if (result.value) accepted.push({ pending, acceptance: result.value });
        else pending.outcome = { message: null };
      });
      const views = new Map(
        (
          await findMessageViews(
            trx,
            accepted.flatMap(({ acceptance: a }) => [a.messageId, a.shownId]),
          )
        ).map((v) => [v.id, v]),
      );
      await appendEvents(
        trx,
        accepted.map(({ acceptance: a }) => ({ contactId: a.contactId, event: { type: 'message' as const, message: views.get(a.shownId)! } })),
        now,
      );
      // Every accepted message has its sender; a reaction answers nobody.
      const answers = accepted
        .map(({ acceptance: a }) => ({ contactId: a.contactId, message: views.get(a.messageId)! }))
        .filter(({ message }) => !NOT_WRITING.has(message.type));
      await noteAgentMessages(
        trx,
        answers.map(({ contactId, message: m }) => ({ contactId, messageId: m.id, at: m.at, teammateId: m.sender!.teammateId })),
        now,
      );
      await announceConversations(trx, [...new Set(answers.map((a) => a.contactId))], 'agent_message', now);
      await this.deps.hostEvents?.record(
        trx,
        accepted.map(({ acceptance: a }) => ({ type: 'message.sent' as const, contactId: a.contactId, messageId: a.messageId })),
        now,
      );
      // The trail last: its lock (PostgreSQL) is then held only until the commit right after.
      await appendAuditEntries(
        trx,
        accepted.map(({ acceptance: a }) => a.audit),
      );
      for (const { pending, acceptance } of accepted) pending.outcome = { message: views.get(acceptance.messageId)! };
    });
  }
}
