/**
 * The one primitive every background loop runs on (the SMS and host outboxes,
 * webhook processing, the media fetcher, account sync, automatic assignment,
 * retention, housekeeping, the audit head log), so that starting, stopping,
 * waking and waiting behave the same everywhere.
 *
 * A loop runs one pass at a time. A pass that says there may be more work is
 * followed by another at once; one that found none is followed by a sleep until
 * the next due time, the poll interval, or a kick ("something was queued, look
 * now"). Kicks while a pass runs coalesce into one more pass. A pass that throws
 * is logged and the loop goes on after its sleep. A task run "at start and then
 * every hour" is a loop whose pass always answers false and whose poll is an hour.
 *
 * Two ways to wait, so callers (tests above all) wait for the work, never for time:
 * `idle()` resolves once no pass is running and no kick is pending; `drain()` kicks
 * and resolves once a pass that began after the call found no more work, so
 * everything queued before the call is done (or waiting for a later time), or
 * failed: a drain goes as far as the work can go now, and reports what stopped it.
 */
import type { Logger } from 'pino';
import { Wakeup } from './wakeup';

/** The face every background worker shows its callers. */
export interface BackgroundWorker {
  start(): void | Promise<void>;
  /** Stops looking for work; resolves once the pass in progress (and anything it started) is done. */
  stop(): Promise<void>;
  /** Something was queued: look now instead of at the next poll. */
  kick(): void;
  /** Resolves once no pass is running and nothing is pending (at once when that is so already). */
  idle(): Promise<void>;
  /** Resolves once a look that began after this call found no more work (or failed, which is reported). */
  drain(): Promise<void>;
}

/** For work that falls due at a known time (a retry): the loop sleeps at most until then. */
interface DueWork {
  /** When work is next due (epoch ms on `now()`'s clock), or null. */
  nextDueAt(): Promise<number | null>;
  now(): number;
}

export type LoopWork = {
  /** One pass: true when it did work and there may be more now (the next pass starts at once), false when it found none. */
  pass(): Promise<boolean>;
} & (DueWork | { nextDueAt?: undefined; now?: undefined });

export interface LoopOptions {
  /** The longest sleep when nothing is due and nobody kicks: a look for work that came without a kick (default 1 s), or a periodic task's interval. */
  pollMs?: number;
  /** The first pass waits for a kick or the poll, as every later one does (a schedule whose start did the work already). */
  waitFirst?: boolean;
  /** Called as the loop goes to sleep: what passes share while work keeps coming ends here. */
  onRest?: () => void;
  /** What a failed pass writes in the log (default: "<name>: unexpected error; retrying shortly"). */
  onError?: (error: unknown) => void;
}

const POLL_MS = 1_000;

/** The callers of idle() and drain(), answered as a loop looks for work and sleeps. */
class LoopWaiters {
  private drains: Array<() => void> = [];
  private idles: Array<() => void> = [];

  /** A drain() caller: answered by a look that begins after it asked (the caller kicks). */
  drain(): Promise<void> {
    return new Promise<void>((resolve) => this.drains.push(resolve));
  }

  /** An idle() caller: answered when the loop next rests. */
  idle(): Promise<void> {
    return new Promise<void>((resolve) => this.idles.push(resolve));
  }

  get waiting(): boolean {
    return this.drains.length > 0 || this.idles.length > 0;
  }

  /** A look for work begins: the drain() callers so far are answered by what it finds. */
  lookBegins(): Array<() => void> {
    return this.drains.splice(0);
  }

  /** That look found nothing more to do (or failed, and the failure is reported): its callers are answered. */
  answer(asked: Array<() => void>): void {
    for (const resolve of asked) resolve();
  }

  /** That look found work: its callers wait for the next one. */
  carryOver(asked: Array<() => void>): void {
    this.drains.unshift(...asked);
  }

  /** The loop sleeps with no pass running and no kick pending. */
  rests(): void {
    for (const resolve of this.idles.splice(0)) resolve();
  }

  /** The loop stopped: nobody is left waiting for a look that will not come. */
  stopped(): void {
    for (const resolve of [...this.drains.splice(0), ...this.idles.splice(0)]) resolve();
  }
}

/**
 * A loop's state and its BackgroundWorker face; a subclass writes `run()`, which looks for work
 * (answering `waiters` as it goes) and sleeps through `rest()` while `running`. WorkerLoop is the
 * one every background worker uses; the WhatsApp outbox, whose pacing needs a loop of its own,
 * extends this so it starts, stops and answers idle() and drain() the same way.
 */
