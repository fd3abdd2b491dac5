/**
 * A batch's customer messages noted in one statement (noteCustomerMessages) end as
 * noting them one after another would: waiting since the earliest, showing the
 * latest, a resolved conversation reopened; on both databases.
 */
import { SUPPORT_NUMBER_ID } from '../support/fixtures';
import { describe, expect, test } from 'vitest';
import { upsertContact } from '../../connector/store/contacts';
import { noteCustomerMessage, noteCustomerMessages } from '../../connector/store/conversations';
import { insertInbound } from '../../connector/store/messages';
import type { Db } from '../../connector/store/db';
import { DB_KINDS, useMigratedDatabase } from '../support/databases';

let n = 0;
async function customerWith(db: Db, times: number[]): Promise<{ contactId: number; messages: Array<{ contactId: number; messageId: number; at: number }> }> {
  const contact = await upsertContact(db, { waId: `1650777${String(++n).padStart(4, '0')}`, userId: null, numberId: SUPPORT_NUMBER_ID }, 1_000);
  const messages = [];
  for (const at of times) {
    const id = await insertInbound(db, {
      contactId: contact.id,
      wamid: `wamid.notes-${n}-${at}`,
      type: 'text',
      content: { type: 'text', text: { body: 'hi' } },
      text: 'hi',
      at,
      now: at,
      mediaId: null,
      replyTo: null,
      reactionTo: null,
    });
    messages.push({ contactId: contact.id, messageId: id!, at });
  }
  return { contactId: contact.id, messages };
}

const conversation = (db: Db, contactId: number) =>
  db('conversations').where('contact_id', contactId).first('state', 'waiting_since', 'last_message_id', 'last_activity_at');

describe.each(DB_KINDS)('noting customer messages together on %s', (kind) => {
  const database = useMigratedDatabase(kind);

  test('the same outcome as noting them one after another, for new, open and resolved conversations', async () => {
    const db = database.db;
    // Out of order within the batch (Meta does not promise order): 3,000 then 2,000 then 4,000.
    const [alone, together, fresh] = [
      await customerWith(db, [3_000, 2_000, 4_000]),
      await customerWith(db, [3_000, 2_000, 4_000]),
      await customerWith(db, [5_000]),
    ];
    for (const c of [alone, together]) {
      // Written to before, then resolved: the batch reopens it.
      await noteCustomerMessage(db, { ...c.messages[0]!, at: 1_500 }, 1_500);
      await db('conversations').where('contact_id', c.contactId).update({ state: 'resolved', waiting_since: null });
    }
    for (const m of alone.messages) await noteCustomerMessage(db, m, 9_000);
    await noteCustomerMessages(db, [...together.messages, ...fresh.messages], 9_000);

    const expected = await conversation(db, alone.contactId);
    expect(expected).toMatchObject({ state: 'open', waiting_since: 2_000, last_message_id: alone.messages[2]!.messageId, last_activity_at: 4_000 });
    expect(await conversation(db, together.contactId)).toEqual({ ...expected, last_message_id: together.messages[2]!.messageId });
    expect(await conversation(db, fresh.contactId)).toMatchObject({
      state: 'open',
      waiting_since: 5_000,
      last_message_id: fresh.messages[0]!.messageId,
      last_activity_at: 5_000,
    });
  });
});
