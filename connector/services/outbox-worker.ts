/**
 * Sends queued messages to the Cloud API, one claim at a time.
 *
 * A message is stored before it is sent, so a crash loses nothing: on restart
 * the worker picks up every queued message. Retries happen only for the codes
 * Meta marks retryable (see @domain/meta-errors); an expired or revoked token
 * stops with an operator alert instead of retrying forever.
 */
import { retryDelayMs } from '@domain/retry';
import { findContactById } from '../store/contacts';
import type { Executor } from '../store/rows';
import { appendEvent } from '../store/events';
import { findMessageView } from '../store/messages';
import { claimNextDue, markAccepted, markSendFailed, nextDueAt, scheduleRetry, type ClaimedMessage } from '../store/outbox';
import type { CloudApi } from '../whatsapp/cloud-api';
import { GraphApiError } from '../whatsapp/graph-error';
import { toCloudPayload } from './cloud-payload';
import { closeWindow } from './window-events';
import type { ServiceDeps } from './deps';
import { recordStatusAudit } from './status-audit';

export interface OutboxDeps extends ServiceDeps {
  cloudApi: CloudApi;
  random?: () => number;
}

const IDLE_POLL_MS = 1_000;

export class OutboxWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private kicked = false;

  constructor(private readonly deps: OutboxDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
  }

  /** Something was queued: look now instead of at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.kicked = false;
        const claimed = await claimNextDue(this.deps.db, this.deps.clock.now());
        if (claimed) {
          await this.deliver(claimed);
          continue;
        }
        await this.idle();
      } catch (error) {
        this.deps.log.error({ err: error }, 'outbox: unexpected error; retrying shortly');
        await this.idle();
      }
    }
  }

  private async idle(): Promise<void> {
    if (this.kicked || !this.running) return;
    const due = await nextDueAt(this.deps.db).catch(() => null);
    const wait = due === null ? IDLE_POLL_MS : Math.max(0, Math.min(IDLE_POLL_MS, due - this.deps.clock.now()));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = null;
  }

  private async deliver(claimed: ClaimedMessage): Promise<void> {
    const { db, log, cloudApi } = this.deps;
    const contact = await findContactById(db, claimed.contactId);
    if (!contact) throw new Error(`contact ${claimed.contactId} of message ${claimed.id} is missing`);
    try {
      const result = await cloudApi.sendMessage(toCloudPayload(contact, claimed.content, claimed.id));
      await this.record(claimed, (trx, now) => markAccepted(trx, claimed.id, result.wamid, now));
      return;
    } catch (caught) {
      const error = caught instanceof GraphApiError ? caught : GraphApiError.unreachable(caught);
      const failure = error.toFailure();
      if (error.retry === 'token') {
        // An operator must act: every send fails until the access token is replaced.
        log.fatal({ code: error.code }, 'ALERT: the WhatsApp access token is invalid or expired; set a new WHATSAPP_ACCESS_TOKEN');
      }
      const delay = retryDelayMs(error.retry, claimed.attempts, (this.deps.random ?? Math.random)());
      if (delay !== null) {
        log.warn({ messageId: claimed.id, code: error.code, attempt: claimed.attempts, delay }, 'outbox: send failed, will retry');
        await this.record(claimed, (trx, now) => scheduleRetry(trx, claimed.id, now + delay, failure, now));
        return;
      }
      log.warn({ messageId: claimed.id, code: error.code }, 'outbox: send failed');
      await this.record(claimed, async (trx, now) => {
        await markSendFailed(trx, claimed.id, failure, now);
        if (error.code === 131047) await closeWindow(trx, contact.id, claimed.at, now);
      });
    }
  }

  /** Applies a state change and its live event in one transaction, then wakes the panels. */
  private async record(claimed: ClaimedMessage, change: (trx: Executor, now: number) => Promise<void>): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (trx) => {
      await change(trx, now);
      await recordStatusAudit(trx, claimed.id, now);
      await appendEvent(trx, claimed.contactId, { type: 'message', message: await findMessageView(trx, claimed.id) }, now);
    });
    this.deps.live.notify();
  }
}
