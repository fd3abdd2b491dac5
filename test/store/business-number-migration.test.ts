/**
 * Threads from before several numbers, on SQLite and PostgreSQL: the migration that keys contacts
 * by (customer, business number) keeps them, the connector's start gives them its configured
 * number, a customer can then have a second thread on another number, and the rollback restores
 * the one-thread-per-customer schema — refusing while a customer has two threads.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../connector/store/db';
import { addContactAlias, findContact, upsertContact } from '../../connector/store/contacts';
import { migrationSource } from '../../connector/store/migrations/index';
import { startConnector } from '../support/connector';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../support/databases';
import { SALES_NUMBER_ID, SUPPORT_NUMBER_ID } from '../support/fixtures';

const MIGRATION = '202612070000-key-contacts-by-business-number';

/** Back to just before the change, however many migrations come after it. */
async function rollBackPast(db: Db): Promise<void> {
  for (let steps = 0; steps < 20 && (await db.schema.hasColumn('contacts', 'phone_number_id')); steps++) await db.migrate.down({ migrationSource });
}
const CONFIGURED = '123456789012345';

describe.each(DB_KINDS)('contacts keyed by business number on %s', (kind) => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
  });

  test('existing threads get the configured number at start; a second number gets its own thread; the rollback undoes it', async () => {
    const database = await createTestDatabase(kind);
    databases.push(database);
    const db = openDatabase(database.config);
    let before: number;
    try {
      await migrateToLatest(db);
      await rollBackPast(db);
      expect(await db.schema.hasColumn('contacts', 'phone_number_id')).toBe(false);

      const [row] = await db('contacts').insert({ wa_id: '15550100001', phone: '+15550100001', name: 'Before', created_at: 1, updated_at: 1 }).returning('id');
      before = typeof row === 'object' ? (row as { id: number }).id : (row as number);
      await db('messages').insert({
        contact_id: before,
        direction: 'in',
        type: 'text',
        content: '{}',
        text: 'old',
        status: 'received',
        at: 1,
        created_at: 1,
        updated_at: 1,
      });
      await db.migrate.up({ migrationSource });
      expect((await db.migrate.list({ migrationSource }))[0].map((m: { name?: string } | string) => (typeof m === 'string' ? m : m.name))).toContain(MIGRATION);
      expect((await db('contacts').where({ id: before }).first()).phone_number_id).toBeNull();
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }

    // The connector's start gives the old thread the configured number.
    const running = await startConnector({ database, env: { WHATSAPP_PHONE_NUMBER_ID: CONFIGURED } });
    try {
      const contact = await findContact(running.connector.db, { waId: '15550100001', userId: null, numberId: CONFIGURED });
      expect(contact).toMatchObject({ id: before, phoneNumberId: CONFIGURED, name: 'Before' });
    } finally {
      await running.close();
    }

    const again = openDatabase(database.config);
    try {
      // The same customer on a second number is a second thread; the old one is untouched.
      const second = await upsertContact(again, { waId: '15550100001', userId: null, numberId: SALES_NUMBER_ID }, 2);
      expect(second.id).not.toBe(before);
      expect((await findContact(again, { waId: '15550100001', userId: null, numberId: CONFIGURED }))?.id).toBe(before);
      // Without a number, the customer's most recent thread.
      await again('contacts').where({ id: second.id }).update({ last_inbound_at: 5_000 });
      expect((await findContact(again, { waId: '15550100001', userId: null }))?.id).toBe(second.id);
      // A corrected typed number reaches each number's thread.
      await addContactAlias(again, '155501000019', before, 'send_response', 3);
      await addContactAlias(again, '155501000019', second.id, 'send_response', 4);
      expect((await findContact(again, { waId: '155501000019', userId: null, numberId: CONFIGURED }))?.id).toBe(before);
      expect((await findContact(again, { waId: '155501000019', userId: null, numberId: SALES_NUMBER_ID }))?.id).toBe(second.id);

      // The old schema holds one thread per customer: the rollback says why it cannot go on.
      await expect(rollBackPast(again)).rejects.toThrow(/threads on more than one business number/);
      // The aliases' own rollback ran first: one per typed number again, the most recent kept.
      expect(await again('contact_aliases').select('wa_id', 'contact_id')).toEqual([{ wa_id: '155501000019', contact_id: second.id }]);
      await expect(again('contact_aliases').insert({ wa_id: '155501000019', contact_id: before, source: 'merge', created_at: 5 })).rejects.toThrow();
      await again('contact_aliases').where({ contact_id: second.id }).delete();
      await again('contacts').where({ id: second.id }).delete();
      await rollBackPast(again);
      expect(await again.schema.hasColumn('contacts', 'phone_number_id')).toBe(false);
      // One customer, one contact again: a second row for the same wa_id is refused.
      await expect(again('contacts').insert({ wa_id: '15550100001', phone: '+15550100001', created_at: 3, updated_at: 3 })).rejects.toThrow();
      await migrateToLatest(again);
      expect((await upsertContact(again, { waId: '15550100002', userId: null, numberId: SUPPORT_NUMBER_ID }, 4)).phoneNumberId).toBe(SUPPORT_NUMBER_ID);
    } finally {
      await again.destroy();
    }
  });
});
