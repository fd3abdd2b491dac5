import type { Db } from './db';

/** Changes since the last ANALYZE beyond which a table's statistics are refreshed, on top of its size then. */
export const STALE_AFTER_CHANGES = 1000;
/** Several instances look at once: the one holding this (transaction) lock analyzes, the others skip the turn. */
const STATISTICS_LOCK_KEY = 0x676f326d7374;

/**
 * This schema's tables, owned by this connector's role (it may analyze only those), whose PostgreSQL
 * statistics are far behind: more rows changed since they were last analyzed than the table then
 * held, plus STALE_AFTER_CHANGES (a table never analyzed counts as empty). Autovacuum analyzes at a
 * tenth of that, so with it on this finds only what a burst did in the minute before it next looks.
 */
export async function staleStatistics(db: Db): Promise<string[]> {
  const result = await db.raw<{ rows: Array<{ table: string }> }>(
    `SELECT s.relname AS table
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = current_schema()
        AND pg_has_role(c.relowner, 'USAGE')
        AND s.n_mod_since_analyze > GREATEST(c.reltuples, 0) + ?
      ORDER BY s.relname`,
    [STALE_AFTER_CHANGES],
  );
  return result.rows.map((r) => r.table);
}

/** Analyzes these tables of the current schema, unless another instance is doing so; says whether it did. */
export async function analyzeTables(db: Db, tables: string[]): Promise<boolean> {
  if (tables.length === 0) return false;
  return db.transaction(async (trx) => {
    const { rows } = await trx.raw<{ rows: Array<{ mine: boolean; schema: string }> }>(
      'SELECT pg_try_advisory_xact_lock(?) AS mine, current_schema() AS schema',
      [STATISTICS_LOCK_KEY],
    );
    const { mine, schema } = rows[0]!;
    if (!mine) return false;
    for (const table of tables) await trx.raw('ANALYZE ??', [`${schema}.${table}`]);
    return true;
  });
}
