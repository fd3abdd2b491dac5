import type { Knex } from 'knex';

/**
 * A customer's marketing preference as Meta last reported it: 'stop' or
 * 'resume' (the user_preferences webhook), or 'stop' learnt from error 131050
 * on a send; when (Meta's time) and from where. Marketing templates to a
 * customer who stopped them are refused before they reach Meta.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contacts', (t) => {
    t.string('marketing_preference', 16);
    t.bigInteger('marketing_preference_at');
    // 'user_preferences' (the webhook) or 'error_131050' (a refused send).
    t.string('marketing_preference_source', 32);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const column of ['marketing_preference_source', 'marketing_preference_at', 'marketing_preference'])
    await knex.raw(`ALTER TABLE contacts DROP COLUMN ${column}`);
}
