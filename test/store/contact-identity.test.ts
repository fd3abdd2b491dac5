/**
 * The store's part of "one person, one contact" on SQLite and PostgreSQL:
 * aliases, merging two contacts' rows, marketing preferences, and the
 * migrations that add them, undone and redone.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../../connector/store/db';
import { mergeContactRows } from '../../connector/store/contact-merge';
import { addContactAlias, findContact, findContactById, recordMarketingPreference, upsertContact } from '../../connector/store/contacts';
import { noteCustomerMessage } from '../../connector/store/conversations';
import { insertInbound } from '../../connector/store/messages';
import { migrationSource } from '../../connector/store/migrations/index';
import { DB_KINDS, useMigratedDatabase } from '../support/databases';
import { SUPPORT_NUMBER_ID } from '../support/fixtures';

describe.each(DB_KINDS)('contact identity in the store on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let db: Db;
  beforeAll(() => {
    db = database.db;
  });

  const inbound = async (contactId: number, wamid: string, at: number) => {
    const id = (await insertInbound(db, {
      contactId,
      wamid,
      type: 'text',
      content: { type: 'text', text: { body: wamid } },
      text: wamid,
      at,
      now: at,
      mediaId: null,
      replyTo: null,
      reactionTo: null,
    }))!;
    await noteCustomerMessage(db, { contactId, messageId: id, at }, at);
    return id;
  };

  test('a number Meta corrected finds the contact it reaches, and upserting by it changes that contact instead of making another', async () => {
    const contact = await upsertContact(db, { waId: '552187650001', userId: null, name: 'Beatriz', numberId: SUPPORT_NUMBER_ID }, 1);
    await addContactAlias(db, '5521987650001', contact.id, 'send_response', 2);
    expect((await findContact(db, { waId: '5521987650001', userId: null }))?.id).toBe(contact.id);
    const renamed = await upsertContact(db, { waId: '5521987650001', userId: null, name: 'Beatriz Costa', numberId: SUPPORT_NUMBER_ID }, 3);
    expect(renamed).toMatchObject({ id: contact.id, waId: '552187650001', name: 'Beatriz Costa' });
    expect(await db('contacts').where('wa_id', '5521987650001').first()).toBeUndefined();
  });

  test("merging moves the messages and the conversation's wait, keeps the later window, and leaves the merged row pointing at the survivor", async () => {
    const into = await upsertContact(db, { waId: '5531900000001', userId: null, name: 'Rafa', numberId: SUPPORT_NUMBER_ID }, 1);
    const from = await upsertContact(db, { waId: null, userId: 'BR.9990001', name: null, username: '@rafa', numberId: SUPPORT_NUMBER_ID }, 1);
    await inbound(into.id, `wamid.into-${kind}`, 2_000);
    await inbound(from.id, `wamid.from-${kind}`, 1_000);
    await db('contacts').where('id', from.id).update({ last_inbound_at: 5_000 });
    await recordMarketingPreference(db, from.id, { value: 'stop', at: 4_000, source: 'user_preferences' }, 4_000);

    expect(await mergeContactRows(db, from.id, into.id, 6_000)).toEqual({ messages: 1 });

    expect(await db('messages').where('contact_id', into.id).count({ n: '*' }).first()).toMatchObject({ n: 2 });
    const conversations = await db('conversations').whereIn('contact_id', [from.id, into.id]);
    expect(conversations).toHaveLength(1);
    expect(conversations[0]).toMatchObject({ contact_id: into.id, waiting_since: 1_000 });
    expect(await findContactById(db, into.id)).toMatchObject({
      userId: 'BR.9990001',
      username: '@rafa',
      lastInboundAt: 5_000,
      marketing: { value: 'stop', at: 4_000 },
    });
    expect(await findContactById(db, from.id)).toMatchObject({ waId: null, userId: null, mergedInto: into.id });
    expect((await findContact(db, { waId: null, userId: 'BR.9990001' }))?.id).toBe(into.id);
  });

  test('a marketing preference older than the one known, or the same word again, changes nothing', async () => {
    const contact = await upsertContact(db, { waId: '16505550077', userId: null, numberId: SUPPORT_NUMBER_ID }, 1);
    expect(await recordMarketingPreference(db, contact.id, { value: 'stop', at: 2_000, source: 'user_preferences' }, 2)).not.toBeNull();
    expect(await recordMarketingPreference(db, contact.id, { value: 'stop', at: 3_000, source: 'error_131050' }, 3)).toBeNull();
    expect(await recordMarketingPreference(db, contact.id, { value: 'resume', at: 1_000, source: 'user_preferences' }, 4)).toBeNull();
    expect((await findContactById(db, contact.id))?.marketing).toEqual({ value: 'stop', at: 2_000, source: 'user_preferences' });
  });

  test('the identity and marketing migrations can be undone and redone, keeping the contacts', async () => {
    const contact = await upsertContact(db, { waId: '16505550099', userId: null, name: 'Kept', numberId: SUPPORT_NUMBER_ID }, 1);
    await db.migrate.down({ migrationSource, name: '202612061911-add-marketing-preference-to-contacts' });
    await db.migrate.down({ migrationSource, name: '202612061910-add-contact-identity-links' });
    expect(await db.schema.hasTable('contact_aliases')).toBe(false);
    for (const column of ['username', 'parent_user_id', 'merged_into', 'marketing_preference'])
      expect(await db.schema.hasColumn('contacts', column), column).toBe(false);
    await db.migrate.latest({ migrationSource });
    expect(await db.schema.hasTable('contact_aliases')).toBe(true);
    expect(await db.schema.hasColumn('contacts', 'marketing_preference_at')).toBe(true);
    expect(await findContactById(db, contact.id)).toMatchObject({ name: 'Kept', marketing: null, username: null });
  });
});
