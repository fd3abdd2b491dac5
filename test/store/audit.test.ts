/**
 * The audit trail in the database: chained, append-only, serialized, and
 * tampering found — a row edited, deleted or moved directly in the database
 * (past the triggers, as someone who owns the database could) is named by the
 * verification as the first broken row.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { migrationSource } from '../../connector/store/migrations/index';
import { auditForMessage } from '../../connector/store/audit-reader';
import { verifyAuditTrail } from '../../connector/store/audit-verifier';
import { appendAudit } from '../../connector/store/audit-writer';
import { upsertContact } from '../../connector/store/contacts';
import { migrateToLatest, type Db } from '../../connector/store/db';
import { insertOutbound } from '../../connector/store/messages';
import { upsertTeammate } from '../../connector/store/teammates';
import { replaceTemplates } from '../../connector/store/templates';
import { DB_KINDS, openMigratedDatabase, useMigratedDatabase, type MigratedDatabase, type TestDbKind } from '../support/databases';
import { SUPPORT_NUMBER_ID } from '../support/fixtures';

async function freshTrail(kind: TestDbKind, rows = 6): Promise<MigratedDatabase> {
  const trail = await openMigratedDatabase(kind);
  for (let i = 1; i <= rows; i++) {
    await appendAudit(trail.db, { at: 1_000 + i, action: i % 2 ? 'teammate.sign_in' : 'teammate.sign_out', teammateId: null, details: { n: i } });
  }
  return trail;
}

/** What someone with the database's owner rights can do: switch the append-only triggers off. */
async function bypassTriggers(db: Db, kind: TestDbKind): Promise<void> {
  if (kind === 'postgres') await db.raw('ALTER TABLE audit_log DISABLE TRIGGER USER');
  else {
    await db.raw('DROP TRIGGER audit_log_no_update');
    await db.raw('DROP TRIGGER audit_log_no_delete');
  }
}

