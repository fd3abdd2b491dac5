/**
 * Every status change of an outbound message joins the audit trail, in the
 * transaction that made it: accepted by the provider (with its message id), a
 * retry scheduled, sent, delivered, read, failed (with the provider's code).
 *
 * Called after any change that may have moved a message on; it reads where
 * the message stands and writes a row only when that differs from what the
 * trail last recorded for it, so a repeated or late report adds nothing.
 */
import { AUDIT_RETRY_STATUS } from '@domain/audit';
import { lastAuditedMany, type LastAudited } from '../../store/audit-reader';
import { appendAuditEntries, lockAuditTrail, type AuditEntry } from '../../store/audit-writer';
import { findMessageStates, type MessageState } from '../../store/message-state';
import type { Executor } from '../../store/rows';

/** Transient states the trail does not record: the claim before a send attempt, and inbound messages. */
const NOT_RECORDED = new Set(['sending', 'received']);

/** The row to write for a message, or null when the trail already says where it stands. */
function statusEntry(message: MessageState, last: LastAudited | undefined, now: number): AuditEntry | null {
  if (message.direction !== 'out' || NOT_RECORDED.has(message.status)) return null;
  // Back in the queue after a failed attempt: a retry is scheduled.
  const retrying = message.status === 'queued' && message.failure !== null;
  if (message.status === 'queued' && !retrying) return null;
  const status = retrying ? AUDIT_RETRY_STATUS : message.status;
  if (last?.status?.status === status && (!retrying || last.status.details.attempt === message.attempts)) return null;

  const failure =
    message.failure && (retrying || status === 'failed')
      ? { code: message.failure.code, title: message.failure.title, details: message.failure.details }
      : undefined;
  return {
    at: now,
    action: 'message.status',
    // The message's sender, so filtering by teammate shows what became of their messages.
    teammateId: message.teammateId,
    channel: message.channel,
    contactId: message.contactId,
    messageId: message.id,
    template: last?.template ?? null,
    content: null,
    providerMessageId: message.providerMessageId,
    status,
    details: { attempt: message.attempts, ...(failure ? { failure } : {}) },
  };
}

/** recordStatusAudit for several messages, with a few reads and one insert (a batch of send outcomes). */
export async function recordStatusAudits(trx: Executor, messageIds: number[], now: number): Promise<AuditEntry[]> {
  if (messageIds.length === 0) return [];
  // Locked before reading, so two transactions cannot both find a status unrecorded.
  await lockAuditTrail(trx);
  return appendStatusRows(trx, await findMessageStates(trx, messageIds), now);
}

/**
 * Appends the rows `states` call for, in their order, after what the trail last
 * said of each message (a message noted twice gets a row per change). The
 * caller holds the trail's lock. Returns the rows written.
 */
async function appendStatusRows(trx: Executor, states: MessageState[], now: number): Promise<AuditEntry[]> {
  const last = await lastAuditedMany(
    trx,
    states.map((s) => s.id),
  );
  const entries: AuditEntry[] = [];
  for (const state of states) {
    const entry = statusEntry(state, last.get(state.id), now);
    if (!entry) continue;
    entries.push(entry);
    last.set(state.id, { template: last.get(state.id)?.template ?? null, status: { status: entry.status!, details: entry.details! } });
  }
  await appendAuditEntries(trx, entries);
  return entries;
}

/**
 * Status changes of a transaction that locks several message rows (a batch of
 * webhooks), written at its end. Taking the trail's lock after the first
 * status and a row lock after that could deadlock with a transaction doing the
 * opposite (a send outcome holds its message rows, then waits for the trail):
 * so every row lock comes first, and the trail's lock last. Each change is
 * noted as it happens, so a message that moved twice in the batch (delivered,
 * then read) gets both rows, as it would one transaction at a time.
 */
export class PendingStatusAudits {
  private readonly states: MessageState[] = [];

  /**
   * Notes where a message stands now, as the caller just wrote it: the caller holds its row lock,
   * so it cannot change meanwhile, and nothing is read back.
   */
  noteState(state: MessageState): void {
    this.states.push(state);
  }

  /** Writes the rows the noted changes call for, under the trail's lock. */
  async write(trx: Executor, now: number): Promise<AuditEntry[]> {
    if (this.states.length === 0) return [];
    await lockAuditTrail(trx);
    return appendStatusRows(trx, this.states, now);
  }
}

export async function recordStatusAudit(trx: Executor, messageId: number, now: number): Promise<AuditEntry[]> {
  return recordStatusAudits(trx, [messageId], now);
}
