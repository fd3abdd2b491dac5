/**
 * The automatic assignment service on both databases, and on PostgreSQL with
 * two connection pools (two instances) racing over the same conversations:
 * each is assigned once, the cap holds, and the audit row says it was automatic.
 */
import { describe, expect, test } from 'vitest';
import { assignAutomatically, type AutoAssignDeps } from '../../connector/services/inbox/auto-assign';
import { upsertContact } from '../../connector/store/contacts';
import { noteCustomerMessage } from '../../connector/store/conversations';
import { openDatabase, type Db } from '../../connector/store/db';
import { upsertPresence } from '../../connector/store/presence';
import { upsertTeammate, type Teammate } from '../../connector/store/teammates';
import { DB_KINDS, openMigratedDatabase, useMigratedDatabase } from '../support/databases';
import { SUPPORT_NUMBER_ID } from '../support/fixtures';
import { serviceDeps } from '../support/service-deps';

const T = Date.UTC(2026, 11, 6, 12);
const deps = (db: Db, maxOpen: number): AutoAssignDeps => ({
  ...serviceDeps(db, () => T),
  maxOpen,
});

async function teammateAtDesk(db: Db, subject: string): Promise<Teammate> {
  const t = await upsertTeammate(db, { issuer: 'https://idp', subject, email: `${subject}@acme.test`, name: subject, role: 'agent' }, T - 1);
  await upsertPresence(db, { teammateId: t.id, panel: `inbox-${subject}`, contactId: null, host: null, viewingUntil: T + 30_000, typingUntil: null }, T);
  return t;
}

/** A customer's first message: a new conversation nobody owns, due for assignment. */
async function newConversation(db: Db, waId: string, at: number): Promise<number> {
  const contact = await upsertContact(db, { waId, userId: null, numberId: SUPPORT_NUMBER_ID }, at);
  const [message] = await db('messages')
    .insert({
      contact_id: contact.id,
      direction: 'in',
      type: 'text',
      text: 'hi',
      wamid: `wamid.${waId}`,
      status: 'received',
      at,
      created_at: at,
      updated_at: at,
      channel: 'whatsapp',
      content: '{}',
    })
    .returning('id');
  await noteCustomerMessage(db, { contactId: contact.id, messageId: typeof message === 'object' ? message.id : message, at }, at);
  return contact.id;
}

describe.each(DB_KINDS)('on %s', (kind) => {
  const database = useMigratedDatabase(kind);

  test('gives a due conversation to the next teammate at their desk, once, audited as automatic', async () => {
    const db = database.db;
    const ana = await teammateAtDesk(db, `ana-${kind}`);
    const contactId = await newConversation(db, '16505558001', T - 5_000);

    expect(await assignAutomatically(deps(db, 5), contactId)).toEqual({ assigned: ana.id });
    expect(await assignAutomatically(deps(db, 5), contactId)).toBe('not-due');

    const audit = await db('audit_log').where({ action: 'conversation.assigned', contact_id: contactId }).select('teammate_id', 'details');
    expect(audit).toHaveLength(1);
    expect(audit[0].teammate_id).toBeNull();
    expect(JSON.parse(audit[0].details)).toEqual({ from: null, to: ana.id, cause: 'automatic', previousState: 'open' });
    const event = await db('events').where({ contact_id: contactId, type: 'conversation' }).orderBy('id', 'desc').first('payload');
    expect(JSON.parse(event.payload).conversation.owner).toEqual({ id: ana.id, name: `ana-${kind}` });
  });
});

describe('two instances racing on PostgreSQL', () => {
  test('every conversation is assigned once and nobody goes over the cap', async () => {
    const first = await openMigratedDatabase('postgres');
    // A second pool on the same database: another instance.
    const second = openDatabase(first.config);
    try {
      const [ana, ben] = [await teammateAtDesk(first.db, 'ana-race'), await teammateAtDesk(first.db, 'ben-race')];
      const conversations: number[] = [];
      for (let i = 0; i < 10; i++) conversations.push(await newConversation(first.db, `165055590${String(i).padStart(2, '0')}`, T - 10_000 + i));

      const outcomes = await Promise.all(conversations.flatMap((c) => [assignAutomatically(deps(first.db, 3), c), assignAutomatically(deps(second, 3), c)]));

      expect(outcomes.filter((o) => typeof o === 'object')).toHaveLength(6);
      const owners: Array<{ owner_id: number | null }> = await first.db('conversations').whereIn('contact_id', conversations).select('owner_id');
      expect(owners.filter((o) => o.owner_id === ana.id)).toHaveLength(3);
      expect(owners.filter((o) => o.owner_id === ben.id)).toHaveLength(3);
      const audits: Array<{ contact_id: number }> = await first.db('audit_log').where('action', 'conversation.assigned').select('contact_id');
      expect(audits).toHaveLength(6);
      expect(new Set(audits.map((a) => a.contact_id)).size).toBe(6);
    } finally {
      await second.destroy();
      await first.close();
    }
  });
});
