/**
 * Group commit: what is submitted while one write is in progress goes into
 * the next write, together, so a burst costs a few transactions instead of
 * one each. Each submitter's promise settles once its item is written.
 *
 * With `concurrency` above one (PostgreSQL: a pool of connections), up to that
 * many batches are written at once, so the pool is not left idle while one
 * batch waits for its round trips. Items with the same `keyOf` (a customer)
 * are never in two batches in flight: an item waits while an earlier item of
 * its key is being written, so one customer's items commit in the order they
 * were submitted (ids assigned at insert then follow commit order for them).
 */
export interface GroupCommitOptions<T> {
  /** When a batch fails, write its items one by one, so one bad item cannot fail the others. */
  retryAlone?: boolean;
  /** After every batch, written or not (e.g. wake the live streams). */
  afterBatch?: () => void;
  /** The most items in one write (the rest go into the next), to bound a statement's size. */
  maxBatch?: number;
  /** Batches written at once (1 when absent). */
  concurrency?: number;
  /**
   * The fewest items for a batch to start beside one being written (1 when absent): below
   * that, they wait to go together into the next, so a light load still shares commits.
   */
  overlapAt?: number;
  /** Items of one key are written one batch after another, in order (none when absent). */
  keyOf?: (item: T) => string | null;
}

interface Waiting<T> {
  item: T;
  key: string | null;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<T> {
  private waiting: Array<Waiting<T>> = [];
  private writing = 0;
  /** The keys of the items in the batches being written. */
  private readonly keysWriting = new Set<string>();

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions<T> = {},
  ) {}

  /** True while a batch is being written. */
  get busy(): boolean {
    return this.writing > 0;
  }

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, key: this.options.keyOf?.(item) ?? null, resolve, reject });
      this.pump();
    });
  }

  /** Starts batches while there are free slots and items whose key is not being written. */
  private pump(): void {
    while (this.writing < (this.options.concurrency ?? 1)) {
      const batch = this.take();
      if (batch.length === 0) return;
      this.writing++;
      void this.flush(batch).finally(() => {
        this.writing--;
        for (const w of batch) if (w.key !== null) this.keysWriting.delete(w.key);
        this.pump();
      });
    }
  }

  /**
   * The next batch, in submission order, leaving for later the items whose key is being
   * written; none when a batch is being written and too few items are ready to overlap it.
   */
  private take(): Array<Waiting<T>> {
    const max = this.options.maxBatch ?? Infinity;
    const batch: Array<Waiting<T>> = [];
    const left: Array<Waiting<T>> = [];
    for (const w of this.waiting) {
      if (batch.length >= max || (w.key !== null && this.keysWriting.has(w.key))) left.push(w);
      else batch.push(w);
    }
    if (this.writing > 0 && batch.length < (this.options.overlapAt ?? 1)) return [];
    for (const w of batch) if (w.key !== null) this.keysWriting.add(w.key);
    this.waiting = left;
    return batch;
  }

  private async flush(batch: Array<Waiting<T>>): Promise<void> {
    try {
      await this.write(batch.map((w) => w.item));
      for (const w of batch) w.resolve();
    } catch (error) {
      if (this.options.retryAlone) for (const w of batch) await this.write([w.item]).then(w.resolve, w.reject);
      else for (const w of batch) w.reject(error);
    }
    this.options.afterBatch?.();
  }
}
