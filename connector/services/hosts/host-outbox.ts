/**
 * Delivers host events (issue 14), as the WhatsApp outbox sends messages: claimed one at a
 * time (per host and customer in order, store/host-deliveries.ts), retried with backoff on
 * 5xx and timeouts, held back per host on 429 for its Retry-After, kept as dead letters when
 * they fail for good. A host that refuses our credential is paused (its deliveries wait)
 * with an operator alert (GET /healthz "degraded") until a restart with a corrected
 * credential or an admin's resume. Claims older than the lease (an instance stopped
 * mid-call) go back in line; a host adapter makes its calls safe to repeat (a Zendesk ticket
 * is found by its external id before one is created).
 */
import { nextDeliveryStep, redactSecrets, type HostCallOutcome } from '@domain/host-delivery';
import type { HostEventType } from '@domain/host-events';
import {
  claimNextDelivery,
  countDeadDeliveries,
  holdHost,
  markDead,
  markDelivered,
  nextDeliveryDueAt,
  pauseHost,
  pausedHosts,
  releaseExpiredClaims,
  resumeHost,
  scheduleDelivery,
  type ClaimedDelivery,
} from '../../store/host-deliveries';
import type { Clock } from '../runtime/clock';
import type { ServiceDeps } from '../runtime/deps';
import type { OperatorAlerts } from '../runtime/operator-alerts';
import { periodicLoop, WorkerLoop, type BackgroundWorker } from '../runtime/worker-loop';

/** One helpdesk or CRM the outbox delivers to. */
export interface HostAdapter {
  /** Its name in the outbox, the admin API and the alerts: "webhook", "zendesk". */
  readonly name: string;
  /** What to call it in an alert ("Zendesk (acme.zendesk.com)") and the variables that configure it. */
  readonly label: string;
  readonly configVariables: string;
  /** Strings never to appear in a log or an error: its credentials. */
  readonly secrets: readonly string[];
  /** The events it acts on (all when absent): others are not stored for it. */
  wants?(type: HostEventType): boolean;
  /** Acts on one event; a thrown error counts as transient. */
  deliver(delivery: ClaimedDelivery): Promise<HostCallOutcome>;
}

export interface HostOutboxDeps extends ServiceDeps {
  adapters: HostAdapter[];
  alerts: OperatorAlerts;
  /** Real time, for when an alert was raised: the sandbox clock jumps. */
  wallClock: Clock;
  /** Deliveries in flight at once on this instance (different customers). */
  concurrency: number;
  /** A claim older than this returns to the queue. */
  leaseMs: number;
  random?: () => number;
}

export const HOST_DEAD_LETTER_ALERT = 'HOST_DEAD_LETTERS';
export const hostPausedAlert = (host: string): string => `HOST_PAUSED_${host.toUpperCase()}`;
const SWEEP_MS = 10_000;
const DEAD_LETTER_MESSAGE =
  'Host deliveries failed for good and are kept as dead letters: those helpdesk or CRM records are not up to date. ' +
  'GET /api/admin/hosts/dead-letters lists each with its error; fix the cause, then replay them (POST /api/admin/hosts/dead-letters/replay).';

