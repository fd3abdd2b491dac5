/**
 * The fan-out of the live feed to this instance's open streams.
 *
 * The tailer (event-tailer.ts) hands over each new event once; it goes to the
 * streams of its contact, to the inbox streams when it is a conversation
 * change, and to every stream when it is for everyone (contact null). Each SSE
 * frame is built once and the same bytes are written to every stream. A new
 * stream catches up from its Last-Event-ID with one read, up to the point the
 * tailer had handed on when it subscribed; what the tailer hands on meanwhile
 * waits in the stream's queue and follows, so nothing is missed or repeated.
 *
 * A thread's stream follows its customer: when its contact is merged into
 * another (services/contacts/contact-identity.ts), the `contact` event saying so moves
 * the stream to the survivor's events from there on, live or while catching up.
 */
import type { Logger } from 'pino';
import type { Db } from '../../store/db';
import { feedRowsBetween, feedShows, type FeedFilter, type FeedRow } from '../../store/events';

/** Where a stream's frames go (an HTTP response; see http/live-stream.ts). */
export interface StreamSink {
  /** Writes a frame; false when the reader is behind and drained() should be awaited before more. */
  write(frame: Buffer): boolean;
  /** Resolves when the sink can take more, or is closed. */
  drained(): Promise<void>;
  /** Drops the stream: too much is waiting for its reader. */
  abandon(reason: string, bytesWaiting: number): void;
  end(): void;
  readonly closed: boolean;
  /** Bytes that may wait in memory for this stream at most. */
  readonly maxWaitingBytes: number;
}

export interface LiveStreamsDeps {
  /** Where catch-up reads run: SQLite's read-only connection, or the PostgreSQL pool. */
  db: Db;
  log: Logger;
  /** Every event up to this id has been handed on by the tailer (null before it started). */
  released: () => number | null;
  /** An `access` event named this teammate: their streams check their access now. */
  onAccessChanged: (teammateId: number) => void;
}

const CATCH_UP_BATCH = 500;

/** The contact this row says its contact was merged into, if it says so. */
function mergedInto(row: FeedRow): number | null {
  // Only contact events can say it; most do not, and those are not parsed.
  if (row.type !== 'contact' || row.contactId === null || !row.payload.includes('"mergedInto"')) return null;
  const { contact } = JSON.parse(row.payload) as { contact?: { id?: number; mergedInto?: number | null } };
  return contact?.id === row.contactId && typeof contact.mergedInto === 'number' ? contact.mergedInto : null;
}

function frameOf(row: FeedRow): Buffer {
  // The payload is the JSON text as stored: one line, so it is one SSE data field.
  return Buffer.from(`id: ${row.id}\nevent: ${row.type}\ndata: ${row.payload}\n\n`);
}

class Subscriber {
  /** Events handed on while the catch-up runs wait here, in order. */
  queue: Array<{ id: number; frame: Buffer; late: boolean }> | null = null;
  private queuedBytes = 0;

  constructor(
    /** Which events it shows now (a merge moves a thread's stream to the survivor). */
    public filter: FeedFilter,
    readonly sink: StreamSink,
    /** The id after which this stream is owed every event it shows. */
    readonly from: number,
    /** The last id written. */
    public lastSent: number,
  ) {}

  deliver(id: number, frame: Buffer, late: boolean): void {
    if (!this.queue) {
      this.send(id, frame, late);
      return;
    }
    this.queue.push({ id, frame, late });
    this.queuedBytes += frame.length;
    // A catch-up paced by a reader that stopped must not let the live events pile up behind it.
    if (this.queuedBytes > this.sink.maxWaitingBytes) this.sink.abandon('too many live events waiting behind its catch-up', this.queuedBytes);
  }

  /** Writes the frame unless already sent; false when the reader is behind. */
  send(id: number, frame: Buffer, late: boolean): boolean {
    // A late event (given up on, then committed) is below ids already sent; it is still owed if above `from`.
    if (late ? id <= this.from : id <= this.lastSent) return true;
    if (!late) this.lastSent = id;
    return this.sink.write(frame);
  }
}

export class LiveStreams {
  private readonly byContact = new Map<number, Set<Subscriber>>();
  private readonly inbox = new Set<Subscriber>();
  private readonly everyone = new Set<Subscriber>();

  constructor(private readonly deps: LiveStreamsDeps) {}

  /** Open streams on this instance. */
  get size(): number {
    return this.everyone.size;
  }

