import type { Knex } from 'knex';

/**
 * Every message view looks up the reactions to the messages it shows (store/messages.ts toViews),
 * including the views of each batch of customer messages as it is stored. The index on reaction_to
 * held an entry for every message, nearly all of them null; an index of the reactions alone is as
 * small as they are (and so is each lookup's walk through it). A `reaction_to IN (…)` implies
 * `reaction_to IS NOT NULL`, so both databases take it for the lookup.
 */
/**
 * Outside a transaction, so that on PostgreSQL the new index is built and the old one dropped
 * CONCURRENTLY: a large messages table stays readable and writable meanwhile (instances still running
 * during a rolling deploy included). Each step can be run again after an interruption.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  const concurrently = knex.client.config.client === 'pg' ? 'CONCURRENTLY ' : '';
  await knex.raw(`CREATE INDEX ${concurrently}IF NOT EXISTS messages_reactions ON messages (reaction_to) WHERE reaction_to IS NOT NULL`);
  await knex.raw(`DROP INDEX ${concurrently}IF EXISTS messages_reaction_to_index`);
}

export async function down(knex: Knex): Promise<void> {
  const concurrently = knex.client.config.client === 'pg' ? 'CONCURRENTLY ' : '';
  await knex.raw(`CREATE INDEX ${concurrently}IF NOT EXISTS messages_reaction_to_index ON messages (reaction_to)`);
  await knex.raw(`DROP INDEX ${concurrently}IF EXISTS messages_reactions`);
}
