/**
 * The database: an SQLite file by default, PostgreSQL when DATABASE_URL says so.
 * This folder is the only code that imports knex.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type pg from 'pg';
import { migrationSource } from './migrations/index';

export type Db = Knex;
export type DbKind = 'sqlite' | 'postgres';

export type DatabaseConfig = { kind: 'sqlite'; filename: string } | { kind: 'postgres'; url: string };

/**
 * Loads the PostgreSQL driver the first time a PostgreSQL database is opened: on
 * SQLite it is never loaded (about 3 MB of heap). Required, not imported, because
 * opening a database is synchronous; knex requires the same module after this.
 */
function loadPostgresDriver(): void {
  const driver = createRequire(import.meta.url)('pg') as typeof pg;
  // Timestamps are epoch milliseconds in BIGINT columns; pg returns INT8 as a string
  // to be safe beyond 2^53, which epoch milliseconds never reach.
  driver.types.setTypeParser(driver.types.builtins.INT8, (value) => Number(value));
}

/** One SQLite connection (knex's pool of one), set up by `pragmas` when it opens. */
function sqliteConnection(filename: string, pragmas: string): Db {
  return knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) => {
        conn.exec(pragmas, (err) => done(err, conn));
      },
    },
  });
}

export function openDatabase(config: DatabaseConfig): Db {
  if (config.kind === 'postgres') {
    loadPostgresDriver();
    return knexFactory({ client: 'pg', connection: config.url, pool: { min: 0, max: 10 } });
  }
  if (config.filename !== ':memory:') mkdirSync(dirname(config.filename), { recursive: true });
  // One connection: SQLite allows one writer, and a single connection makes
  // every transaction serial instead of failing with SQLITE_BUSY.
  return sqliteConnection(config.filename, 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
}

/**
 * A read-only SQLite connection for the lookup every API request makes (its
 * bearer token). The one writer connection spends its time in transactions;
 * in WAL mode this one reads the last committed state meanwhile, instead of
 * queuing behind them. On PostgreSQL (a pool that already reads in parallel)
 * and for an in-memory SQLite database (which a second connection would not
 * see) it is the database itself. Open it after the migrations.
 */
export function openReader(config: DatabaseConfig, db: Db): Db {
  if (config.kind === 'postgres' || config.filename === ':memory:') return db;
  return sqliteConnection(config.filename, 'PRAGMA query_only = ON; PRAGMA busy_timeout = 5000;');
}

export function dbKind(db: Db): DbKind {
  return db.client.config.client === 'pg' ? 'postgres' : 'sqlite';
}

export async function migrateToLatest(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource });
}

export async function rollbackAll(db: Db): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}
