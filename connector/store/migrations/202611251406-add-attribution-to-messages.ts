import type { Knex } from 'knex';

/** An outbound message names the host and host user it was sent from, beside its teammate. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.string('host', 300);
    t.string('host_user_id', 255);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumn('host_user_id');
    t.dropColumn('host');
  });
}
