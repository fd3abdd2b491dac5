import type { Knex } from 'knex';

/**
 * Inbox search at a busy business's size (bench/inbox.ts: 10,000 conversations,
 * 1,000,000 messages). A search asks "which conversations, in the tab's order,
 * have a message with these words"; a common word is in most of them.
 *
 * - SQLite: the FTS5 index's own rowid says whose message it is
 *   (contact id × 2^32 + message id), so the matching conversations come
 *   straight from the index, in contact order, without looking up each
 *   matching message (a common word matched 90,000 messages and 300 ms went to
 *   those lookups). The index is contentless with deletes
 *   (https://sqlite.org/fts5.html#contentless_delete_tables, SQLite 3.43+; the
 *   sqlite3 package bundles a newer one): it keeps only the words' positions,
 *   triggers keep it in step, and retention blanking a body removes its words.
 * - PostgreSQL: the GIN index stays; the tabs' order keys get indexes so the
 *   planner can walk conversations in order and stop at a page of matches
 *   (a common word) or gather the few matches first (a rare one), from its
 *   statistics.
 *
 * The order keys are copied from store/conversations.ts (NOT_WAITING_BASE =
 * 8e15): an index is only used for the exact expression, and a migration's
 * meaning must not change with live code, so a change there needs a new
 * migration here.
 */
const WAITING_KEY = '(CASE WHEN waiting_since IS NULL THEN 8000000000000000 - last_activity_at ELSE waiting_since END)';
const ACTIVITY_KEY = '(8000000000000000 - last_activity_at)';

const WORDS = 'message_words';
const ROW = (m: 'new' | 'old') => `(${m}.contact_id * 4294967296 + ${m}.id)`;

function isPostgres(knex: Knex): boolean {
  return knex.client.config.client === 'pg';
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX conversations_waiting_order ON conversations (${WAITING_KEY}, contact_id)`);
  await knex.raw(`CREATE INDEX conversations_activity_order ON conversations (${ACTIVITY_KEY}, contact_id)`);
  if (isPostgres(knex)) return;

  for (const trigger of ['messages_fts_insert', 'messages_fts_delete', 'messages_fts_update']) await knex.raw(`DROP TRIGGER IF EXISTS ${trigger}`);
  await knex.raw('DROP TABLE IF EXISTS messages_fts');
  await knex.raw(`CREATE VIRTUAL TABLE ${WORDS} USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`);
  await knex.raw(`CREATE TRIGGER message_words_insert AFTER INSERT ON messages WHEN new.text IS NOT NULL BEGIN
    INSERT INTO ${WORDS}(rowid, text) VALUES (${ROW('new')}, new.text);
  END`);
  await knex.raw(`CREATE TRIGGER message_words_delete AFTER DELETE ON messages BEGIN
    DELETE FROM ${WORDS} WHERE rowid = ${ROW('old')};
  END`);
  // A contact merge moves messages to another customer: their words move with them.
  await knex.raw(`CREATE TRIGGER message_words_update AFTER UPDATE OF text, contact_id ON messages BEGIN
    DELETE FROM ${WORDS} WHERE rowid = ${ROW('old')};
    INSERT INTO ${WORDS}(rowid, text) SELECT ${ROW('new')}, new.text WHERE new.text IS NOT NULL;
  END`);
  await knex.raw(`INSERT INTO ${WORDS}(rowid, text) SELECT contact_id * 4294967296 + id, text FROM messages WHERE text IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS conversations_waiting_order');
  await knex.raw('DROP INDEX IF EXISTS conversations_activity_order');
  if (isPostgres(knex)) return;
  for (const trigger of ['message_words_insert', 'message_words_delete', 'message_words_update']) await knex.raw(`DROP TRIGGER IF EXISTS ${trigger}`);
  await knex.raw(`DROP TABLE IF EXISTS ${WORDS}`);
  // The index as migration 202612061200 made it.
  await knex.raw(`CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`);
  await knex.raw(`CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text);
  END`);
  await knex.raw(`CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END`);
  await knex.raw(`CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text);
  END`);
  await knex.raw(`INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')`);
}
