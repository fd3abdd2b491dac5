import type { Knex } from 'knex';

/**
 * Refresh tokens rotate on every use; a used one presented again means a copy
 * leaked, and ends its session (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
 * Only SHA-256 digests are stored.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('refresh_tokens', (t) => {
    t.string('token_hash', 64).primary();
    t.string('session_id', 64).notNullable().references('id').inTable('auth_sessions').index();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('used_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('refresh_tokens');
}
