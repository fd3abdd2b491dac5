import type { Knex } from 'knex';

/**
 * Every account-level webhook (template status, quality and category updates,
 * phone number quality and name updates, account alerts…) as Meta sent it,
 * with the subject it concerns, so admins can see the history.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('account_events', (t) => {
    t.bigIncrements('id');
    t.string('field', 64).notNullable();
    t.string('event', 64);
    t.string('subject', 600);
    t.text('value').notNullable();
    t.bigInteger('received_at').notNullable();
    t.index(['received_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('account_events');
}
