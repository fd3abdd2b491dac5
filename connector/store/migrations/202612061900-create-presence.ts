import type { Knex } from 'knex';

/**
 * Presence and automatic assignment.
 *
 * `presence`: one row per open panel or inbox (teammate, the panel's own id),
 * with the customer it shows (none for an inbox) and until when it counts as
 * open and as typing. Every instance reads it: who else is on a thread, and
 * who is at their desk to be given a conversation.
 *
 * `conversations.auto_assign_due`: a new or reopened conversation nobody owns,
 * waiting for its automatic owner. `teammates.auto_assigned_at`: when each was
 * last given one, the round robin's turn.
 *
 * Presence reports are also live events (events.type 'presence'), many and
 * short-lived: housekeeping deletes them by age, through a partial index that
 * costs other events nothing.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('presence', (t) => {
    t.integer('teammate_id').notNullable().references('id').inTable('teammates');
    t.string('panel', 64).notNullable();
    t.integer('contact_id').references('id').inTable('contacts');
    t.string('host', 200);
    t.bigInteger('viewing_until').notNullable();
    t.bigInteger('typing_until');
    t.bigInteger('updated_at').notNullable();
    t.primary(['teammate_id', 'panel']);
    t.index(['contact_id', 'viewing_until']);
    t.index(['viewing_until']);
  });
  await knex.schema.alterTable('conversations', (t) => {
    t.boolean('auto_assign_due').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('teammates', (t) => {
    t.bigInteger('auto_assigned_at');
  });
  await knex.raw(`CREATE INDEX events_presence_created_at ON events (created_at) WHERE type = 'presence'`);
  await knex.raw(`CREATE INDEX conversations_auto_assign_due ON conversations (contact_id) WHERE auto_assign_due`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('presence');
  await knex.raw('DROP INDEX IF EXISTS conversations_auto_assign_due');
  await knex.raw('DROP INDEX IF EXISTS events_presence_created_at');
  // ALTER TABLE … DROP COLUMN on both: knex would rebuild an SQLite table, which other tables' keys forbid.
  await knex.raw('ALTER TABLE teammates DROP COLUMN auto_assigned_at');
  await knex.raw('ALTER TABLE conversations DROP COLUMN auto_assign_due');
}
