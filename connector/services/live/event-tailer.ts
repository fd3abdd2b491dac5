/**
 * One live tailer per connector instance: it reads the `events` feed once per
 * wake-up and hands every new event, in id order, to `onEvents` (the fan-out to
 * open streams). No stream reads the feed by itself.
 *
 * Wake-ups: this instance's writers (`LiveFeed.notify`), PostgreSQL's notices
 * for commits on any instance (store/event-notices.ts), and a slow safety poll.
 * Wake-ups during a read coalesce into one more read. Ids that are missing
 * while later ones are visible (PostgreSQL commit order) hold later events
 * back until they come or are known never to come (`@domain/feed-cursor`);
 * while some are missing the tailer looks again every GAP_RECHECK_MS, since a
 * rollback announces nothing.
 */
import type { Logger } from 'pino';
import { advanceFeed, idsToLookFor, startCursor, type FeedCursor } from '@domain/feed-cursor';
import type { Db } from '../../store/db';
import { lastEventId, readFeed, type FeedRow } from '../../store/events';
import type { Clock } from '../runtime/clock';

export interface TailerOptions {
  /** The safety poll: events whose notice was lost still arrive within this. */
  pollMs: number;
  /** How often to look again for missing ids (a rollback sends no notice). */
  gapRecheckMs: number;
  /** At most this many events per read; a full read is followed by another at once. */
  batch: number;
  /** How far below the head a starting tailer looks, for inserts still in flight when it starts. */
  startLookback: number;
}

export const TAILER_DEFAULTS: TailerOptions = { pollMs: 5_000, gapRecheckMs: 250, batch: 1_000, startLookback: 1_000 };

export interface TailerDeps {
  /** Where the feed is read: SQLite's read-only connection (off the writer), or the PostgreSQL pool. */
  db: Db;
  /** Real time: how long an id has been missing. */
  wallClock: Clock;
  log: Logger;
  /** New events in id order; `late` names those handed on out of order (given up on, then come). */
  onEvents: (rows: FeedRow[], late: ReadonlySet<number>) => void;
}

export class EventTailer {
  private cursor: FeedCursor | null = null;
  /** Events read but not yet handed on (above a missing id), by id. */
  private readonly held = new Map<number, FeedRow>();
  private reading = false;
  private again = false;
  private stopped = false;
  private poll: NodeJS.Timeout | null = null;
  private recheck: NodeJS.Timeout | null = null;
  private current: Promise<void> = Promise.resolve();
  /** The first read after start looks back below the head (see TailerOptions.startLookback). */
  private first = true;

  constructor(
    private readonly deps: TailerDeps,
    private readonly options: TailerOptions = TAILER_DEFAULTS,
  ) {}

  /** Every event up to this id has been handed on (or will never come); null before start. */
  get released(): number | null {
    return this.cursor?.released ?? null;
  }

  /** The highest id read (some below it may still be missing); null before start. */
  get read(): number | null {
    return this.cursor?.read ?? null;
  }

  async start(): Promise<void> {
    const head = await lastEventId(this.deps.db);
    this.cursor = startCursor(Math.max(0, head - this.options.startLookback));
    await this.wake();
    this.poll = setInterval(() => void this.wake(), this.options.pollMs);
    this.poll.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    if (this.recheck) clearTimeout(this.recheck);
    await this.current;
  }

  /** Reads what is new; resolves when this wake-up's read (or the one it joined) is done. */
  wake(): Promise<void> {
    if (this.stopped || !this.cursor) return this.current;
    if (this.reading) {
      this.again = true;
      return this.current;
    }
    this.reading = true;
    this.current = this.drain().finally(() => {
      this.reading = false;
    });
    return this.current;
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.again = false;
        const cursor = this.cursor!;
        const { rows, snapshot } = await readFeed(this.deps.db, cursor.read, idsToLookFor(cursor), this.options.batch);
        const limitedAt = rows.length === this.options.batch ? rows.at(-1)!.id : null;
        const step = advanceFeed(cursor, { ids: rows.map((r) => r.id), limitedAt, snapshot, now: this.deps.wallClock.now(), first: this.first });
        this.cursor = step.cursor;
        this.first = false;
        if (step.givenUp.length)
          this.deps.log.warn({ ids: step.givenUp }, 'live updates: events still missing after waiting; later events are sent now, these too if they come');
        if (step.untracked)
          this.deps.log.warn({ untracked: step.untracked }, 'live updates: the events id sequence jumped; the ids skipped are taken as never coming');
        const late = new Set(step.cameLate);
        const now: FeedRow[] = [];
        for (const row of rows) {
          if (late.has(row.id)) now.push(row);
          else this.held.set(row.id, row);
        }
        if (late.size) this.deps.log.warn({ ids: step.cameLate }, 'live updates: events came after they were given up on; sent out of order');
        for (const [id, row] of this.held) {
          if (id > step.cursor.released) continue;
          this.held.delete(id);
          now.push(row);
        }
        if (now.length)
          this.handOn(
            now.sort((a, b) => a.id - b.id),
            late,
          );
        if (limitedAt !== null) this.again = true;
      } while (this.again && !this.stopped);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'live updates: could not read new events; trying again at the next wake-up');
    }
    this.scheduleRecheck();
  }

  /** The cursor has moved past these: a failure here must not be taken for a failed read. */
  private handOn(rows: FeedRow[], late: ReadonlySet<number>): void {
    try {
      this.deps.onEvents(rows, late);
    } catch (error) {
      this.deps.log.error(
        { err: error, from: rows[0]!.id, to: rows.at(-1)!.id },
        'live updates: handing events to the open streams failed; some panels may miss them until they reconnect',
      );
    }
  }

  private scheduleRecheck(): void {
    const cursor = this.cursor;
    if (this.stopped || this.recheck || !cursor || (cursor.gaps.size === 0 && cursor.late.size === 0)) return;
    this.recheck = setTimeout(() => {
      this.recheck = null;
      void this.wake();
    }, this.options.gapRecheckMs);
    this.recheck.unref();
  }
}
