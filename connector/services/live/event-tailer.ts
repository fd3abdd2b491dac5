/**
 * One live tailer per connector instance: it reads the `events` feed once per
 * wake-up and hands every new event, in id order, to `onEvents` (the fan-out to
 * open streams). No stream reads the feed by itself.
 *
 * Wake-ups (kicks): this instance's writers (`LiveFeed.notify`), PostgreSQL's notices
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
import { LoopedWorker, WorkerLoop } from '../runtime/worker-loop';

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

/**
 * Runs on a WorkerLoop: a pass is one read, followed at once by another when the read was
 * limited by `batch`; kicks during a read coalesce into one more; the safety poll is the loop's
 * poll, and the recheck while ids are missing its next due time. `drain()` resolves once a read
 * begun after the call has handed on everything it could.
 */
export class EventTailer extends LoopedWorker {
  protected readonly loop: WorkerLoop;
  private cursor: FeedCursor | null = null;
  /** Events read but not yet handed on (above a missing id), by id. */
  private readonly held = new Map<number, FeedRow>();
  private stopped = false;
  /** The first read after start looks back below the head (see TailerOptions.startLookback). */
  private first = true;

  constructor(
    private readonly deps: TailerDeps,
    private readonly options: TailerOptions = TAILER_DEFAULTS,
  ) {
    super();
    this.loop = new WorkerLoop(
      'live updates',
      {
        pass: () => this.readNew(),
        // While ids are missing, look again soon: a rollback announces nothing.
        nextDueAt: async () => (this.waitingForIds() ? deps.wallClock.now() + options.gapRecheckMs : null),
        now: () => deps.wallClock.now(),
      },
      deps.log,
      {
        pollMs: options.pollMs,
        onError: (error) => deps.log.warn({ err: error }, 'live updates: could not read new events; trying again at the next wake-up'),
      },
    );
  }

  /** Every event up to this id has been handed on (or will never come); null before start. */
  get released(): number | null {
    return this.cursor?.released ?? null;
  }

  /** The highest id read (some below it may still be missing); null before start. */
  get read(): number | null {
    return this.cursor?.read ?? null;
  }

  /** Resolves once the first read is done. */
  override async start(): Promise<void> {
    const head = await lastEventId(this.deps.db);
    this.cursor = startCursor(Math.max(0, head - this.options.startLookback));
    this.stopped = false;
    this.loop.start();
    await this.loop.idle();
  }

  override async stop(): Promise<void> {
    this.stopped = true;
    await super.stop();
  }

  /** Before start and after stop there is nothing to read: a drain does not read in the caller. */
  override drain(): Promise<void> {
    return this.cursor && !this.stopped ? super.drain() : this.loop.idle();
  }

  private waitingForIds(): boolean {
    const cursor = this.cursor;
    return cursor !== null && (cursor.gaps.size > 0 || cursor.late.size > 0);
  }

  /** One read of what is new; true when it was limited by `batch` (there is more to read now). */
  private async readNew(): Promise<boolean> {
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
    return limitedAt !== null && !this.stopped;
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
}
