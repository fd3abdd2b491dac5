import type { Knex } from 'knex';

/**
 * One person, one contact. Meta may answer a send with another `wa_id` than
 * the number typed (Brazil's ninth digit, Mexico's "1"), and, since usernames,
 * names one person by both a `wa_id` and a business-scoped user id. So:
 * - `contact_aliases`: numbers that reach a contact under another `wa_id` (the
 *   typed number Meta corrected), so later sends and lookups find the same
 *   contact instead of starting a second thread;
 * - `contacts.merged_into`: a contact whose messages were moved to another
 *   (the same person found twice), kept because the audit trail names it;
 *   a plain integer, not a foreign key, so the rollback can drop it on SQLite;
 * - `contacts.username`, `contacts.parent_user_id`: what Meta reports beside
 *   the business-scoped user id (profile.username, parent_user_id).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contacts', (t) => {
    t.string('username', 255);
    t.string('parent_user_id', 64);
    t.integer('merged_into');
  });
  await knex.schema.createTable('contact_aliases', (t) => {
    t.string('wa_id', 32).primary();
    t.integer('contact_id').notNullable().references('id').inTable('contacts');
    // 'send_response' (Meta answered with another wa_id) or 'merge' (a merged contact's number).
    t.string('source', 32).notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['contact_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('contact_aliases');
  // Plain ALTER TABLE (SQLite 3.35+): knex would rebuild the table on SQLite, which the messages' foreign keys refuse.
  for (const column of ['merged_into', 'parent_user_id', 'username']) await knex.raw(`ALTER TABLE contacts DROP COLUMN ${column}`);
}
