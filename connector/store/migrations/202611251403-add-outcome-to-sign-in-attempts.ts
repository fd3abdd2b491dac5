import type { Knex } from 'knex';

/**
 * What the popup's sign-in ended with, kept on the attempt so a panel that lost
 * its link to the popup (a provider page with Cross-Origin-Opener-Policy) can
 * learn it by polling: the failure (code and reason), or the provider's ID
 * token, handed to the session when the attempt is redeemed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sign_in_attempts', (t) => {
    t.text('failure');
    t.text('id_token');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sign_in_attempts', (t) => {
    t.dropColumn('id_token');
    t.dropColumn('failure');
  });
}
