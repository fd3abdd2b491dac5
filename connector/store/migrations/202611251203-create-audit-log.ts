import type { Knex } from 'knex';

/** One row per outgoing message and per security event, written in the same transaction. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id');
    t.bigInteger('at').notNullable();
    t.string('action', 64).notNullable();
    t.integer('teammate_id').references('id').inTable('teammates');
    t.string('channel', 16);
    t.integer('contact_id').references('id').inTable('contacts');
    t.integer('message_id').references('id').inTable('messages');
    t.text('details');
    t.index(['contact_id', 'at']);
    t.index(['teammate_id', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
}
