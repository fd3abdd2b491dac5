/** What a simulator does later (status webhooks, template reviews), all cancelled when it stops. */
export class Scheduled {
  private readonly timers = new Set<NodeJS.Timeout>();

  later(ms: number, task: () => unknown): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void task();
    }, ms);
    this.timers.add(timer);
  }

  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
