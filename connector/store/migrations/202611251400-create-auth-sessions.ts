import type { Knex } from 'knex';

/**
 * A signed-in session: what one sign-in (SSO, or a linked host's proof) grants
 * until sign-out, the absolute limit or idleness ends it. Its access tokens
 * (15 minutes) and single-use refresh tokens hang off it, so ending the
 * session ends every token at once. The provider's ID token is kept for
 * RP-initiated logout (`id_token_hint`); it is never accepted as a credential here.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('auth_sessions', (t) => {
    t.string('id', 64).primary();
    t.integer('teammate_id').notNullable().references('id').inTable('teammates');
    t.string('via', 8).notNullable();
    t.string('host', 300);
    t.string('host_user_id', 255);
    t.text('id_token');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    // The newest refresh token's expiry: a panel that stopped renewing is gone.
    t.bigInteger('renewable_until').notNullable();
    t.bigInteger('ended_at');
    t.string('end_reason', 32);
    t.index(['teammate_id', 'ended_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('auth_sessions');
}
