import type { Knex } from 'knex';

/**
 * When an outgoing message reached its current status (Meta's timestamp of the
 * status webhook), so the panel can say "Read at 4:36 PM". Null until a status
 * is reported; earlier messages keep null and the panel names the status alone.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.bigInteger('status_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumn('status_at');
  });
}
