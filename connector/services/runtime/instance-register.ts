/**
 * The register of running connectors. Instances on one PostgreSQL database, behind a load balancer,
 * send for the same business numbers, and Meta's throughput limit is per number, so their parts of
 * each limit must never add up to more than the whole. Every SEEN_EVERY_MS each instance reads the
 * parts the others have written, takes its even share of what they leave (none, for one that has just
 * joined, until the others have made room), and writes its own part: after using a smaller part, before
 * using a larger one, so what the others read is never less than what it sends.
 *
 * Times are the database's, so the hosts' clocks do not matter. A row not written for COUNTED_WITHIN_MS
 * is not counted (an instance that crashed), and an instance whose last beat is older than
 * HELD_FOR_MS stops sending until its next one, so the others never count it out while it still sends.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { InstanceShare } from '@domain/rate-limit';
import type { Db } from '../../store/db';
import { databaseNow, forgetInstancesBefore, markInstanceSeen, otherInstancesParts, removeInstance } from '../../store/instances';
import type { Clock } from './clock';
import { LoopedWorker, WorkerLoop } from './worker-loop';

export const SEEN_EVERY_MS = 2_000;
/** Rows written within this are counted: three beats, so one or two slow beats do not drop an instance. */
export const COUNTED_WITHIN_MS = 3 * SEEN_EVERY_MS;
/** How long a beat's share holds on this host: it ends a beat before the others would stop counting this instance. */
export const HELD_FOR_MS = COUNTED_WITHIN_MS - SEEN_EVERY_MS;
/** Rows of instances gone this long are deleted. */
const FORGOTTEN_AFTER_MS = 60 * 60 * 1000;

/** This instance's part: an even share of the instances counted, within what the others' parts leave. */
export function partOfLimits(othersParts: number[]): { part: number; fair: number } {
  const fair = 1 / (othersParts.length + 1);
  const left = 1 - othersParts.reduce((sum, p) => sum + p, 0);
  // Rounded down to a billionth, so parts written as floating point never add up to a hair over the whole.
  return { part: Math.max(0, Math.floor(Math.min(fair, left) * 1e9) / 1e9), fair };
}

export interface InstanceRegisterDeps {
  db: Db;
  /** This host's clock: how long a share holds here. */
  wallClock: Clock;
  log: Logger;
  /** Told the share after every beat. */
  onShare: (share: InstanceShare) => void;
  /** The shared clock the rows are written with: the database's. */
  registerClock?: () => Promise<number>;
}

export class InstanceRegister extends LoopedWorker {
  readonly id = randomUUID();
  protected readonly loop: WorkerLoop;
  /** The part written in this instance's row: never less than the part it sends at. */
  private written: number | null = null;
  private sending: number | null = null;
  private forgotten = false;

  constructor(private readonly deps: InstanceRegisterDeps) {
    super();
    this.loop = new WorkerLoop(
      'instances',
      {
        pass: async () => {
          await this.beat();
          return false;
        },
      },
      deps.log,
      {
        pollMs: SEEN_EVERY_MS,
        waitFirst: true,
        onError: (error) => deps.log.warn({ err: error }, 'instances: could not update the register; sending stops if it stays so'),
      },
    );
  }

  /** Writes this instance's row before starting the beats, so the first send knows its part. */
  async join(): Promise<void> {
    await this.beat().catch((error: unknown) => this.deps.log.warn({ err: error }, 'instances: could not read the register; sends wait for it'));
    this.start();
  }

  override async stop(): Promise<void> {
    await super.stop();
    await removeInstance(this.deps.db, this.id).catch((error: unknown) =>
      this.deps.log.warn({ err: error }, 'instances: could not remove this instance from the register; it drops out of the count shortly'),
    );
  }

  private async beat(): Promise<void> {
    const startedHere = this.deps.wallClock.now();
    const now = await (this.deps.registerClock ?? (() => databaseNow(this.deps.db)))();
    const others = await otherInstancesParts(this.deps.db, this.id, now - COUNTED_WITHIN_MS);
    const { part, fair } = partOfLimits(others);
    // The part written is the even share it is heading for (at least what it sends): an instance waiting
    // for room sends nothing yet, and the others, reading its share, make room for it.
    const bound = Math.max(part, fair);
    const until = startedHere + HELD_FOR_MS;
    const instances = others.length + 1;
    if (this.written === null || bound >= this.written) {
      await markInstanceSeen(this.deps.db, this.id, now, bound);
      this.share(part, until, instances);
    } else {
      this.share(part, until, instances);
      await markInstanceSeen(this.deps.db, this.id, now, bound);
    }
    this.written = bound;
    if (!this.forgotten) {
      this.forgotten = true;
      await forgetInstancesBefore(this.deps.db, now - FORGOTTEN_AFTER_MS);
    }
  }

  private share(part: number, until: number, instances: number): void {
    if (this.sending !== null && part !== this.sending) {
      this.deps.log.info({ part, instances }, 'instances: this connector’s part of every number’s limit changed');
    }
    this.sending = part;
    this.deps.onShare({ part, until });
  }
}
