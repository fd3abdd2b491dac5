import type { Knex } from 'knex';

/**
 * When retention deleted a message's body, and after how many days, so the
 * panel can say "content deleted after N days" while the audit trail keeps
 * the body's digest.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.bigInteger('content_deleted_at');
    t.integer('content_retention_days');
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.dropIndex(['created_at']);
    t.dropColumns('content_deleted_at', 'content_retention_days');
  });
}
