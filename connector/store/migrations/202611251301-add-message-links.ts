import type { Knex } from 'knex';

/**
 * What a message points at: its file, the message it quotes, the message it
 * reacts to (all by wamid, as Meta refers to them). And how far the business
 * has told Meta it read a customer's messages.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.string('media_id', 40).references('id').inTable('media');
    t.string('reply_to', 255);
    t.string('reaction_to', 255);
    t.index(['reaction_to']);
    t.index(['contact_id', 'channel', 'status', 'id']);
  });
  await knex.schema.alterTable('contacts', (t) => {
    t.integer('read_up_to');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contacts', (t) => {
    t.dropColumn('read_up_to');
  });
  await knex.schema.alterTable('messages', (t) => {
    t.dropIndex(['contact_id', 'channel', 'status', 'id']);
    t.dropIndex(['reaction_to']);
    t.dropForeign(['media_id']);
    t.dropColumn('media_id');
    t.dropColumn('reply_to');
    t.dropColumn('reaction_to');
  });
}
