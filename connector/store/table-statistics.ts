import type { Db } from './db';

/** Changes since the last ANALYZE beyond which a table's statistics are refreshed, on top of its size then. */
export const STALE_AFTER_CHANGES = 1000;

/**
 * This schema's tables whose PostgreSQL statistics are far behind: more rows changed since they were
 * last analyzed than the table then held, plus STALE_AFTER_CHANGES (a table never analyzed counts as
 * empty). Autovacuum analyzes at a tenth of that, so with it on this finds only what a burst did in
 * the minute before autovacuum next looks.
 */
export async function staleStatistics(db: Db): Promise<string[]> {
  const result = await db.raw<{ rows: Array<{ table: string }> }>(
    `SELECT s.relname AS table
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = current_schema()
        AND s.n_mod_since_analyze > GREATEST(c.reltuples, 0) + ?
      ORDER BY s.relname`,
    [STALE_AFTER_CHANGES],
  );
  return result.rows.map((r) => r.table);
}

/** Refreshes the planner's statistics of `table` (a name staleStatistics returned). */
export async function analyzeTable(db: Db, table: string): Promise<void> {
  await db.raw('ANALYZE ??', [table]);
}
