/**
 * PostgreSQL plans each query from statistics of the tables' contents, which autovacuum refreshes
 * about once a minute, and never where it is turned off. A burst into a new database outruns them:
 * the planner, still believing a table nearly empty or its pending rows few, read every message to
 * find a batch's reactions (10 ms a batch at 60,000 messages, growing with the table) and sorted the
 * whole webhook backlog for each batch (6 ms). This keeper looks every few seconds (one query) and
 * analyzes a table whose changes since its last statistics outnumber its rows then; both reads then
 * take under a millisecond. SQLite keeps no statistics and needs none of this.
 */
import type { Logger } from 'pino';
import { dbKind, type Db } from '../../store/db';
import { analyzeTables, staleStatistics } from '../../store/table-statistics';
import { periodicLoop, type WorkerLoop } from './worker-loop';

export const STATISTICS_CHECK_MS = 5_000;

/** Analyzes the tables whose statistics are far behind; returns their names (none when another instance is at it). */
export async function refreshStaleStatistics(db: Db): Promise<string[]> {
  const stale = await staleStatistics(db);
  return (await analyzeTables(db, stale)) ? stale : [];
}

/** The keeper's loop on PostgreSQL; null on SQLite. */
export function statisticsKeeper(deps: { db: Db; log: Logger }): WorkerLoop | null {
  if (dbKind(deps.db) !== 'postgres') return null;
  return periodicLoop(
    'statistics',
    async () => {
      const analyzed = await refreshStaleStatistics(deps.db);
      if (analyzed.length > 0) deps.log.debug({ tables: analyzed }, 'statistics: refreshed the planner statistics of tables a burst outran');
    },
    STATISTICS_CHECK_MS,
    deps.log,
    (error) => deps.log.warn({ err: error }, 'statistics: could not refresh table statistics; will try again'),
  );
}
