/** What a simulator does later (status webhooks, template reviews), all cancelled when it stops. */
export class Scheduled {
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Tasks whose time came and that have not finished yet. */
  private readonly running = new Set<Promise<void>>();
  private idleWaiters: Array<() => void> = [];

  later(ms: number, task: () => unknown): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // Settled either way: a task reports its own failures, this only tracks that it ended.
      const run: Promise<void> = Promise.resolve()
        .then(task)
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => {
          this.running.delete(run);
          this.answerIfIdle();
        });
      this.running.add(run);
    }, ms);
    this.timers.add(timer);
  }

  /** Resolves once nothing is waiting for its time and every task has finished (lets a test prove nothing more comes). */
  idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.answerIfIdle();
    });
  }

  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.answerIfIdle();
  }

  private answerIfIdle(): void {
    if (this.timers.size > 0 || this.running.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
