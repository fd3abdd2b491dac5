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
import { appendAudit, lastAuditedStatus, lockAuditTrail } from '../store/audit';
import { findMessageState } from '../store/message-state';
import type { Executor } from '../store/rows';

/** Transient states the trail does not record: the claim before a send attempt, and inbound messages. */
const NOT_RECORDED = new Set(['sending', 'received']);

export async function recordStatusAudit(trx: Executor, messageId: number, now: number): Promise<void> {
  // Locked before reading, so two transactions cannot both find the status unrecorded.
  await lockAuditTrail(trx);
  const message = await findMessageState(trx, messageId);
  if (!message || message.direction !== 'out' || NOT_RECORDED.has(message.status)) return;
  // Back in the queue after a failed attempt: a retry is scheduled.
  const retrying = message.status === 'queued' && message.failure !== null;
  if (message.status === 'queued' && !retrying) return;
  const status = retrying ? AUDIT_RETRY_STATUS : message.status;

  const last = await lastAuditedStatus(trx, messageId);
  if (last?.status === status && (!retrying || last.details.attempt === message.attempts)) return;

  const failure = message.failure && (retrying || status === 'failed') ? { code: message.failure.code, title: message.failure.title, details: message.failure.details } : undefined;
  await appendAudit(trx, {
    at: now,
    action: 'message.status',
    // The message's sender, so filtering by teammate shows what became of their messages.
    teammateId: message.teammateId,
    channel: message.channel,
    contactId: message.contactId,
    messageId,
    providerMessageId: message.providerMessageId,
    status,
    details: { attempt: message.attempts, ...(failure ? { failure } : {}) },
  });
}
