import type { Knex } from 'knex';

/**
 * Sign-in state that must survive a load balancer: the popup's express session,
 * the sign-in attempts with their one-time codes, and the bearer tokens.
 * Codes and tokens are stored as SHA-256 digests, never in clear.
 */
export async function up(knex: Knex): Promise<void> {
  // The layout connect-session-knex expects.
  await knex.schema.createTable('http_sessions', (t) => {
    t.string('sid').primary();
    t.text('sess').notNullable();
    t.timestamp('expired').notNullable().index();
  });
  await knex.schema.createTable('sign_in_attempts', (t) => {
    t.string('id', 64).primary();
    t.string('challenge', 128).notNullable();
    t.string('origin', 512).notNullable();
    t.string('code_hash', 64);
    t.integer('teammate_id').references('id').inTable('teammates');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('redeemed_at');
  });
  await knex.schema.createTable('access_tokens', (t) => {
    t.string('token_hash', 64).primary();
    t.integer('teammate_id').notNullable().references('id').inTable('teammates');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable().index();
    t.bigInteger('revoked_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('access_tokens');
  await knex.schema.dropTable('sign_in_attempts');
  await knex.schema.dropTable('http_sessions');
}
