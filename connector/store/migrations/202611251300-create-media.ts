import type { Knex } from 'knex';

/**
 * Files in messages, both ways. The bytes live in the media store, named by
 * their SHA-256; this row says what the file is and where it stands: an
 * inbound file is `pending` until fetched from Meta (retried until it is),
 * an outbound one remembers the id Meta gave it on upload (valid 30 days).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('media', (t) => {
    t.string('id', 40).primary();
    t.string('direction', 3).notNullable();
    t.string('kind', 16).notNullable();
    t.string('mime_type', 255);
    t.string('filename', 255);
    t.bigInteger('size');
    t.string('sha256', 64);
    t.string('status', 16).notNullable();
    t.string('provider_media_id', 64);
    t.bigInteger('provider_uploaded_at');
    /** Meta's base64 SHA-256 of an inbound file, checked after download. */
    t.string('provider_sha256', 64);
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('next_fetch_at');
    t.text('failure');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['status', 'next_fetch_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('media');
}
