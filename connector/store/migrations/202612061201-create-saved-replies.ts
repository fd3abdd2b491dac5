import type { Knex } from 'knex';

/**
 * Saved replies the admins keep for the team. A deleted one keeps its row
 * (`deleted_at`), so the audit rows that name it still point at its text.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('saved_replies', (t) => {
    t.increments('id');
    t.string('name', 255).notNullable();
    t.text('text').notNullable();
    t.string('language', 35);
    t.integer('updated_by').references('id').inTable('teammates');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.bigInteger('deleted_at');
    t.index(['deleted_at', 'name']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('saved_replies');
}
