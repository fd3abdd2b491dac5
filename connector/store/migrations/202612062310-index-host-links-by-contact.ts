import type { Knex } from 'knex';

/** Conversation summaries read their helpdesk records (a Zendesk ticket) by customer. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('host_links', (t) => {
    t.index(['contact_id'], 'host_links_contact_id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('host_links', (t) => {
    t.dropIndex(['contact_id'], 'host_links_contact_id');
  });
}