export class HostOutbox implements BackgroundWorker {
  private readonly workers: WorkerLoop[];
  private readonly sweep: WorkerLoop;
  private readonly byName: Map<string, HostAdapter>;
  private readonly hosts: string[];
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: HostOutboxDeps) {
    this.byName = new Map(deps.adapters.map((a) => [a.name, a]));
    this.hosts = deps.adapters.map((a) => a.name);
    const work = { pass: () => this.step(), nextDueAt: () => nextDeliveryDueAt(deps.db, this.hosts), now: () => deps.clock.now() };
    this.workers = Array.from({ length: deps.concurrency }, (_, i) => new WorkerLoop(`host outbox ${i + 1}`, work, deps.log));
    this.sweep = periodicLoop(
      'host outbox sweep',
      () => this.sweepOnce(),
      SWEEP_MS,
      deps.log,
      (error) => deps.log.error({ err: error }, 'host outbox: sweep failed'),
    );
  }

  /** A restart is how an operator puts a corrected credential in: paused hosts are tried again. */
  async start(): Promise<void> {
    const now = this.deps.wallClock.now();
    for (const host of this.hosts) await resumeHost(this.deps.db, host, now);
    // Every change that records events also wakes the live feed.
    this.unsubscribe = this.deps.live.subscribe(() => this.kick());
    for (const worker of this.workers) worker.start();
    this.sweep.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await Promise.all(this.workers.map((w) => w.stop()));
    await this.sweep.stop();
  }

  kick(): void {
    for (const worker of this.workers) worker.kick();
  }

  /** Resolves once no worker is delivering and none has been kicked. */
  async idle(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.idle()));
  }

  /** Resolves once every worker has looked, after the call, and found nothing to deliver (paused hosts' events wait). */
  async drain(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.drain()));
  }

  /** Takes back claims of stopped instances and brings the alerts in line with the shared tables. */
  async sweepOnce(): Promise<void> {
    const { db, clock, alerts, wallClock } = this.deps;
    if ((await releaseExpiredClaims(db, clock.now() - this.deps.leaseMs)) > 0) this.kick();
    const paused = new Map((await pausedHosts(db)).map((p) => [p.host, p.reason]));
    for (const adapter of this.deps.adapters) {
      const reason = paused.get(adapter.name);
      if (reason !== undefined)
        alerts.raise(hostPausedAlert(adapter.name), pausedMessage(adapter, reason ?? `${adapter.label} refused the credential`), wallClock.now());
      else alerts.clear(hostPausedAlert(adapter.name));
    }
    const dead = await countDeadDeliveries(db);
    if (dead > 0) alerts.raise(HOST_DEAD_LETTER_ALERT, DEAD_LETTER_MESSAGE, wallClock.now());
    else alerts.clear(HOST_DEAD_LETTER_ALERT);
  }

  /** An admin says the credential is fixed: the host's deliveries go on (and pause again if it is still refused). */
  async resume(host: string): Promise<boolean> {
    const resumed = await resumeHost(this.deps.db, host, this.deps.wallClock.now());
    this.deps.alerts.clear(hostPausedAlert(host));
    this.kick();
    return resumed;
  }

  private async step(): Promise<boolean> {
    const claimed = await claimNextDelivery(this.deps.db, this.hosts, this.deps.clock.now());
    if (!claimed) return false;
    const adapter = this.byName.get(claimed.host)!;
    let outcome: HostCallOutcome;
    try {
      outcome = await adapter.deliver(claimed);
    } catch (error) {
      outcome = { kind: 'transient', status: null, reason: error instanceof Error ? error.message : 'unexpected error' };
    }
    await this.settle(adapter, claimed, outcome);
    return true;
  }

  private async settle(adapter: HostAdapter, claimed: ClaimedDelivery, outcome: HostCallOutcome): Promise<void> {
    const { db, log, clock, alerts, wallClock } = this.deps;
    const now = clock.now();
    const step = nextDeliveryStep(outcome, claimed.attempts, now, (this.deps.random ?? Math.random)());
    const reason = 'reason' in outcome ? redactSecrets(outcome.reason, adapter.secrets) : null;
    const context = { host: claimed.host, delivery: claimed.id, event: claimed.event.type, attempt: claimed.attempts };
    switch (step.next) {
      case 'delivered':
        await markDelivered(db, claimed.id, now);
        return;
      case 'retry':
        await db.transaction(async (trx) => {
          if (step.holdHostUntil !== null) await holdHost(trx, claimed.host, step.holdHostUntil, now);
          await scheduleDelivery(trx, claimed.id, { at: step.at, countsAsAttempt: step.countsAsAttempt, error: reason });
        });
        log.warn(
          { ...context, reason, retryAt: step.at },
          step.holdHostUntil ? 'host outbox: the host asked to slow down' : 'host outbox: delivery failed, will retry',
        );
        return;
      case 'pause-host': {
        const why = `${adapter.label} refused the credential (HTTP ${'status' in outcome ? outcome.status : '?'})`;
        await db.transaction(async (trx) => {
          await pauseHost(trx, claimed.host, why, now);
          await scheduleDelivery(trx, claimed.id, { at: now, countsAsAttempt: false, error: why });
        });
        alerts.raise(hostPausedAlert(claimed.host), pausedMessage(adapter, why), wallClock.now());
        return;
      }
      case 'dead':
        await markDead(db, claimed.id, redactSecrets(step.reason, adapter.secrets), now);
        log.error({ ...context, reason: redactSecrets(step.reason, adapter.secrets) }, 'host outbox: delivery failed for good; kept as a dead letter');
        alerts.raise(HOST_DEAD_LETTER_ALERT, DEAD_LETTER_MESSAGE, wallClock.now());
    }
  }
}

function pausedMessage(adapter: HostAdapter, reason: string): string {
  return `${reason}: nothing more is sent to it, and its events wait. Correct ${adapter.configVariables} and restart, or POST /api/admin/hosts/${adapter.name}/resume once it is fixed.`;
}
