import type { Knex } from 'knex';

/**
 * `events` is the ordered feed pushed to open panels; its id is the SSE event id,
 * so a panel that reconnects resumes exactly after the last event it saw.
 * `webhook_inbox` keeps every signed webhook body as received: Meta offers no
 * way to fetch a missed webhook again, so it is stored before it is processed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('events', (t) => {
    t.bigIncrements('id');
    t.integer('contact_id').references('id').inTable('contacts');
    t.string('type', 32).notNullable();
    t.text('payload').notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['contact_id', 'id']);
  });
  await knex.schema.createTable('webhook_inbox', (t) => {
    t.bigIncrements('id');
    t.bigInteger('received_at').notNullable();
    t.text('body').notNullable();
    t.bigInteger('processed_at');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.index(['processed_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webhook_inbox');
  await knex.schema.dropTable('events');
}
