import type { Knex } from 'knex';

/**
 * The inbox finds "Ángela" when someone types "angela", and "café" for "cafe",
 * the same on both databases: contacts keep their name folded for search
 * (lower case, marks removed: domain/conversations.ts foldForSearch, copied
 * here so this migration never changes meaning), and PostgreSQL's message
 * index folds the text with unaccent and lower (SQLite's FTS5 index already
 * does, with remove_diacritics). unaccent ships with PostgreSQL (contrib) and
 * is a trusted extension since PostgreSQL 13, so the database's owner may
 * create it.
 */
const fold = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

function isPostgres(knex: Knex): boolean {
  return knex.client.config.client === 'pg';
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contacts', (t) => {
    t.string('search_name', 255);
  });
  const named: Array<{ id: number; name: string }> = await knex('contacts').whereNotNull('name').select('id', 'name');
  for (const { id, name } of named)
    await knex('contacts')
      .where({ id })
      .update({ search_name: fold(name) });
  if (!isPostgres(knex)) return;
  await knex.raw('CREATE EXTENSION IF NOT EXISTS unaccent');
  // An index needs an immutable function; unaccent() is only stable (its dictionary could change), so it is named explicitly.
  await knex.raw(`CREATE OR REPLACE FUNCTION go2msg_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`);
  await knex.raw('DROP INDEX IF EXISTS messages_text_search');
  await knex.raw(`CREATE INDEX messages_text_search ON messages USING GIN (to_tsvector('simple', go2msg_fold(coalesce(text, ''))))`);
}

export async function down(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw('DROP INDEX IF EXISTS messages_text_search');
    await knex.raw(`CREATE INDEX messages_text_search ON messages USING GIN (to_tsvector('simple', coalesce(text, '')))`);
    await knex.raw('DROP FUNCTION IF EXISTS go2msg_fold(text)');
  }
  // Plain ALTER TABLE (SQLite 3.35+): knex would rebuild the table on SQLite, which the messages' foreign keys refuse.
  await knex.raw('ALTER TABLE contacts DROP COLUMN search_name');
}
