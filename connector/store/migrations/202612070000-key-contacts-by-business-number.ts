import type { Knex } from 'knex';

/**
 * A conversation and its 24-hour window belong to the pair (business number,
 * customer): Meta counts the window per number ("since the customer last replied
 * to this number", 131047), and a customer who writes to Support and to Sales
 * has two threads. So a contact row is one customer *on one business number*:
 * `contacts.phone_number_id` is Meta's phone number id, and `wa_id` / `user_id`
 * are unique per number instead of overall (the unique indexes lead with the
 * customer's id, so a look-up by customer alone still uses them).
 *
 * Existing rows keep NULL here: which number they belong to is configuration
 * (WHATSAPP_PHONE_NUMBER_ID), which a migration must not read. The connector
 * assigns them to its default number when it starts (store/contacts.ts
 * `assignContactsWithoutNumber`), before it serves anything.
 *
 * The rollback is refused while a customer has threads on two numbers: the old
 * schema cannot hold them, and merging two conversations silently is not a
 * rollback's decision.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contacts', (t) => {
    t.string('phone_number_id', 32);
  });
  await knex.schema.alterTable('contacts', (t) => {
    t.dropUnique(['wa_id']);
    t.dropUnique(['user_id']);
  });
  await knex.schema.alterTable('contacts', (t) => {
    t.unique(['wa_id', 'phone_number_id'], { indexName: 'contacts_wa_id_number_unique' });
    t.unique(['user_id', 'phone_number_id'], { indexName: 'contacts_user_id_number_unique' });
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const column of ['wa_id', 'user_id']) {
    const twice = await knex('contacts').whereNotNull(column).groupBy(column).havingRaw('count(*) > 1').first(column);
    if (twice)
      throw new Error(
        `cannot roll back: the customer ${twice[column]} has threads on more than one business number; the schema before several numbers holds one per customer`,
      );
  }
  await knex.schema.alterTable('contacts', (t) => {
    t.dropUnique(['wa_id', 'phone_number_id'], 'contacts_wa_id_number_unique');
    t.dropUnique(['user_id', 'phone_number_id'], 'contacts_user_id_number_unique');
  });
  await knex.schema.alterTable('contacts', (t) => {
    t.unique(['wa_id']);
    t.unique(['user_id']);
  });
  // Plain ALTER TABLE (SQLite 3.35+): knex would rebuild the table on SQLite, which the messages' foreign keys refuse.
  await knex.raw('ALTER TABLE contacts DROP COLUMN phone_number_id');
}
