/** The trail's append lock on PostgreSQL: held to the end of the transaction, taken once per transaction. */
import { describe, expect, test } from 'vitest';
import { appendAuditEntries, lockAuditTrail } from '../../connector/store/audit-writer';
import { useMigratedDatabase } from '../support/databases';

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
});
