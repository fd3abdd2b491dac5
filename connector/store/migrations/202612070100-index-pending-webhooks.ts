import type { Knex } from 'knex';

/**
 * The webhook processor asks, batch after batch, for the oldest bodies not yet processed
 * (store/webhook-inbox.ts pendingWebhooks: processed_at and dead_at null, by id). Neither
 * database chose well: PostgreSQL, whenever its statistics were older than a burst, read the
 * primary key in order through every body already processed (13 ms a batch at 60,000 rows,
 * growing with the table); SQLite, which keeps no statistics, took the index on dead_at for
 * "dead_at IS NULL", which every body but the dead letters matches, and sorted them all.
 * An index of the pending bodies only, in id order, answers at once and stays as small as the
 * backlog; the dead letters' index keeps only dead letters, so it is never mistaken for it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX webhook_inbox_pending ON webhook_inbox (id) WHERE processed_at IS NULL AND dead_at IS NULL');
  await knex.schema.alterTable('webhook_inbox', (t) => t.dropIndex(['dead_at']));
  await knex.raw('CREATE INDEX webhook_inbox_dead_letters ON webhook_inbox (dead_at) WHERE dead_at IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX webhook_inbox_dead_letters');
  await knex.schema.alterTable('webhook_inbox', (t) => t.index(['dead_at']));
  await knex.raw('DROP INDEX webhook_inbox_pending');
}
