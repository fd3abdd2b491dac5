import type { Knex } from 'knex';

/**
 * Every message view looks up the reactions to the messages it shows (store/messages.ts toViews),
 * including the views of each batch of customer messages as it is stored. The index on reaction_to
 * held an entry for every message, nearly all of them null; an index of the reactions alone is as
 * small as they are (and so is each lookup's walk through it). A `reaction_to IN (…)` implies
 * `reaction_to IS NOT NULL`, so both databases take it for the lookup.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => t.dropIndex(['reaction_to']));
  await knex.raw('CREATE INDEX messages_reactions ON messages (reaction_to) WHERE reaction_to IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX messages_reactions');
  await knex.schema.alterTable('messages', (t) => t.index(['reaction_to']));
}
