import type { Knex } from 'knex';

/**
 * Which business number uploaded a file to Meta: a media id works only for the
 * number that uploaded it, so a file sent again from another number is uploaded
 * again from that one. NULL for files uploaded before several numbers (by the
 * default number, which is how the outbox reads it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('media', (t) => {
    t.string('provider_phone_number_id', 32);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('media', (t) => {
    t.dropColumn('provider_phone_number_id');
  });
}
