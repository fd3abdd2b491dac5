import type { Knex } from 'knex';

/** Each access token belongs to a session, so sign-out revokes all of them. Older tokens have none. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('access_tokens', (t) => {
    t.string('session_id', 64).index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('access_tokens', (t) => {
    t.dropIndex(['session_id']);
    t.dropColumn('session_id');
  });
}
