/** The trail's append lock on PostgreSQL: held to the end of the transaction, taken once per transaction. */
import { describe, expect, test } from 'vitest';
import { appendAuditEntries, lockAuditTrail } from '../../connector/store/audit-writer';
import { useMigratedDatabase } from '../support/databases';
import { waitFor } from '../support/wait';

describe('the audit trail lock on postgres', () => {
  const database = useMigratedDatabase('postgres');

  test('is taken by one statement however often a transaction asks, and others cannot take it until the commit', async () => {
    const db = database.db;
    const keys: number[] = [];
    const record = (q: { sql: string; bindings?: unknown[] }) => {
      if (q.sql.includes('pg_advisory_xact_lock')) keys.push(Number(q.bindings?.[0]));
    };
    db.on('query', record);
    try {
      const trx = await db.transaction();
      await lockAuditTrail(trx);
      await lockAuditTrail(trx);
      await appendAuditEntries(trx, [{ at: 1, action: 'test.locked', teammateId: null }]);
      expect(keys).toHaveLength(1);
      const whileHeld = await db.raw('SELECT pg_try_advisory_xact_lock(?) AS free', [keys[0]!]);
      expect(whileHeld.rows[0].free).toBe(false);
      await trx.commit();

      const afterCommit = await db.raw('SELECT pg_try_advisory_xact_lock(?) AS free', [keys[0]!]);
      expect(afterCommit.rows[0].free).toBe(true);
      // A new transaction asks the database again.
      const other = await db.transaction();
      await lockAuditTrail(other);
      await other.rollback();
      expect(keys).toHaveLength(2);
    } finally {
      db.removeListener('query', record);
    }
  });

  test('a transaction appending without asking first takes the lock and reads the end in one round trip, and holds it to the commit', async () => {
    const db = database.db;
    const statements: Array<{ sql: string; bindings?: unknown[] }> = [];
    const record = (q: { sql: string; bindings?: unknown[] }) => statements.push(q);
    const trx = await db.transaction();
    db.on('query', record);
    try {
      await appendAuditEntries(trx, [{ at: 2, action: 'test.one_trip', teammateId: null }]);
      await appendAuditEntries(trx, [{ at: 3, action: 'test.one_trip', teammateId: null }]);
    } finally {
      db.removeListener('query', record);
    }
    // One read of the end with the lock, one insert each; the second append reads the end it holds.
    const locking = statements.filter((q) => /go2msg_audit_trail_end|pg_advisory_xact_lock/.test(q.sql));
    expect(locking).toHaveLength(1);
    expect(statements).toHaveLength(4);
    const key = Number(locking[0]!.bindings?.[0]);
    expect((await db.raw('SELECT pg_try_advisory_xact_lock(?) AS free', [key])).rows[0].free).toBe(false);
    await trx.commit();
    expect((await db.raw('SELECT pg_try_advisory_xact_lock(?) AS free', [key])).rows[0].free).toBe(true);
    const rows = await db('audit_log').where('action', 'test.one_trip').orderBy('id').select('id', 'prev_hash', 'row_hash');
    expect(rows).toHaveLength(2);
    expect(rows[1].prev_hash).toBe(rows[0].row_hash);
  });

  test('a writer waiting for the lock appends after the row the holder committed; under REPEATABLE READ it is refused, not forked', async () => {
    const db = database.db;
    const holder = await db.transaction();
    await appendAuditEntries(holder, [{ at: 10, action: 'test.holder', teammateId: null }]);
    const waiter = db.transaction((trx) => appendAuditEntries(trx, [{ at: 11, action: 'test.waiter', teammateId: null }]));
    await waitFor(
      async () => {
        const { rows } = await db.raw("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        return rows[0].n > 0 ? true : undefined;
      },
      { what: 'the second writer to wait for the lock' },
    );
    await holder.commit();
    await waiter;
    const [held, waited] = await db('audit_log')
      .whereIn('action', ['test.holder', 'test.waiter'])
      .orderBy('id')
      .select('id', 'action', 'prev_hash', 'row_hash');
    expect([held.action, waited.action]).toEqual(['test.holder', 'test.waiter']);
    expect(waited.id).toBe(held.id + 1);
    expect(waited.prev_hash).toBe(held.row_hash);

    await expect(
      db.transaction((trx) => appendAuditEntries(trx, [{ at: 12, action: 'test.repeatable', teammateId: null }]), { isolationLevel: 'repeatable read' }),
    ).rejects.toThrow(/READ COMMITTED/);
  });
});
