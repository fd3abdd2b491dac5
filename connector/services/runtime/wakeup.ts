/**
 * How a worker loop sleeps: until a timeout, or until `ring()` says there is
 * work ("something was queued, look now"). A ring that comes while the loop is
 * awake is kept, so the next sleep returns at once and nothing is missed.
 */
export class Wakeup {
  private rung = false;
  private wake: (() => void) | null = null;

  ring(): void {
    this.rung = true;
    this.wake?.();
  }

  /** Rung since the last look: a sleep now would return at once. */
  get pending(): boolean {
    return this.rung;
  }

  /** The loop is about to look for work: rings so far are answered by that look. */
  clear(): void {
    this.rung = false;
  }

  sleep(ms: number): Promise<void> {
    if (this.rung) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      // A sleeping loop never keeps the process alive: the server (or whoever started it) does.
      timer.unref();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      this.wake = null;
    });
  }
}
