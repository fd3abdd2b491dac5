import type { Knex } from 'knex';

/** Teammates are created on first sign-in from the identity provider's claims. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('teammates', (t) => {
    t.increments('id');
    t.string('issuer', 512).notNullable();
    t.string('subject', 255).notNullable();
    t.string('email', 320);
    t.string('name', 255).notNullable();
    t.string('role', 16).notNullable().defaultTo('agent');
    t.bigInteger('disabled_at');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_sign_in_at');
    t.unique(['issuer', 'subject']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('teammates');
}
