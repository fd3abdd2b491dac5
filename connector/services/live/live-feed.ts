/**
 * Wakes this instance's live tailer when events were appended.
 *
 * Events themselves live in the `events` table (written in the transaction of
 * the change they describe); `notify()` only says "look again", after the
 * commit. The tailer (event-tailer.ts) reads them once and fans them out to the
 * open streams; events written by other instances wake it through PostgreSQL's
 * notices instead (store/event-notices.ts).
 */
import { EventEmitter } from 'node:events';
import type { Db } from '../../store/db';
import { lastEventId } from '../../store/events';

export class LiveFeed {
  private readonly emitter = new EventEmitter();
  private released: (() => number | null) | null = null;

  notify(): void {
    this.emitter.emit('appended');
  }

  subscribe(listener: () => void): () => void {
    this.emitter.on('appended', listener);
    return () => this.emitter.off('appended', listener);
  }

  /** Set by the tailer: every event up to the id it answers has been handed on, or will never come. */
  followReleased(released: () => number | null): void {
    this.released = released;
  }

  /**
   * Where a panel's stream should resume after a page read now. On PostgreSQL
   * the highest id is not enough (an insert with a lower id may still commit);
   * the tailer's released point is. Without a running tailer, the highest id.
   */
  async resumePoint(db: Db): Promise<number> {
    return this.released?.() ?? lastEventId(db);
  }
}
