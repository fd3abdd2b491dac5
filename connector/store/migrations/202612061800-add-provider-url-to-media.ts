import type { Knex } from 'knex';

/**
 * Where a file is fetched from when its provider gives a URL instead of an id:
 * a Twilio MMS's MediaUrl{i}, fetched with the SMS account's credentials. Null
 * for WhatsApp media, fetched by Meta's media id (provider_media_id).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('media', (t) => {
    t.text('provider_url');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('media', (t) => {
    t.dropColumn('provider_url');
  });
}