  /** The tailer's hand-over: each event once, in id order (late ones, given up on and then come, flagged). */
  dispatch(rows: readonly FeedRow[], late: ReadonlySet<number> = new Set()): void {
    for (const row of rows) {
      if (row.type === 'access') {
        this.deps.onAccessChanged((JSON.parse(row.payload) as { teammateId: number }).teammateId);
        continue;
      }
      const ofContact = row.contactId === null ? undefined : this.byContact.get(row.contactId);
      const candidates = row.contactId === null ? [this.everyone] : [ofContact, this.inbox];
      let frame: Buffer | null = null;
      for (const set of candidates) {
        if (!set) continue;
        for (const subscriber of set) {
          if (!feedShows(subscriber.filter, row)) continue;
          frame ??= frameOf(row);
          subscriber.deliver(row.id, frame, late.has(row.id));
        }
      }
      const into = ofContact ? mergedInto(row) : null;
      // A copy: following moves each subscriber out of the set being walked.
      // oxlint-disable-next-line no-useless-spread
      if (into !== null) for (const subscriber of [...ofContact!]) this.follow(subscriber, into);
    }
  }

  /**
   * Subscribes a stream and starts its catch-up from `resumeAfter` (null: from
   * now on). Registration happens before this returns, so every event the
   * tailer hands on from here reaches the stream. Returns the unsubscribe.
   */
  subscribe(filter: FeedFilter, resumeAfter: number | null, sink: StreamSink): () => void {
    const upTo = this.deps.released();
    if (upTo === null) throw new Error('the live tailer has not started');
    const from = resumeAfter ?? upTo;
    const subscriber = new Subscriber(filter, sink, from, from);
    this.add(subscriber);
    const unsubscribe = () => this.remove(subscriber);
    if (from < upTo) {
      subscriber.queue = [];
      void this.catchUp(subscriber, upTo).catch((error: unknown) => {
        this.deps.log.warn({ err: error }, 'stream: could not read the events missed; the panel will reconnect');
        unsubscribe();
        sink.end();
      });
    }
    return unsubscribe;
  }

  private async catchUp(subscriber: Subscriber, upTo: number): Promise<void> {
    const { sink } = subscriber;
    let filter: FeedFilter = subscriber.filter;
    // Paced by the reader: a long catch-up waits for the socket instead of filling memory.
    read: for (let after = subscriber.from; !sink.closed;) {
      const rows = await feedRowsBetween(this.deps.db, filter, after, upTo, CATCH_UP_BATCH);
      for (const row of rows) {
        if (sink.closed) return;
        if (!subscriber.send(row.id, frameOf(row), false)) await sink.drained();
        const into = 'contactId' in filter ? mergedInto(row) : null;
        if (into === null) continue;
        // Go on with the survivor's events after the merge. Moving the subscription now, and
        // reading up to where the tailer stands now, leaves nothing of the survivor's between.
        if (subscriber.filter === filter) {
          this.follow(subscriber, into);
          upTo = Math.max(upTo, this.deps.released() ?? upTo);
        }
        filter = { contactId: into };
        after = row.id;
        continue read;
      }
      if (rows.length < CATCH_UP_BATCH) break;
      after = rows.at(-1)!.id;
    }
    // Everything the tailer handed on since subscribing (or since the last move) is above upTo, and waits in the queue.
    subscriber.lastSent = Math.max(subscriber.lastSent, upTo);
    const queue = subscriber.queue!;
    for (let i = 0; i < queue.length && !sink.closed; i++) {
      const { id, frame, late } = queue[i]!;
      if (!subscriber.send(id, frame, late)) await sink.drained();
    }
    subscriber.queue = null;
  }

  /** Moves a thread's stream to the contact its contact was merged into. */
  private follow(subscriber: Subscriber, into: number): void {
    this.remove(subscriber);
    subscriber.filter = { contactId: into };
    this.add(subscriber);
  }

  private add(subscriber: Subscriber): void {
    this.everyone.add(subscriber);
    if ('inbox' in subscriber.filter) {
      this.inbox.add(subscriber);
      return;
    }
    const { contactId } = subscriber.filter;
    let set = this.byContact.get(contactId);
    if (!set) this.byContact.set(contactId, (set = new Set()));
    set.add(subscriber);
  }

  private remove(subscriber: Subscriber): void {
    this.everyone.delete(subscriber);
    if ('inbox' in subscriber.filter) {
      this.inbox.delete(subscriber);
      return;
    }
    const set = this.byContact.get(subscriber.filter.contactId);
    set?.delete(subscriber);
    if (set?.size === 0) this.byContact.delete(subscriber.filter.contactId);
  }
}
