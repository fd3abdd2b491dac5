import type { Knex } from 'knex';

/**
 * The register of running connectors (store/instances.ts): each writes its row every few seconds
 * and removes it when it stops. Instances on one database send for the same business numbers, so
 * each takes an even share of every number's throughput limit (domain/rate-limit.ts NumbersPacing).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('connector_instances', (t) => {
    t.string('id', 64).primary();
    t.bigInteger('started_at').notNullable();
    t.bigInteger('seen_at').notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('connector_instances');
}