export abstract class BackgroundLoop implements BackgroundWorker {
  protected running = false;
  private loop: Promise<void> | null = null;
  /** Asleep with nothing pending: what idle() waits for. */
  private resting = false;
  protected readonly wakeup = new Wakeup();
  protected readonly waiters = new LoopWaiters();

  protected abstract run(): Promise<void>;

  /** Nothing in flight beside the loop itself (the outbox's sends still waiting for Meta): idle() waits for it too. */
  protected quiet(): boolean {
    return true;
  }

  /** What a loop that is not running still finishes: its last look, and whatever else it started. */
  protected async settled(): Promise<void> {
    await this.loop;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeup.ring();
    await this.settled();
    this.resting = false;
    this.waiters.stopped();
  }

  kick(): void {
    this.wakeup.ring();
  }

  idle(): Promise<void> {
    if (!this.running) return this.settled();
    if (this.resting && !this.wakeup.pending && this.quiet()) return Promise.resolve();
    return this.waiters.idle();
  }

  drain(): Promise<void> {
    if (!this.running) return this.settled();
    const drained = this.waiters.drain();
    this.kick();
    return drained;
  }

  /** Sleeps until a kick or `ms` have passed; answers idle() callers if nothing is pending or in flight. */
  protected async rest(ms: number, onRest?: () => void): Promise<void> {
    if (!this.running || this.wakeup.pending) return;
    this.resting = true;
    onRest?.();
    if (this.quiet()) this.waiters.rests();
    await this.wakeup.sleep(ms);
    this.resting = false;
  }
}

export class WorkerLoop extends BackgroundLoop {
  /** Drains run by the caller while the loop is not started, one after another. */
  private inline: Promise<void> = Promise.resolve();

  constructor(
    private readonly name: string,
    private readonly work: LoopWork,
    private readonly log: Logger,
    private readonly options: LoopOptions = {},
  ) {
    super();
  }

  protected override async settled(): Promise<void> {
    await Promise.all([super.settled(), this.inline]);
  }

  /** When the loop is not running (never started, or a one-off use), the passes run in the caller. */
  override drain(): Promise<void> {
    if (this.running) return super.drain();
    this.inline = this.settled().then(() => this.passUntilDone());
    return this.inline;
  }

  private async passUntilDone(): Promise<void> {
    try {
      for (let more = true; more;) more = await this.work.pass();
    } catch (error) {
      this.reportError(error);
    }
  }

  protected async run(): Promise<void> {
    if (this.options.waitFirst) await this.waitForWork();
    while (this.running) {
      this.wakeup.clear();
      const asked = this.waiters.lookBegins();
      let more: boolean;
      try {
        more = await this.work.pass();
      } catch (error) {
        this.reportError(error);
        more = false;
      }
      if (more) {
        this.waiters.carryOver(asked);
        continue;
      }
      this.waiters.answer(asked);
      await this.waitForWork();
    }
  }

  private reportError(error: unknown): void {
    if (this.options.onError) this.options.onError(error);
    else this.log.error({ err: error }, `${this.name}: unexpected error; retrying shortly`);
  }

  private async waitForWork(): Promise<void> {
    if (this.wakeup.pending || !this.running) return;
    const poll = this.options.pollMs ?? POLL_MS;
    const dueInMs = await this.msUntilDue();
    await this.rest(dueInMs === null ? poll : Math.max(0, Math.min(poll, dueInMs)), this.options.onRest);
  }

  private async msUntilDue(): Promise<number | null> {
    const work = this.work;
    if (!work.nextDueAt) return null;
    const due = await work.nextDueAt().catch(() => null);
    return due === null ? null : due - work.now();
  }
}

/** A worker that runs on one WorkerLoop: its start, stop, kick, idle and drain are the loop's. */
export abstract class LoopedWorker implements BackgroundWorker {
  protected abstract readonly loop: WorkerLoop;

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  kick(): void {
    this.loop.kick();
  }

  idle(): Promise<void> {
    return this.loop.idle();
  }

  drain(): Promise<void> {
    return this.loop.drain();
  }
}

/**
 * A task run at start and then every `everyMs` on each instance, never twice at once; a failure is
 * reported by `onError` and the next run tries again. `drain()` runs it now (after the run in progress).
 */
export function periodicLoop(name: string, task: () => Promise<void>, everyMs: number, log: Logger, onError: (error: unknown) => void): WorkerLoop {
  return new WorkerLoop(
    name,
    {
      pass: async () => {
        await task();
        return false;
      },
    },
    log,
    { pollMs: everyMs, onError },
  );
}
