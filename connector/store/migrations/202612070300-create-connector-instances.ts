import type { Knex } from 'knex';

/**
 * The register of running connectors (store/instances.ts, services/runtime/instance-register.ts):
 * each writes its row every few seconds, in the database's time, with the part of every number's
 * throughput limit it may use at most, and removes the row when it stops. Instances on one database
 * send for the same business numbers, so together their parts never add up to more than the whole.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('connector_instances', (t) => {
    t.string('id', 64).primary();
    t.bigInteger('started_at').notNullable();
    t.bigInteger('seen_at').notNullable().index();
    t.double('part').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('connector_instances');
}
