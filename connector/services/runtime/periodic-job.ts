/**
 * A task run at start and then every `everyMs` on each instance, never twice at
 * once (a call while it runs joins that run); a failure is reported and the
 * next run tries again. The timer does not keep the process alive.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly everyMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Runs now (or joins the run in progress). */
  runOnce(): Promise<void> {
    this.running ??= this.task()
      .catch(this.onError)
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
