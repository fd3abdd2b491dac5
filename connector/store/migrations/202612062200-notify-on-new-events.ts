import type { Knex } from 'knex';

/**
 * Every connector instance tails `events` and pushes new rows to its open
 * panels. On PostgreSQL an insert into `events` also says so on the
 * `go2msg_events` channel: the notice is sent by the writing transaction and
 * delivered when it commits (never for a rollback), to every instance that
 * LISTENs (store/event-notices.ts). A statement trigger catches every writer,
 * costs no extra round trip, and PostgreSQL folds a transaction's identical
 * notices into one. The channel's name is written out here so this migration
 * never changes meaning; store/event-notices.ts listens on the same name.
 */
function isPostgres(knex: Knex): boolean {
  return knex.client.config.client === 'pg';
}

export async function up(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  await knex.raw(`CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('go2msg_events', '');
      RETURN NULL;
    END $$`);
  await knex.raw('CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION events_notify()');
}

export async function down(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  await knex.raw('DROP TRIGGER IF EXISTS events_notify ON events');
  await knex.raw('DROP FUNCTION IF EXISTS events_notify()');
}
