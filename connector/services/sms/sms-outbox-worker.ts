/**
 * Sends queued SMS through the provider, one claim at a time, as the WhatsApp
 * outbox does (outbox-worker.ts): stored before sent, so a crash loses nothing;
 * retried only when the provider's error says it may help; refused account
 * credentials raise an operator alert (GET /healthz turns "degraded") that the
 * next accepted SMS clears. Each outcome is recorded with its live event and
 * its audit row in one transaction.
 */
import { retryDelayMs } from '@domain/retry';
import { findContactById } from '../../store/contacts';
import { appendEvent } from '../../store/events';
import { findMessageView } from '../../store/messages';
import { markAccepted, markSendFailed, scheduleRetry } from '../../store/outbox';
import type { Executor } from '../../store/rows';
import { claimNextSms, nextSmsDueAt, type ClaimedSms } from '../../store/sms-outbox';
import { SmsSendError, type SmsProvider } from '../../sms/provider';
import type { Clock } from '../runtime/clock';
import type { ServiceDeps } from '../runtime/deps';
import type { OperatorAlerts } from '../runtime/operator-alerts';
import { LoopedWorker, WorkerLoop } from '../runtime/worker-loop';
import { recordStatusAudit } from '../messaging/status-audit';
import { statusEvents } from '../hosts/host-events';

export interface SmsOutboxDeps extends ServiceDeps {
  sms: SmsProvider;
  /** The provider reports statuses here; the message id is added as `?message=`. */
  statusCallbackUrl: string;
  alerts: OperatorAlerts;
  /** Real time, for when an alert was raised: the sandbox clock jumps. */
  wallClock: Clock;
  random?: () => number;
}

const CREDENTIALS_ALERT = 'TWILIO_CREDENTIALS_INVALID';

export class SmsOutboxWorker extends LoopedWorker {
  protected readonly loop: WorkerLoop;

  constructor(private readonly deps: SmsOutboxDeps) {
    super();
    this.loop = new WorkerLoop('sms outbox', { pass: () => this.step(), nextDueAt: () => nextSmsDueAt(deps.db), now: () => deps.clock.now() }, deps.log);
  }

  private async step(): Promise<boolean> {
    const claimed = await claimNextSms(this.deps.db, this.deps.clock.now());
    if (!claimed) return false;
    await this.deliver(claimed);
    return true;
  }

  private async deliver(claimed: ClaimedSms): Promise<void> {
    const { db, log, sms, alerts, wallClock } = this.deps;
    const contact = await findContactById(db, claimed.contactId);
    try {
      if (!contact?.phone)
        throw new SmsSendError(
          { code: null, title: 'No phone number', details: null, reason: 'This customer has no phone number to text.', action: 'Reach them on WhatsApp.' },
          'never',
        );
      const callback = new URL(this.deps.statusCallbackUrl);
      callback.searchParams.set('message', String(claimed.id));
      const accepted = await sms.send({ to: contact.phone, body: claimed.body, statusCallbackUrl: callback.toString() });
      alerts.clear(CREDENTIALS_ALERT);
      // A status callback may have come first and moved the message on; then this changes nothing.
      await this.record(claimed, (trx, now) => markAccepted(trx, claimed.id, accepted.providerId, now));
    } catch (caught) {
      const error =
        caught instanceof SmsSendError
          ? caught
          : new SmsSendError(
              { code: null, title: 'Unexpected error', details: null, reason: 'The SMS could not be sent.', action: 'The message is retried automatically.' },
              'backoff',
              { cause: caught },
            );
      if (error.retry === 'token') {
        alerts.raise(
          CREDENTIALS_ALERT,
          'Twilio refused the account credentials: no SMS can be sent until TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are corrected.',
          wallClock.now(),
        );
      }
      const delay = retryDelayMs(error.retry, claimed.attempts, (this.deps.random ?? Math.random)());
      if (delay !== null) {
        log.warn({ messageId: claimed.id, code: error.failure.code, attempt: claimed.attempts, delay }, 'sms outbox: send failed, will retry');
        await this.record(claimed, (trx, now) => scheduleRetry(trx, claimed.id, now + delay, error.failure, now));
        return;
      }
      log.warn({ messageId: claimed.id, code: error.failure.code }, 'sms outbox: send failed');
      await this.record(claimed, (trx, now) => markSendFailed(trx, claimed.id, error.failure, now));
    }
  }

  private async record(claimed: ClaimedSms, change: (trx: Executor, now: number) => Promise<void>): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (trx) => {
      await change(trx, now);
      const statuses = await recordStatusAudit(trx, claimed.id, now);
      await this.deps.hostEvents?.record(trx, statusEvents(statuses), now);
      await appendEvent(trx, claimed.contactId, { type: 'message', message: await findMessageView(trx, claimed.id) }, now);
    });
    this.deps.live.notify();
  }
}
