/**
 * Message views show the reactions to each message (store/messages.ts): on SQLite and PostgreSQL the
 * lookup goes through the index of reactions alone (messages_reactions), not through every message,
 * and a reaction stored before the message it is on (Meta does not promise their order) still shows.
 */
import { describe, expect, test } from 'vitest';
import { upsertContact } from '../../connector/store/contacts';
import { findMessageViews, insertInboundMany, type InboundInsert } from '../../connector/store/messages';
import { DB_KINDS, useMigratedDatabase } from '../support/databases';
import { SUPPORT_NUMBER_ID } from '../support/fixtures';

const MESSAGES = 3_000;

describe.each(DB_KINDS)('reaction lookup on %s', (kind) => {
  const database = useMigratedDatabase(kind);

  test("a message's view finds a reaction that arrived first, through the index of reactions", async () => {
    const db = database.db;
    const contact = await upsertContact(db, { waId: '15550101010', userId: null, name: 'Ana', numberId: SUPPORT_NUMBER_ID }, 1);
    const message = (wamid: string, at: number, reactionTo: string | null = null): InboundInsert => ({
      contactId: contact.id,
      wamid,
      type: reactionTo ? 'reaction' : 'text',
      content: reactionTo ? { type: 'reaction', reaction: { message_id: reactionTo, emoji: '👍' } } : { type: 'text', text: { body: wamid } },
      text: reactionTo ? null : wamid,
      at,
      now: at,
      mediaId: null,
      replyTo: null,
      reactionTo,
    });
    await insertInboundMany(db, [message('wamid.reaction', 1, 'wamid.late')]);
    await insertInboundMany(
      db,
      Array.from({ length: MESSAGES }, (_, i) => message(`wamid.m${i}`, 10 + i)),
    );
    const late = (await insertInboundMany(db, [message('wamid.late', 100_000)])).get('wamid.late')!;
    if (kind === 'postgres') await db.raw('ANALYZE messages');

    const sent: Array<{ sql: string; bindings: readonly unknown[] }> = [];
    const capture = (q: { sql: string; bindings: readonly unknown[] }) => sent.push(q);
    db.on('query', capture);
    const [view] = await findMessageViews(db, [late]);
    db.off('query', capture);
    expect(view!.reactions).toEqual([expect.objectContaining({ emoji: '👍', direction: 'in' })]);

    const lookup = sent.find((q) => q.sql.includes('reaction_to'))!;
    const sql = lookup.sql.replace(/\$\d+/g, '?');
    const plan =
      kind === 'postgres'
        ? (await db.raw(`EXPLAIN ${sql}`, lookup.bindings as never)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')
        : (await db.raw(`EXPLAIN QUERY PLAN ${sql}`, lookup.bindings as never)).map((r: { detail: string }) => r.detail).join('\n');
    expect(plan).toMatch(/messages_reactions/);
    expect(plan).not.toMatch(/Seq Scan on messages|SCAN messages\b(?! USING)/);
  });
});
