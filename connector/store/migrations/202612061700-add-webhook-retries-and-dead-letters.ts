import type { Knex } from 'knex';

/**
 * A webhook body that fails waits for `retry_at` instead of holding back the bodies behind
 * it; one that fails for good is a dead letter (`dead_at`, with its `last_error`) until an
 * admin replays it. Bodies that an earlier version stopped retrying after five attempts
 * become dead letters too; when they failed for good is unknown, so `dead_at` is their
 * receipt time.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_inbox', (t) => {
    t.bigInteger('retry_at');
    t.bigInteger('dead_at');
    t.index(['dead_at']);
  });
  await knex('webhook_inbox')
    .whereNull('processed_at')
    .andWhere('attempts', '>=', 5)
    .update({ dead_at: knex.ref('received_at') });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_inbox', (t) => {
    t.dropIndex(['dead_at']);
    t.dropColumn('dead_at');
    t.dropColumn('retry_at');
  });
}
