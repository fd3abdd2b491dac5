import type { Knex } from 'knex';

/**
 * The team's inbox: one conversation per customer (its state, owner, when it
 * started waiting for an answer, its latest message), each teammate's read
 * mark per conversation, and full-text search over message text with each
 * database's own engine (SQLite FTS5, PostgreSQL tsvector + GIN).
 *
 * Existing threads become conversations: open when a customer message is
 * still unanswered, resolved otherwise, so the inbox starts with exactly the
 * customers who are owed an answer (a resolved one opens again when its
 * customer writes). Self-contained on purpose: a migration's meaning must not
 * change when live code does.
 */
const SEARCH_TABLE = 'messages_fts';

/** Reactions and system notices are not someone writing: they neither open a wait nor answer one. */
const NOT_WRITING = ['reaction', 'system'];

function isPostgres(knex: Knex): boolean {
  return knex.client.config.client === 'pg';
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('conversations', (t) => {
    t.integer('contact_id').primary().references('id').inTable('contacts');
    t.string('state', 16).notNullable();
    t.bigInteger('snoozed_until');
    t.integer('owner_id').references('id').inTable('teammates');
    t.bigInteger('waiting_since');
    t.integer('last_message_id');
    t.bigInteger('last_activity_at').notNullable();
    t.bigInteger('state_changed_at').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['state', 'owner_id']);
    t.index(['last_activity_at']);
  });
  await knex.schema.createTable('conversation_reads', (t) => {
    t.integer('contact_id').notNullable().references('id').inTable('contacts');
    t.integer('teammate_id').notNullable().references('id').inTable('teammates');
    // The newest customer message this teammate has seen (a message id: ids only grow).
    t.integer('read_up_to').notNullable();
    t.primary(['contact_id', 'teammate_id']);
  });
  await backfill(knex);

  if (isPostgres(knex)) {
    // 'simple': customers write in every language; no stemming, no stop words.
    await knex.raw(`CREATE INDEX messages_text_search ON messages USING GIN (to_tsvector('simple', coalesce(text, '')))`);
    return;
  }
  // An external-content FTS5 index over messages.text, kept in step by triggers
  // (https://sqlite.org/fts5.html#external_content_tables): retention blanking a
  // body removes its words from the index too.
  await knex.raw(`CREATE VIRTUAL TABLE ${SEARCH_TABLE} USING fts5(text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`);
  await knex.raw(`CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO ${SEARCH_TABLE}(rowid, text) VALUES (new.id, new.text);
  END`);
  await knex.raw(`CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO ${SEARCH_TABLE}(${SEARCH_TABLE}, rowid, text) VALUES ('delete', old.id, old.text);
  END`);
  await knex.raw(`CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO ${SEARCH_TABLE}(${SEARCH_TABLE}, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO ${SEARCH_TABLE}(rowid, text) VALUES (new.id, new.text);
  END`);
  await knex.raw(`INSERT INTO ${SEARCH_TABLE}(${SEARCH_TABLE}) VALUES ('rebuild')`);
}

async function backfill(knex: Knex): Promise<void> {
  const now = Date.now();
  const threads: Array<{ contact_id: number }> = await knex('messages').whereNotIn('type', NOT_WRITING).distinct('contact_id');
  for (const { contact_id: contactId } of threads) {
    const writing = () => knex('messages').where('contact_id', contactId).whereNotIn('type', NOT_WRITING);
    const last = await writing()
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first('id', 'at');
    const lastAnswer = await writing().where('direction', 'out').max<{ at: number | null }>('at as at').first();
    const unanswered = await writing()
      .where('direction', 'in')
      .modify((q) => {
        if (lastAnswer?.at != null) q.andWhere('at', '>', lastAnswer.at);
      })
      .min<{ at: number | null }>('at as at')
      .first();
    const waitingSince = unanswered?.at ?? null;
    await knex('conversations').insert({
      contact_id: contactId,
      state: waitingSince === null ? 'resolved' : 'open',
      waiting_since: waitingSince,
      last_message_id: last.id,
      last_activity_at: last.at,
      state_changed_at: now,
      created_at: now,
      updated_at: now,
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw('DROP INDEX IF EXISTS messages_text_search');
  } else {
    for (const trigger of ['messages_fts_insert', 'messages_fts_delete', 'messages_fts_update']) await knex.raw(`DROP TRIGGER IF EXISTS ${trigger}`);
    await knex.raw(`DROP TABLE IF EXISTS ${SEARCH_TABLE}`);
  }
  await knex.schema.dropTable('conversation_reads');
  await knex.schema.dropTable('conversations');
}
