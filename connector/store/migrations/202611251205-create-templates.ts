import type { Knex } from 'knex';

/** The WhatsApp Business Account's templates, synced from Meta. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('templates', (t) => {
    t.increments('id');
    t.string('provider_id', 64);
    t.string('name', 512).notNullable();
    t.string('language', 16).notNullable();
    t.string('category', 32).notNullable();
    t.string('status', 32).notNullable();
    t.text('components').notNullable();
    t.bigInteger('synced_at').notNullable();
    t.unique(['name', 'language']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('templates');
}
