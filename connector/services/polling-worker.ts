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
}

const IDLE_POLL_MS = 1_000;

export class PollingWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly wakeup = new Wakeup();

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
  }

  kick(): void {
    this.wakeup.ring();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.wakeup.clear();
        if (await this.work.step()) continue;
        await this.idle();
      } catch (error) {
        this.log.error({ err: error }, `${this.name}: unexpected error; retrying shortly`);
        await this.idle();
      }
    }
  }

  private async idle(): Promise<void> {
    if (this.wakeup.pending || !this.running) return;
    const due = await this.work.nextDueAt().catch(() => null);
    const wait = due === null ? IDLE_POLL_MS : Math.max(0, Math.min(IDLE_POLL_MS, due - this.work.now()));
    await this.wakeup.sleep(wait);
  }
}
