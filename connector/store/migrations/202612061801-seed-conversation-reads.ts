import type { Knex } from 'knex';

/**
 * Everything the team had before the inbox existed counts as read: each
 * teammate's read mark in each conversation starts at its newest customer
 * message, so nobody opens the inbox to years of history marked unread.
 * (A teammate who joins later counts only what arrives after they joined:
 * store/conversations.ts, unreadCounts.)
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    INSERT INTO conversation_reads (contact_id, teammate_id, read_up_to)
    SELECT latest.contact_id, teammates.id, latest.read_up_to
    FROM (SELECT contact_id, MAX(id) AS read_up_to FROM messages WHERE direction = 'in' GROUP BY contact_id) latest
    JOIN conversations ON conversations.contact_id = latest.contact_id
    CROSS JOIN teammates
    WHERE true -- SQLite reads ON CONFLICT after a join as a join constraint without it (sqlite.org/lang_upsert.html, parsing ambiguity)
    ON CONFLICT (contact_id, teammate_id) DO NOTHING
  `);
}

/** The marks stay: they are the teammates' reading, not this migration's. */
export async function down(): Promise<void> {}
