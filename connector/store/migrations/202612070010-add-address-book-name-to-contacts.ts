import type { Knex } from 'knex';

/**
 * The name the business gave a customer in the WhatsApp Business app's address book
 * (coexistence: Meta's smb_app_state_sync webhook), and when Meta said so. Kept beside
 * the WhatsApp profile name (`name`, which the customer chooses): NULL when the business
 * removed the customer from its address book or never saved them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contacts', (t) => {
    t.string('address_book_name', 255);
    t.bigInteger('address_book_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  // Plain ALTER TABLE (SQLite 3.35+): knex would rebuild the table on SQLite, which the messages' foreign keys refuse.
  for (const column of ['address_book_at', 'address_book_name']) await knex.raw(`ALTER TABLE contacts DROP COLUMN ${column}`);
}
