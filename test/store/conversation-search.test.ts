/**
 * Inbox search on SQLite and PostgreSQL, through the store: a search is the
 * customers found by name or number merged with those found by message text,
 * paged in the tab's order; the full-text index follows every change to a
 * message's text or owner, so blanked words are never found again.
 */
import { describe, expect, test } from 'vitest';
import { pageConversations, type ConversationSearch } from '../../connector/store/conversations';
import type { Db } from '../../connector/store/db';
import { DB_KINDS, useMigratedDatabase } from '../support/databases';

const NOW = 1_000_000;

describe.each(DB_KINDS)('inbox search on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let next = 0;

  async function customer(db: Db, name: string, waitingSince: number | null): Promise<number> {
    next += 1;
    const waId = `1555020${String(next).padStart(4, '0')}`;
    const [row] = await db('contacts')
      .insert({ wa_id: waId, phone: `+${waId}`, name, search_name: name.toLowerCase(), created_at: 1, updated_at: 1 })
      .returning('id');
    const id = typeof row === 'object' ? (row as { id: number }).id : (row as number);
    await db('conversations').insert({
      contact_id: id,
      state: 'open',
      waiting_since: waitingSince,
      last_activity_at: next,
      state_changed_at: 1,
      created_at: 1,
      updated_at: 1,
    });
    return id;
  }

  async function writes(db: Db, contactId: number, text: string): Promise<number> {
    const [row] = await db('messages')
      .insert({
        contact_id: contactId,
        direction: 'in',
        type: 'text',
        content: JSON.stringify({ type: 'text' }),
        text,
        status: 'received',
        at: 5,
        created_at: 5,
        updated_at: 5,
      })
      .returning('id');
    return typeof row === 'object' ? (row as { id: number }).id : (row as number);
  }

  /** Every page of a search, one after another, as the inbox loads them. */
  async function allPages(db: Db, search: ConversationSearch, limit: number): Promise<number[][]> {
    const pages: number[][] = [];
    let after = null;
    do {
      const page = await pageConversations(db, { view: 'all', teammateId: 0, order: 'waiting', search, after, limit, now: NOW });
      pages.push(page.rows.map((r) => r.contact.id));
      after = page.next;
    } while (after && pages.length < 20);
    return pages;
  }

  test('name matches and message matches come as one list in the tab’s order, each conversation once across pages', async () => {
    const { db } = database;
    // Waiting since 10..70: the order the tab shows them in.
    const byName = await customer(db, 'Refund Rita', 40);
    const byText = await customer(db, 'Tom', 10);
    const both = await customer(db, 'Refunda Ruiz', 70);
    await writes(db, both, 'a refund please');
    const byText2 = await customer(db, 'Ann', 30);
    const neither = await customer(db, 'Nobody', 20);
    await writes(db, byText, 'where is my REFUND?');
    await writes(db, byText2, 'refunded twice');
    await writes(db, neither, 'thanks');
    const lateName = await customer(db, 'Refundo Late', null);

    const search = { terms: ['refund'], digits: null };
    const expected = [byText, byText2, byName, both, lateName];
    for (const limit of [1, 2, 3, 50]) {
      const pages = await allPages(db, search, limit);
      expect(pages.flat(), `pages of ${limit}`).toEqual(expected);
      expect(pages.every((p) => p.length <= limit)).toBe(true);
    }
  });

  test('a blanked message is no longer found; a message moved to another customer is found there', async () => {
    const { db } = database;
    const first = await customer(db, 'Quinn', 5);
    const second = await customer(db, 'Quade', 6);
    const blanked = await writes(db, first, 'my passport number is zx81');
    const moved = await writes(db, first, 'the zebra crossing');
    const found = async (word: string) => (await allPages(db, { terms: [word], digits: null }, 50)).flat();
    expect(await found('zx81')).toEqual([first]);

    // Retention blanks old bodies: their words leave the index with them.
    await db('messages').where('id', blanked).update({ text: null });
    expect(await found('zx81')).toEqual([]);
    expect(await found('passport')).toEqual([]);

    // Two contacts found to be one person: the messages move, and so do their words.
    await db('messages').where('id', moved).update({ contact_id: second });
    expect(await found('zebra')).toEqual([second]);

    await db('messages').where('id', moved).delete();
    expect(await found('zebra')).toEqual([]);
  });
});
