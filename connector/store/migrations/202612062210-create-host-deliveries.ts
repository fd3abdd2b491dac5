import type { Knex } from 'knex';

/**
 * The host outbox (issue 14): what helpdesks and CRMs are told, and what they hold.
 *
 * `host_deliveries`: one row per event per configured host, written in the transaction of
 * the change; the worker claims pending rows (one at a time per host and customer, in
 * order), marks them delivered, retries them later, or keeps them as dead letters
 * (`dead_at`, `last_error`) for an admin to replay. (host, event_id) is unique: an event is
 * delivered to a host once.
 *
 * `host_links`: the host's record for a customer's conversation (a Zendesk ticket): one per
 * host and customer, the primary key, so two instances can never both create one.
 *
 * `host_targets`: each host's shared state across instances: paused after refusing our
 * credential, or held back after a 429 until `held_until`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('host_deliveries', (t) => {
    t.increments('id').primary();
    t.string('host', 64).notNullable();
    t.string('event_id', 64).notNullable();
    t.string('type', 40).notNullable();
    t.integer('contact_id').notNullable();
    t.text('payload').notNullable();
    t.string('status', 12).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('next_attempt_at').notNullable();
    t.bigInteger('claimed_at');
    t.text('last_error');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('delivered_at');
    t.bigInteger('dead_at');
    t.unique(['host', 'event_id']);
    t.index(['host', 'contact_id', 'id']);
  });
  // The worker's look for due work and the lease sweep: only rows not yet settled.
  await knex.raw(`CREATE INDEX host_deliveries_due ON host_deliveries (next_attempt_at, id) WHERE status = 'pending'`);
  await knex.raw(`CREATE INDEX host_deliveries_sending ON host_deliveries (claimed_at) WHERE status = 'sending'`);
  await knex.raw(`CREATE INDEX host_deliveries_dead ON host_deliveries (id) WHERE status = 'dead'`);
  await knex.schema.createTable('host_links', (t) => {
    t.string('host', 64).notNullable();
    t.integer('contact_id').notNullable();
    t.string('record_id', 64);
    t.text('record_url');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.primary(['host', 'contact_id']);
    t.index(['host', 'record_id']);
  });
  await knex.schema.createTable('host_targets', (t) => {
    t.string('host', 64).primary();
    t.bigInteger('paused_at');
    t.string('paused_reason', 300);
    t.bigInteger('held_until');
    t.bigInteger('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('host_targets');
  await knex.schema.dropTable('host_links');
  await knex.schema.dropTable('host_deliveries');
}
