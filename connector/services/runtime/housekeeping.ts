/**
 * Housekeeping, every hour on each instance: files in MEDIA_DIR that no media
 * row names (an instance stopped between keeping a file and recording it, an
 * upload cut off mid-way by a crash), sign-in records past their expiry, and
 * presence (open panels that went away, and their live events).
 * Every step is safe to run on several instances at once.
 */
import type { Logger } from 'pino';
import { deleteSignInRecordsBefore, type SignInSweep } from '../../store/housekeeping';
import type { Db } from '../../store/db';
import { deleteDeliveredBefore } from '../../store/host-deliveries';
import { fileNamesInUse } from '../../store/media';
import { deletePresenceBefore } from '../../store/presence';
import type { MediaFiles } from '../../store/media-files';
import type { Clock } from './clock';
import { periodicLoop, type WorkerLoop } from './worker-loop';

const HOUR_MS = 60 * 60 * 1000;
/**
 * A file younger than this is left alone: between its rename into place and
 * its row's insert, and while an upload is still arriving (every write
 * refreshes the temporary file's time), a file has no row yet.
 */
export const ORPHAN_GRACE_MS = HOUR_MS;
/** Expired sign-in records stay this long, for anyone looking into a sign-in that just failed. */
export const SIGN_IN_RECORDS_KEPT_MS = 24 * HOUR_MS;

/**
 * Presence reports are over within a minute (domain/presence.ts); their rows and
 * events stay this long, so a stream that reconnects a little late still finds
 * the events after its last one, then they go: a panel beats every 20 s, which
 * would otherwise pile up in `events` for good.
 */
export const PRESENCE_KEPT_MS = 10 * 60 * 1000;

export interface OrphanSweep {
  files: number;
}

/** Removes files older than `graceMs` at `now` that no media row names. */
export async function sweepOrphanFiles(deps: { db: Db; files: MediaFiles }, now: number, graceMs = ORPHAN_GRACE_MS): Promise<OrphanSweep> {
  let removed = 0;
  for await (const batch of deps.files.list()) {
    const old = batch.filter((f) => f.modifiedAt < now - graceMs);
    const inUse = await fileNamesInUse(
      deps.db,
      old.flatMap((f) => (f.sha256 ? [f.sha256] : [])),
    );
    for (const file of old.filter((f) => f.sha256 === null || !inUse.has(f.sha256))) {
      if (await deps.files.removeFound(file)) removed += 1;
    }
  }
  return { files: removed };
}

export async function sweepSignInRecords(db: Db, now: number, keptMs = SIGN_IN_RECORDS_KEPT_MS): Promise<SignInSweep> {
  return db.transaction((trx) => deleteSignInRecordsBefore(trx, now - keptMs));
}

export interface HousekeepingDeps {
  db: Db;
  files: MediaFiles;
  log: Logger;
  /** Real time: file times and sign-in expiries are real, whatever the sandbox clock says. */
  wallClock: Clock;
  /** The connector's time (the sandbox clock in sandbox mode): presence is written with it. */
  clock: Clock;
}

export function sweepPresence(db: Db, now: number, keptMs = PRESENCE_KEPT_MS): Promise<{ panels: number; events: number }> {
  return deletePresenceBefore(db, now - keptMs);
}

const DELIVERED_KEPT_MS = 7 * 24 * HOUR_MS;

/** Hourly: orphaned files, expired sign-in records, presence gone by, host events delivered long ago. */
export function housekeepingJob(deps: HousekeepingDeps): WorkerLoop {
  return periodicLoop(
    'housekeeping',
    async () => {
      const now = deps.wallClock.now();
      const orphans = await sweepOrphanFiles(deps, now);
      const signIns = await sweepSignInRecords(deps.db, now);
      const presence = await sweepPresence(deps.db, deps.clock.now());
      // Delivered host events are kept a week (by the clock they were written with), for an admin looking back.
      const hostDeliveries = await deleteDeliveredBefore(deps.db, deps.clock.now() - DELIVERED_KEPT_MS);
      const removed = { orphanFiles: orphans.files, ...signIns, presencePanels: presence.panels, presenceEvents: presence.events, hostDeliveries };
      if (Object.values(removed).some((n) => n > 0)) deps.log.info(removed, 'housekeeping: removed what nothing uses any more');
    },
    HOUR_MS,
    deps.log,
    (error) => deps.log.error({ err: error }, 'housekeeping: run failed; will try again next hour'),
  );
}
