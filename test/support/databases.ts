/**
 * Real databases for tests: a fresh SQLite file, or a fresh PostgreSQL database
 * on the local server (created per test file, dropped after).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { afterAll, beforeAll } from 'vitest';
import { migrateToLatest, openDatabase, type DatabaseConfig, type Db } from '../../connector/store/db';

/** The server's admin connection; PG_TEST_URL overrides. */
export const PG_ADMIN_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const DB_KINDS = ['sqlite', 'postgres'] as const;
export type TestDbKind = (typeof DB_KINDS)[number];

export interface TestDatabase {
  config: DatabaseConfig;
  /** Environment variables selecting this database for loadConfig. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: TestDbKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'go2msg-test-'));
    const filename = join(dir, 'go2msg.sqlite');
    return { config: { kind: 'sqlite', filename }, env: { SQLITE_FILE: filename }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `go2msg_test_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString() },
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const again = knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
      await again.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.destroy();
    },
  };
}

export interface MigratedDatabase {
  db: Db;
  /** How to open it again (another pool: another instance). */
  config: DatabaseConfig;
  /** Closes the connection and drops the database. */
  close(): Promise<void>;
}

/** A fresh database with every migration run. */
export async function openMigratedDatabase(kind: TestDbKind): Promise<MigratedDatabase> {
  const database = await createTestDatabase(kind);
  const db = openDatabase(database.config);
  await migrateToLatest(db);
  return {
    db,
    config: database.config,
    async close() {
      await db.destroy();
      await database.drop();
    },
  };
}

/** A fresh migrated database for the tests of the current block: opened before them, dropped after. */
export function useMigratedDatabase(kind: TestDbKind): { readonly db: Db; readonly config: DatabaseConfig } {
  let opened: MigratedDatabase | null = null;
  beforeAll(async () => {
    opened = await openMigratedDatabase(kind);
  });
  afterAll(async () => {
    await opened?.close();
  });
  return {
    get db() {
      if (!opened) throw new Error('the test database is opened in beforeAll');
      return opened.db;
    },
    get config() {
      if (!opened) throw new Error('the test database is opened in beforeAll');
      return opened.config;
    },
  };
}
