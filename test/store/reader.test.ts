/** The read-only SQLite connection the bearer-token lookups use (openReader). */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrateToLatest, openDatabase, openReader, type Db } from '../../connector/store/db';
import { upsertTeammate } from '../../connector/store/teammates';
import { createTestDatabase, type TestDatabase } from '../support/databases';

describe('the reader connection on an SQLite file', () => {
  let database: TestDatabase;
  let db: Db;
  let reader: Db;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    db = openDatabase(database.config);
    await migrateToLatest(db);
    reader = openReader(database.config, db);
  });

  afterAll(async () => {
    await reader?.destroy();
    await db?.destroy();
    await database?.drop();
  });

  test('is a connection of its own, reading what the writer committed, even while the writer is in a transaction', async () => {
    expect(reader).not.toBe(db);
    const ana = await upsertTeammate(db, { issuer: 'https://idp', subject: 'ana', email: null, name: 'Ana', role: 'agent' }, 1);
    const trx = await db.transaction();
    try {
      await trx('teammates').where('id', ana.id).update({ name: 'Ana (uncommitted)' });
      expect(await reader('teammates').where('id', ana.id).first('name')).toEqual({ name: 'Ana' });
    } finally {
      await trx.rollback();
    }
  });

  test('cannot write', async () => {
    await expect(reader('teammates').update({ name: 'x' })).rejects.toThrow(/readonly/i);
  });

  test('is the database itself in memory and on PostgreSQL, where a second connection would not help', () => {
    expect(openReader({ kind: 'sqlite', filename: ':memory:' }, db)).toBe(db);
    expect(openReader({ kind: 'postgres', url: 'postgres://unused' }, db)).toBe(db);
  });
});
