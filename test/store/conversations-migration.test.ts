/**
 * Existing threads become conversations when the inbox arrives, on SQLite and
 * PostgreSQL: the customers still owed an answer are open, the rest resolved,
 * and the words of old messages are searchable at once.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { migrateToLatest } from '../../connector/store/db';
import { pageConversations, unreadCounts } from '../../connector/store/conversations';
import { migrationSource } from '../../connector/store/migrations/index';
import { DB_KINDS, openMigratedDatabase, type MigratedDatabase } from '../support/databases';

describe.each(DB_KINDS)('the conversations migration on %s', (kind) => {
  const opened: MigratedDatabase[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((d) => d.close()));
  });

  test('turns existing threads into conversations, open only where a customer waits for an answer, and can be undone', async () => {
    const database = await openMigratedDatabase(kind);
    opened.push(database);
    const { db } = database;
    // Back to before the inbox, however many migrations came after it.
    for (let steps = 0; steps < 60 && (await db.schema.hasTable('conversations')); steps++) await db.migrate.down({ migrationSource });
    expect(await db.schema.hasTable('conversations')).toBe(false);

    const contact = async (waId: string) =>
      (
        await db('contacts')
          .insert({ wa_id: waId, phone: `+${waId}`, created_at: 1, updated_at: 1 })
          .returning('id')
      )[0].id as number;
    const message = (contactId: number, direction: 'in' | 'out', at: number, text: string, type = 'text') =>
      db('messages').insert({
        contact_id: contactId,
        direction,
        type,
        content: JSON.stringify({ type }),
        text,
        status: direction === 'in' ? 'received' : 'sent',
        at,
        created_at: at,
        updated_at: at,
      });

    const waiting = await contact('15550100001');
    await message(waiting, 'in', 1_000, 'first question');
    await message(waiting, 'out', 2_000, 'an answer');
    await message(waiting, 'in', 3_000, 'a follow-up about the invoice');
    await message(waiting, 'in', 4_000, 'hello?');
    await message(waiting, 'out', 5_000, '👍', 'reaction');
    const answered = await contact('15550100002');
    await message(answered, 'in', 1_000, 'thanks');
    await message(answered, 'out', 6_000, 'you are welcome');
    const onlyReactions = await contact('15550100003');
    await message(onlyReactions, 'in', 1_000, '❤️', 'reaction');

    const [teammate] = await db('teammates')
      .insert({ issuer: 'https://idp.example', subject: 'ana', name: 'Ana', role: 'agent', created_at: 1, last_sign_in_at: 1 })
      .returning('id');
    const teammateId = typeof teammate === 'object' ? teammate.id : teammate;

    await migrateToLatest(db);
    const rows = await db('conversations').orderBy('contact_id');
    expect(rows.map((r) => r.contact_id)).toEqual([waiting, answered]);
    expect(rows[0]).toMatchObject({ state: 'open', owner_id: null, waiting_since: 3_000, last_activity_at: 4_000 });
    expect(rows[1]).toMatchObject({ state: 'resolved', waiting_since: null, last_activity_at: 6_000 });

    // What came before the inbox counts as read; what comes after does not.
    expect(await unreadCounts(db, teammateId, [waiting, answered])).toEqual(new Map());
    await message(waiting, 'in', 7_000, 'after the upgrade');
    expect(await unreadCounts(db, teammateId, [waiting, answered])).toEqual(new Map([[waiting, 1]]));

    const search = (terms: string[]) =>
      pageConversations(db, { view: 'all', teammateId: 0, order: 'waiting', search: { terms, digits: null }, after: null, limit: 10, now: 10_000 });
    expect((await search(['invoice'])).rows.map((r) => r.contact.id)).toEqual([waiting]);

    for (let steps = 0; steps < 60 && (await db.schema.hasTable('conversations')); steps++) await db.migrate.down({ migrationSource });
    expect(await db.schema.hasTable('conversation_reads')).toBe(false);
    // The messages are untouched, and migrating forward again gives the same conversations.
    expect(await db('messages').count<{ n: number }[]>('* as n')).toEqual([{ n: 9 }]);
    await migrateToLatest(db);
    expect(await db('conversations').count<{ n: number }[]>('* as n')).toEqual([{ n: 2 }]);
  });
});