describe.each(DB_KINDS)('the audit trail on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let db: Db;
  const spare: MigratedDatabase[] = [];

  beforeAll(() => {
    db = database.db;
  });

  afterEach(async () => {
    for (const t of spare.splice(0)) await t.close();
  });

  test('each row carries the hash of the row before it, and the whole trail verifies', async () => {
    const first = await appendAudit(db, { at: 1, action: 'teammate.sign_in', teammateId: null });
    const second = await appendAudit(db, { at: 2, action: 'teammate.sign_out', teammateId: null });
    const rows = await db('audit_log').whereIn('id', [first, second]).orderBy('id');
    expect(second).toBe(first + 1);
    expect(rows[1].prev_hash).toBe(rows[0].row_hash);
    expect(rows[0].row_hash).toMatch(/^[0-9a-f]{64}$/);
    const result = await verifyAuditTrail(db);
    expect(result.broken).toBeNull();
    expect(result.head).toEqual({ id: second, hash: rows[1].row_hash });
  });

  test('a message row records the facts its writer states: the digest and size of the content as stored, the template and its category, host and window', async () => {
    const teammate = await upsertTeammate(db, { issuer: 'https://idp', subject: 'ana', email: 'ana@acme.test', name: 'Ana', role: 'agent' }, 1);
    const contact = await upsertContact(db, { waId: '16505550100', userId: null, numberId: SUPPORT_NUMBER_ID }, 1);
    await replaceTemplates(db, [{ id: null, name: 'order_update', language: 'en_US', category: 'UTILITY', status: 'APPROVED', components: [] }], 1);
    const content = { type: 'template', template: { name: 'order_update', language: { code: 'en_US' } } };
    const id = (await insertOutbound(db, {
      contactId: contact.id,
      type: 'template',
      content,
      text: 'Your order shipped',
      teammateId: teammate.id,
      idempotencyKey: 'audit-store-1',
      requestHash: 'x',
      now: 5,
    }))!;
    const stored = (await db('messages').where('id', id).first('content')).content as string;
    await appendAudit(db, {
      at: 5,
      action: 'message.send',
      teammateId: teammate.id,
      channel: 'whatsapp',
      contactId: contact.id,
      messageId: id,
      host: 'acme.zendesk.com',
      hostUserId: '123',
      windowState: 'closed',
      template: { name: 'order_update', category: 'UTILITY' },
      content: stored,
      details: { type: 'template', window: 'closed', template: 'order_update', host: 'acme.zendesk.com', hostUserId: '123' },
    });
    const [row] = await auditForMessage(db, id);
    expect(row).toMatchObject({
      action: 'message.send',
      teammateId: teammate.id,
      channel: 'whatsapp',
      contactId: contact.id,
      host: 'acme.zendesk.com',
      hostUserId: '123',
      windowState: 'closed',
      template: { name: 'order_update', category: 'UTILITY' },
      contentSha256: createHash('sha256').update(stored).digest('hex'),
      contentBytes: Buffer.byteLength(stored),
    });
  });

  test('the trail records only what its writer states: nothing is taken from details or read back from the message', async () => {
    const teammate = await upsertTeammate(db, { issuer: 'https://idp', subject: 'ben', email: 'ben@acme.test', name: 'Ben', role: 'agent' }, 1);
    const contact = await upsertContact(db, { waId: '16505550101', userId: null, numberId: SUPPORT_NUMBER_ID }, 1);
    const id = (await insertOutbound(db, {
      contactId: contact.id,
      type: 'text',
      content: { type: 'text', text: { body: 'Hi' } },
      text: 'Hi',
      teammateId: teammate.id,
      idempotencyKey: 'audit-store-2',
      requestHash: 'y',
      now: 5,
    }))!;
    await appendAudit(db, {
      at: 5,
      action: 'message.send',
      teammateId: null,
      messageId: id,
      details: { window: 'open', host: 'acme.zendesk.com', hostUserId: '7', template: 'order_update' },
    });
    const [row] = await auditForMessage(db, id);
    expect(row).toMatchObject({
      channel: null,
      contactId: null,
      host: null,
      hostUserId: null,
      windowState: null,
      template: null,
      contentSha256: null,
      contentBytes: null,
    });
  });

  test('a failed transaction leaves neither the message nor its audit row, and the chain goes on from the last row kept', async () => {
    const before = await db('audit_log').count<{ n: number | string }[]>({ n: '*' });
    const contact = await upsertContact(db, { waId: '16505550101', userId: null, numberId: SUPPORT_NUMBER_ID }, 1);
    await expect(
      db.transaction(async (trx) => {
        const id = await insertOutbound(trx, {
          contactId: contact.id,
          type: 'text',
          content: { type: 'text', text: { body: 'lost' } },
          text: 'lost',
          teammateId: null as unknown as number,
          idempotencyKey: 'audit-store-rollback',
          requestHash: 'x',
          now: 6,
        });
        await appendAudit(trx, { at: 6, action: 'message.send', teammateId: null, messageId: id });
        throw new Error('the send failed after the audit row');
      }),
    ).rejects.toThrow('the send failed');
    expect(await db('messages').where('idempotency_key', 'audit-store-rollback').first()).toBeUndefined();
    expect(await db('audit_log').count<{ n: number | string }[]>({ n: '*' })).toEqual(before);
    await appendAudit(db, { at: 7, action: 'teammate.sign_in', teammateId: null });
    expect((await verifyAuditTrail(db)).broken).toBeNull();
  });

  test('concurrent transactions never fork the chain', async () => {
    const start = (await db('audit_log').max<{ id: number | null }>('id as id').first())?.id ?? 0;
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        db.transaction(async (trx) => {
          await new Promise((r) => setTimeout(r, (i * 7) % 13));
          await appendAudit(trx, { at: 100 + i, action: 'teammate.sign_in', teammateId: null, details: { i } });
          await new Promise((r) => setTimeout(r, (i * 5) % 11));
        }),
      ),
    );
    const ids = (await db('audit_log').where('id', '>', start).orderBy('id').select('id')).map((r: { id: number }) => r.id);
    expect(ids).toEqual(Array.from({ length: 24 }, (_, i) => start + i + 1));
    expect((await verifyAuditTrail(db)).broken).toBeNull();
  });

  test.each([
    { what: 'UPDATE', run: (d: Db) => d('audit_log').update({ action: 'forged' }) },
    { what: 'DELETE', run: (d: Db) => d('audit_log').delete() },
  ])('the database refuses $what on audit rows', async ({ run }) => {
    await expect(run(db)).rejects.toThrow(/append-only/);
  });

  test.runIf(kind === 'postgres')('PostgreSQL refuses TRUNCATE of the trail', async () => {
    await expect(db.raw('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  describe('tampering directly in the database is found', () => {
    test.each([
      {
        description: 'a row edited',
        tamper: (d: Db) =>
          d('audit_log')
            .where('id', 3)
            .update({ details: JSON.stringify({ n: 333 }) }),
        id: 3,
        kind: 'edited',
      },
      {
        description: 'a row edited and its own hash recomputed to match',
        tamper: async (d: Db) => {
          const { auditRowHash } = await import('../../connector/store/audit-chain');
          const row = await d('audit_log').where('id', 3).first();
          const forged = { ...row, details: JSON.stringify({ n: 333 }) };
          await d('audit_log')
            .where('id', 3)
            .update({ details: forged.details, row_hash: auditRowHash(row.prev_hash, forged) });
        },
        id: 4,
        kind: 'unlinked',
      },
      { description: 'a row deleted', tamper: (d: Db) => d('audit_log').where('id', 3).delete(), id: 4, kind: 'unlinked' },
      { description: 'the first row deleted', tamper: (d: Db) => d('audit_log').where('id', 1).delete(), id: 2, kind: 'unlinked' },
      { description: 'a row moved to the end', tamper: (d: Db) => d('audit_log').where('id', 3).update({ id: 100 }), id: 4, kind: 'unlinked' },
      {
        description: 'two rows swapped',
        tamper: async (d: Db) => {
          await d('audit_log').where('id', 3).update({ id: 1000 });
          await d('audit_log').where('id', 4).update({ id: 3 });
          await d('audit_log').where('id', 1000).update({ id: 4 });
        },
        id: 3,
        kind: 'edited',
      },
    ])('$description: the first broken row is #$id', async ({ tamper, id, kind: breakKind }) => {
      const trail = await freshTrail(kind);
      spare.push(trail);
      expect((await verifyAuditTrail(trail.db)).broken).toBeNull();
      await bypassTriggers(trail.db, kind);
      await tamper(trail.db);
      const result = await verifyAuditTrail(trail.db);
      expect(result.broken).toMatchObject({ id, kind: breakKind, reason: expect.stringContaining(`#${id}`) });
    });

    test('rows cut off the end are found against a head noted earlier', async () => {
      const trail = await freshTrail(kind);
      spare.push(trail);
      const { head } = await verifyAuditTrail(trail.db);
      await bypassTriggers(trail.db, kind);
      await trail.db('audit_log').where('id', head!.id).delete();
      const result = await verifyAuditTrail(trail.db, { expectHead: head!.hash });
      expect(result.broken).toBeNull();
      expect(result.headFound).toBe(false);
      await appendAudit(trail.db, { at: 9_999, action: 'teammate.sign_in', teammateId: null });
      const { head: later } = await verifyAuditTrail(trail.db);
      expect((await verifyAuditTrail(trail.db, { expectHead: later!.hash })).headFound).toBe(true);
    });
  });

  test('rows written before the chain existed are chained by the migration', async () => {
    const trail = await freshTrail(kind, 0);
    spare.push(trail);
    // Back to the skeleton's audit table, write rows the old way, and migrate forward again.
    // Down one migration at a time until the one that added the chain is undone, however many came after it.
    for (let steps = 0; steps < 200 && (await trail.db.schema.hasColumn('audit_log', 'row_hash')); steps++) await trail.db.migrate.down({ migrationSource });
    expect(await trail.db.schema.hasColumn('audit_log', 'row_hash')).toBe(false);
    for (let i = 1; i <= 5; i++) await trail.db('audit_log').insert({ at: i, action: 'teammate.sign_in', details: JSON.stringify({ old: i }) });
    await migrateToLatest(trail.db);
    const result = await verifyAuditTrail(trail.db);
    expect(result).toMatchObject({ rows: 5, broken: null });
    await appendAudit(trail.db, { at: 6, action: 'teammate.sign_out', teammateId: null });
    expect(await verifyAuditTrail(trail.db)).toMatchObject({ rows: 6, broken: null });
  });
});
