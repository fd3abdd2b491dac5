/**
 * A worker loop that takes one piece of work at a time, and when there is
 * none sleeps until the next due time, a poll interval, or a kick ("something
 * was queued, look now"). Errors are logged and the loop goes on.
 */
import type { Logger } from 'pino';
import { Wakeup } from './wakeup';

export interface PollingWork {
  /** Does one piece of work; false when there was none. */
  step(): Promise<boolean>;
  /** When work is next due (epoch ms on `now()`'s clock), or null. */
  nextDueAt(): Promise<number | null>;
  now(): number;
  /** The longest sleep when nothing is due and nobody kicks (default 1 s): a look for work that came without a kick. */
  idlePollMs?: number;
}

const IDLE_POLL_MS = 1_000;

export class PollingWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly wakeup = new Wakeup();
  /** Callers of idle(): answered by the first step that starts after they asked and finds no work. */
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly name: string,
    private readonly work: PollingWork,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  kick(): void {
    this.wakeup.ring();
  }

  /**
   * Resolves once a step that began after this call found no work: everything queued before
   * it is done, or waiting for a later time. Lets a caller prove that nothing more happens.
   */
  idle(): Promise<void> {
    if (!this.running) return this.loop?.then(() => undefined) ?? Promise.resolve();
    return new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.kick();
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.wakeup.clear();
        const asked = this.idleWaiters.splice(0);
        const worked = await this.work.step().catch((error: unknown) => {
          this.idleWaiters.unshift(...asked);
          throw error;
        });
        if (worked) {
          this.idleWaiters.unshift(...asked);
          continue;
        }
        for (const resolve of asked) resolve();
        await this.waitForWork();
      } catch (error) {
        this.log.error({ err: error }, `${this.name}: unexpected error; retrying shortly`);
        await this.waitForWork();
      }
    }
  }

  private async waitForWork(): Promise<void> {
    if (this.wakeup.pending || !this.running) return;
    const due = await this.work.nextDueAt().catch(() => null);
    const poll = this.work.idlePollMs ?? IDLE_POLL_MS;
    const wait = due === null ? poll : Math.max(0, Math.min(poll, due - this.work.now()));
    await this.wakeup.sleep(wait);
  }
}
