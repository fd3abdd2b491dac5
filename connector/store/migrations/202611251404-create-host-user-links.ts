import type { Knex } from 'knex';

/**
 * A host's user proven, once through SSO, to be a teammate: after that a proof
 * signed by the host signs the teammate in. One host user is one teammate.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('host_user_links', (t) => {
    t.string('host', 300).notNullable();
    t.string('host_user_id', 255).notNullable();
    t.integer('teammate_id').notNullable().references('id').inTable('teammates').index();
    t.bigInteger('linked_at').notNullable();
    t.primary(['host', 'host_user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('host_user_links');
}
