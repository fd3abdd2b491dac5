import type { Knex } from 'knex';

/**
 * A verified host proof for a host user that is not linked yet: its ticket,
 * redeemed together with one SSO sign-in, stores the link. Digests only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('host_link_tickets', (t) => {
    t.string('ticket_hash', 64).primary();
    t.string('host', 300).notNullable();
    t.string('host_user_id', 255).notNullable();
    t.string('email', 320);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('used_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('host_link_tickets');
}
