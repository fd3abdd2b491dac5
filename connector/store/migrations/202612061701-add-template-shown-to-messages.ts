import type { Knex } from 'knex';

/**
 * What the customer saw of a sent template (header, body with its values,
 * footer, buttons), as JSON: the panel draws it from here, since the template
 * itself may be edited or deleted later. Cleared with the body by retention.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.text('template_shown');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumn('template_shown');
  });
}
