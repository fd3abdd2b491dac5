import type { Knex } from 'knex';

/**
 * PostgreSQL: the end of the audit trail, read under its append lock in one round trip
 * (store/audit-writer.ts trailEnd). Every transaction that writes the trail holds the lock from this
 * read to its commit, so each round trip inside that span is one more wait for every other writer:
 * taking the lock and reading the end as two statements made it three round trips instead of two.
 * The read is a statement of its own inside the function, so in READ COMMITTED it takes its snapshot
 * after the lock is granted and sees the rows of the transaction that held it before.
 */
export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw(`
    CREATE FUNCTION go2msg_audit_trail_end(lock_key bigint) RETURNS TABLE (last_id bigint, last_hash text)
    LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      -- Under REPEATABLE READ or SERIALIZABLE the read below would see the snapshot taken before the
      -- lock, miss the previous holder's rows and fork the chain: refused rather than forked.
      IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'the audit trail is appended under READ COMMITTED, not %', current_setting('transaction_isolation');
      END IF;
      PERFORM pg_advisory_xact_lock(lock_key);
      RETURN QUERY SELECT a.id::bigint, a.row_hash::text FROM audit_log a ORDER BY a.id DESC LIMIT 1;
    END
    $$`);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw('DROP FUNCTION go2msg_audit_trail_end(bigint)');
}
