import type { Knex } from 'knex';

/**
 * What the connector last learned about the WhatsApp Business Account as a
 * whole, one JSON value per key: the number's health, the business profile,
 * Meta's active account alerts. Shared by every connector instance.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('account_state', (t) => {
    t.string('key', 64).primary();
    t.text('value').notNullable();
    t.bigInteger('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('account_state');
}
