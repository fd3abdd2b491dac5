import type { Knex } from 'knex';

/**
 * Coexistence with the WhatsApp Business app: a message the business sent from
 * the phone app (the smb_message_echoes webhook) or imported from the app's
 * chat history (the history webhook) says so in `origin` ('phone_app',
 * 'history'); messages sent through go2msg or received live keep null.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.string('origin', 16);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumn('origin');
  });
}
