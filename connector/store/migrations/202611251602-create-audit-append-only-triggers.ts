import type { Knex } from 'knex';

/**
 * The trail is append-only in the database too: no code path updates or
 * deletes audit rows, and these triggers refuse it from any other client.
 * Someone who owns the database can still drop a trigger; the hash chain is
 * what catches that (`npm run audit:verify`).
 */
function isPostgres(knex: Knex): boolean {
  return knex.client.config.client === 'pg';
}

export async function up(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await knex.raw('CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()');
    await knex.raw('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()');
    return;
  }
  await knex.raw("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END");
  await knex.raw("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END");
}

export async function down(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log');
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log');
    await knex.raw('DROP FUNCTION IF EXISTS audit_log_refuse_change()');
    return;
  }
  await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_delete');
  await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_update');
}
