/**
 * Processing stored webhook bodies: inbound messages, statuses and errors.
 *
 * The HTTP handler only checks the signature, stores the body and answers 200;
 * this worker does the rest, so a slow database never makes Meta retry. Each
 * body is applied in one transaction. A message id already stored is skipped
 * (Meta repeats webhooks for days); a status only moves forward; a body that
 * fails is kept and retried, never dropped.
 */
import { describeFailure } from '@domain/meta-errors';
import { advanceStatus } from '@domain/message-status';
import { latestInbound } from '@domain/reply-window';
import { findContactById, recordInbound, upsertContact } from '../store/contacts';
import { appendEvent } from '../store/events';
import { findByWamid, findMessageView, insertInbound, updateStatus } from '../store/messages';
import type { Executor } from '../store/rows';
import { markWebhookFailed, markWebhookProcessed, pendingWebhooks } from '../store/webhook-inbox';
import { isEnvelope, readEnvelope, type InboundMessage, type StatusUpdate } from '../whatsapp/webhook-envelope';
import type { ServiceDeps } from './deps';
import { readableText } from './message-text';
import { recordStatusAudit } from './status-audit';
import { closeWindow } from './window-events';

export interface IngestDeps extends ServiceDeps {
  /** Our sending number: changes for other numbers of the same WABA are not ours. */
  phoneNumberId: string;
}

const BATCH = 100;
const MAX_ATTEMPTS = 5;

/** Messages that are not the customer writing to us and so do not open the window. */
const NOT_FROM_CUSTOMER = new Set(['system']);

/**
 * Meta's timestamps have whole seconds; our replies have milliseconds. Within
 * the second Meta names, the receipt time orders a customer message correctly
 * after a reply sent earlier in that same second.
 */
function displayTime(metaMs: number, receivedAt: number): number {
  return Math.max(metaMs, Math.min(receivedAt, metaMs + 999));
}

async function ingestMessage(trx: Executor, m: InboundMessage, now: number): Promise<void> {
  const contact = await upsertContact(trx, { waId: m.waId, userId: m.userId, name: m.name }, now);
  const sentAt = Number.isFinite(m.at) ? m.at : now;
  const content = { ...m.raw, type: m.type };
  const id = await insertInbound(trx, { contactId: contact.id, wamid: m.wamid, type: m.type, content, text: readableText(content), at: displayTime(sentAt, now), now });
  if (id === null) return; // already stored: Meta repeated the webhook
  await appendEvent(trx, contact.id, { type: 'message', message: await findMessageView(trx, id) }, now);
  if (!NOT_FROM_CUSTOMER.has(m.type) && latestInbound(contact.lastInboundAt, sentAt) !== contact.lastInboundAt) {
    // The window is measured from Meta's own timestamp, exactly as Meta measures it.
    await recordInbound(trx, contact.id, sentAt, now);
    const updated = await findContactById(trx, contact.id);
    if (updated) await appendEvent(trx, contact.id, { type: 'contact', contact: updated }, now);
  }
}

async function applyStatus(trx: Executor, s: StatusUpdate, now: number, log: ServiceDeps['log']): Promise<void> {
  const message = await findByWamid(trx, s.wamid);
  if (!message || message.direction !== 'out' || message.status === 'received') {
    log.debug({ wamid: s.wamid }, 'webhook: status for a message this connector did not send');
    return;
  }
  const next = advanceStatus(message.status, s.status);
  if (next === message.status) return;
  const error = s.errors[0];
  const failure = next === 'failed' && error ? describeFailure(error.code, error.title, error.details) : null;
  await updateStatus(trx, message.id, next, failure, now);
  await recordStatusAudit(trx, message.id, now);
  await appendEvent(trx, message.contactId, { type: 'message', message: await findMessageView(trx, message.id) }, now);
  if (failure?.code === 131047) {
    const sent = await trx('messages').where('id', message.id).first('at');
    await closeWindow(trx, message.contactId, Number(sent.at), now);
  }
}

export async function applyWebhookBody(deps: IngestDeps, trx: Executor, body: unknown, now: number): Promise<void> {
  if (!isEnvelope(body)) {
    deps.log.warn('webhook: body is not a WhatsApp envelope; kept in the inbox');
    return;
  }
  for (const item of readEnvelope(body)) {
    if ('phoneNumberId' in item && item.phoneNumberId && item.phoneNumberId !== deps.phoneNumberId) continue;
    switch (item.kind) {
      case 'message':
        await ingestMessage(trx, item.message, now);
        break;
      case 'status':
        await applyStatus(trx, item.status, now, deps.log);
        break;
      case 'error':
        deps.log.warn({ code: item.error.code, title: item.error.title }, 'webhook: Meta reported an error');
        break;
      case 'field':
        deps.log.info({ field: item.field }, 'webhook: field stored, not yet handled');
        break;
    }
  }
}

const SWEEP_MS = 30_000;

export class WebhookProcessor {
  private draining: Promise<void> | null = null;
  private again = false;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly deps: IngestDeps) {}

  /** Processes what an earlier run left behind, then sweeps now and then for retries. */
  start(): void {
    void this.kick();
    this.sweeper = setInterval(() => void this.kick(), SWEEP_MS);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.idle();
  }

  /** New bodies were stored: process them now (coalesces concurrent calls). */
  kick(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = this.drain()
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'webhook: could not read the inbox; will retry'))
      .finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  /** Resolves when everything stored so far has been processed. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      for (;;) {
        const batch = await pendingWebhooks(this.deps.db, BATCH, MAX_ATTEMPTS);
        if (batch.length === 0) break;
        let failed = false;
        for (const row of batch) failed = !(await this.processOne(row.id, row.body)) || failed;
        this.deps.live.notify();
        // A failed body is retried by the next sweep, not in a tight loop.
        if (failed || batch.length < BATCH) break;
      }
    } while (this.again);
  }

  private async processOne(id: number, body: string): Promise<boolean> {
    const now = this.deps.clock.now();
    try {
      await this.deps.db.transaction(async (trx) => {
        await applyWebhookBody(this.deps, trx, JSON.parse(body), now);
        await markWebhookProcessed(trx, id, now);
      });
      return true;
    } catch (error) {
      this.deps.log.error({ err: error, inboxId: id }, 'webhook: processing failed; kept for retry');
      await markWebhookFailed(this.deps.db, id, String(error));
      return false;
    }
  }
}
