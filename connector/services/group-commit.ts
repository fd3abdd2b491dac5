/**
 * Group commit: what is submitted while one write is in progress goes into
 * the next write, together, so a burst costs a few transactions instead of
 * one each. Each submitter's promise settles once its item is written.
 */
export interface GroupCommitOptions {
  /** When a batch fails, write its items one by one, so one bad item cannot fail the others. */
  retryAlone?: boolean;
  /** After every batch, written or not (e.g. wake the live streams). */
  afterBatch?: () => void;
  /** The most items in one write (the rest go into the next), to bound a statement's size. */
  maxBatch?: number;
}

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<T> {
  private waiting: Array<Waiting<T>> = [];
  private writing = false;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions = {},
  ) {}

  /** True while a batch is being written. */
  get busy(): boolean {
    return this.writing;
  }

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, this.options.maxBatch ?? this.waiting.length);
      try {
        await this.write(batch.map((w) => w.item));
        for (const w of batch) w.resolve();
      } catch (error) {
        if (this.options.retryAlone) for (const w of batch) await this.write([w.item]).then(w.resolve, w.reject);
        else for (const w of batch) w.reject(error);
      }
      this.options.afterBatch?.();
    }
    this.writing = false;
  }
}
