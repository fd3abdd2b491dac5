/**
 * The register of running connectors. Instances on one PostgreSQL database, behind a load balancer,
 * send for the same business numbers, and Meta's throughput limit is per number: each instance writes
 * its row every SEEN_EVERY_MS, counts the rows seen lately, and sends at an even share of each limit
 * (domain/rate-limit.ts NumbersPacing). One that joins others waits until each has had a beat to count
 * it; one that stops removes its row, and one that crashed stops being counted after COUNTED_WITHIN_MS
 * (until then the others send below the limit, never above it). Times are the hosts' clocks, which
 * are assumed synchronised to within a second (NTP).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { InstanceShare } from '@domain/rate-limit';
import type { Db } from '../../store/db';
import { countInstancesSeenSince, forgetInstancesBefore, markInstanceSeen, removeInstance } from '../../store/instances';
import type { Clock } from './clock';
import { LoopedWorker, WorkerLoop } from './worker-loop';

export const SEEN_EVERY_MS = 2_000;
/** Rows seen within this are counted: three beats, so a slow beat or two does not halve the count. */
export const COUNTED_WITHIN_MS = 3 * SEEN_EVERY_MS;
/** A joining instance starts after every other has had a beat to count it, and this for the clocks and a late beat. */
export const JOIN_MARGIN_MS = 1_000;
/** Rows of instances gone this long are deleted. */
const FORGOTTEN_AFTER_MS = 60 * 60 * 1000;

export interface InstanceRegisterDeps {
  db: Db;
  /** Real time: the sandbox clock jumps. */
  wallClock: Clock;
  log: Logger;
  /** Told the share at the first count and whenever the count changes. */
  onShare: (share: InstanceShare) => void;
}

export class InstanceRegister extends LoopedWorker {
  readonly id = randomUUID();
  protected readonly loop: WorkerLoop;
  private counted: number | null = null;

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
        onError: (error) => deps.log.warn({ err: error }, 'instances: could not update the register; sending at the share last counted'),
      },
    );
  }

  /** Writes this instance's row and counts the others before starting the beats, so the first send knows its share. */
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
    const now = this.deps.wallClock.now();
    await markInstanceSeen(this.deps.db, this.id, now);
    const instances = Math.max(1, await countInstancesSeenSince(this.deps.db, now - COUNTED_WITHIN_MS));
    if (instances === this.counted) return;
    const joining = this.counted === null;
    this.counted = instances;
    // Alone, or already counted by the others: the share holds at once. Joining others: after their next beat.
    const from = joining && instances > 1 ? now + SEEN_EVERY_MS + JOIN_MARGIN_MS : now;
    this.deps.onShare({ instances, from });
    if (joining) await forgetInstancesBefore(this.deps.db, now - FORGOTTEN_AFTER_MS);
    else this.deps.log.info({ instances }, 'instances: the number of connectors changed; each sends at its share of every number’s limit');
  }
}
