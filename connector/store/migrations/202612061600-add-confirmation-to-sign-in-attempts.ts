import type { Knex } from 'knex';

/**
 * The confirmation code of a sign-in whose popup lost its link to the panel
 * (issue 11 §1, domain/sign-in-confirmation.ts): its digest, when it expires,
 * and how many tries were used (each counted before it is compared).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sign_in_attempts', (t) => {
    t.text('confirmation_hash');
    t.bigInteger('confirmation_expires_at');
    t.integer('confirmation_tries').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sign_in_attempts', (t) => {
    t.dropColumn('confirmation_tries');
    t.dropColumn('confirmation_expires_at');
    t.dropColumn('confirmation_hash');
  });
}
