import type { Knex } from 'knex';

/**
 * Contacts are keyed on `wa_id`, or on the business-scoped user id when Meta
 * hides the number (both unique, both nullable). Messages keep the Cloud API's
 * content shape as JSON; `wamid` is unique so a repeated webhook stores nothing twice,
 * and `idempotency_key` is unique so a retried request sends nothing twice.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('contacts', (t) => {
    t.increments('id');
    t.string('wa_id', 32).unique();
    t.string('user_id', 64).unique();
    t.string('phone', 32);
    t.string('name', 255);
    t.bigInteger('last_inbound_at');
    t.bigInteger('window_closed_at');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
  });
  await knex.schema.createTable('messages', (t) => {
    t.increments('id');
    t.integer('contact_id').notNullable().references('id').inTable('contacts');
    t.string('direction', 3).notNullable();
    t.string('channel', 16).notNullable().defaultTo('whatsapp');
    t.string('wamid', 255).unique();
    t.string('type', 32).notNullable();
    t.text('content').notNullable();
    // What a person reads: the text, a caption, or a template with its values filled in.
    t.text('text');
    t.string('status', 16).notNullable();
    t.text('failure');
    t.integer('teammate_id').references('id').inTable('teammates');
    t.string('idempotency_key', 128).unique();
    t.string('request_hash', 64);
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('next_attempt_at');
    t.bigInteger('at').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['contact_id', 'at', 'id']);
    t.index(['status', 'next_attempt_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('messages');
  await knex.schema.dropTable('contacts');
}
