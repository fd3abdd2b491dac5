/**
 * Wakes the open panels' streams when events were appended.
 *
 * Events themselves live in the `events` table (written in the transaction of
 * the change they describe); this only says "look again". With PostgreSQL and
 * several connector instances, the stream also polls, so an event appended by
 * another instance reaches this instance's panels within the poll interval.
 */
import { EventEmitter } from 'node:events';

export class LiveFeed {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open panel; hundreds are normal.
    this.emitter.setMaxListeners(0);
  }

  notify(): void {
    this.emitter.emit('appended');
  }

  subscribe(listener: () => void): () => void {
    this.emitter.on('appended', listener);
    return () => this.emitter.off('appended', listener);
  }
}
