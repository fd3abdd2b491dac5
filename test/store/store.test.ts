import { beforeAll, describe, expect, test } from 'vitest';
import { migrateToLatest, rollbackAll, type Db } from '../../connector/store/db';
import { migrationSource } from '../../connector/store/migrations/index';
import { findContact, recordInbound, upsertContact } from '../../connector/store/contacts';
import { appendEvent, feedRowsBetween, feedShows, lastEventId, type FeedFilter } from '../../connector/store/events';
import { decodeCursor, encodeCursor, insertInbound, insertOutbound, pageForContact } from '../../connector/store/messages';
import { claimNextDue, markAccepted, markAcceptedMany, requeueStaleClaims } from '../../connector/store/outbox';
import { upsertTeammate } from '../../connector/store/teammates';
import { DB_KINDS, useMigratedDatabase } from '../support/databases';
import { SUPPORT_NUMBER_ID } from '../support/fixtures';

describe.each(DB_KINDS)('store on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  let db: Db;

  beforeAll(() => {
    db = database.db;
  });

  test('migrations run down to nothing and up again', async () => {
    await rollbackAll(db);
    expect(await db.schema.hasTable('messages')).toBe(false);
    await migrateToLatest(db);
    for (const table of [
      'teammates',
      'contacts',
      'messages',
      'audit_log',
      'events',
      'webhook_inbox',
      'templates',
      'http_sessions',
      'sign_in_attempts',
      'access_tokens',
    ]) {
      expect(await db.schema.hasTable(table), table).toBe(true);
    }
  });

  test('upgrading fills in which message each live event shows, so retention can find every copy', async () => {
    const contact = await upsertContact(db, { waId: '16505550042', userId: null, name: 'Before the upgrade', numberId: SUPPORT_NUMBER_ID }, 1);
    await db.migrate.down({ migrationSource, name: '202611251604-add-message-to-events' });
    const [old] = await db('events')
      .insert({ contact_id: contact.id, type: 'message', payload: JSON.stringify({ type: 'message', message: { id: 4242 } }), created_at: 1 })
      .returning('id');
    const [clock] = await db('events')
      .insert({ contact_id: null, type: 'clock', payload: JSON.stringify({ type: 'clock', now: 1 }), created_at: 1 })
      .returning('id');
    await migrateToLatest(db);
    const rows = await db('events').whereIn('id', [old.id, clock.id]).orderBy('id').select('message_id');
    expect(rows.map((r: { message_id: number | null }) => r.message_id)).toEqual([4242, null]);
  });

  test('one contact per wa_id, however often it is upserted', async () => {
    const [a, b] = await Promise.all([
      upsertContact(db, { waId: '16505550001', userId: null, name: 'Sheena', numberId: SUPPORT_NUMBER_ID }, 1),
      upsertContact(db, { waId: '16505550001', userId: null, name: 'Sheena N.', numberId: SUPPORT_NUMBER_ID }, 2),
    ]);
    expect(a.id).toBe(b.id);
    expect((await findContact(db, { waId: '16505550001', userId: null }))?.phone).toBe('+16505550001');
  });

  test('a contact known only by a business-scoped user id is keyed on it', async () => {
    const c = await upsertContact(db, { waId: null, userId: 'US.100200300400', name: 'Hidden number', numberId: SUPPORT_NUMBER_ID }, 1);
    expect(c).toMatchObject({ waId: null, userId: 'US.100200300400', phone: null });
    expect((await upsertContact(db, { waId: null, userId: 'US.100200300400', numberId: SUPPORT_NUMBER_ID }, 2)).id).toBe(c.id);
  });

  test('the last customer message time never moves back', async () => {
    const c = await upsertContact(db, { waId: '16505550002', userId: null, numberId: SUPPORT_NUMBER_ID }, 1);
    await recordInbound(db, c.id, 5_000, 1);
    await recordInbound(db, c.id, 3_000, 1);
    expect((await findContact(db, { waId: '16505550002', userId: null }))?.lastInboundAt).toBe(5_000);
  });

  test('an inbound message is stored once per wamid', async () => {
    const c = await upsertContact(db, { waId: '16505550003', userId: null, numberId: SUPPORT_NUMBER_ID }, 1);
    const message = { contactId: c.id, wamid: 'wamid.dup-1', type: 'text', content: { type: 'text', text: { body: 'hi' } }, text: 'hi', at: 1_000, now: 1_000 };
    const first = await insertInbound(db, message);
    const second = await insertInbound(db, message);
    expect(first).toBeTypeOf('number');
    expect(second).toBeNull();
    const count = await db('messages').where({ wamid: 'wamid.dup-1' }).count<{ n: number | string }[]>({ n: '*' });
    expect(Number(count[0]!.n)).toBe(1);
  });

  test('pages a thread newest first by keyset, returned oldest first', async () => {
    const c = await upsertContact(db, { waId: '16505550004', userId: null, numberId: SUPPORT_NUMBER_ID }, 1);
    for (let i = 1; i <= 7; i++) {
      await insertInbound(db, {
        contactId: c.id,
        wamid: `wamid.page-${i}`,
        type: 'text',
        content: { type: 'text', text: { body: `m${i}` } },
        text: `m${i}`,
        at: i * 1000,
        now: 1,
      });
    }
    const first = await pageForContact(db, c.id, { before: null, limit: 3 });
    expect(first.messages.map((m) => m.text)).toEqual(['m5', 'm6', 'm7']);
    const cursor = decodeCursor(encodeCursor(first.earlier!));
    const second = await pageForContact(db, c.id, { before: cursor, limit: 3 });
    expect(second.messages.map((m) => m.text)).toEqual(['m2', 'm3', 'm4']);
    const third = await pageForContact(db, c.id, { before: second.earlier, limit: 3 });
    expect(third.messages.map((m) => m.text)).toEqual(['m1']);
    expect(third.earlier).toBeNull();
  });

  test("a catch-up read shows, in order, what the live fan-out shows: the contact's events and those for everyone; conversations for the inbox; access events to none", async () => {
    const c = await upsertContact(db, { waId: '16505550005', userId: null, numberId: SUPPORT_NUMBER_ID }, 1);
    const other = await upsertContact(db, { waId: '16505550006', userId: null, numberId: SUPPORT_NUMBER_ID }, 1);
    const start = await lastEventId(db);
    await appendEvent(db, c.id, { type: 'contact', contact: c }, 1);
    await appendEvent(db, other.id, { type: 'contact', contact: other }, 1);
    await appendEvent(db, null, { type: 'clock', now: 42 }, 1);
    await appendEvent(db, null, { type: 'access', teammateId: 1 }, 1);
    await db('events').insert({ contact_id: other.id, type: 'conversation', payload: JSON.stringify({ type: 'conversation' }), created_at: 1 });
    const end = await lastEventId(db);
    const all = await db('events').where('id', '>', start).orderBy('id').select('id', 'contact_id', 'type');

    const filters: Array<[FeedFilter, string[]]> = [
      [{ contactId: c.id }, ['contact', 'clock']],
      [{ contactId: other.id }, ['contact', 'clock', 'conversation']],
      [{ inbox: true }, ['clock', 'conversation']],
    ];
    for (const [filter, types] of filters) {
      const rows = await feedRowsBetween(db, filter, start, end);
      expect(rows.map((r) => r.type)).toEqual(types);
      expect(rows.map((r) => r.id)).toEqual(rows.map((r) => r.id).sort((x, y) => x - y));
      const shown = all.filter((r: { contact_id: number | null; type: string }) => feedShows(filter, { contactId: r.contact_id, type: r.type }));
      expect(rows.map((r) => r.id)).toEqual(shown.map((r: { id: number }) => Number(r.id)));
    }
    expect(await feedRowsBetween(db, { contactId: c.id }, start, start + 1)).toHaveLength(1);
  });

  test('concurrent claims never take the same outbound message twice', async () => {
    const teammate = await upsertTeammate(db, { issuer: 'https://idp', subject: 's1', email: null, name: 'Ana', role: 'agent' }, 1);
    for (let i = 0; i < 20; i++) {
      const c = await upsertContact(db, { waId: `1650555100${String(i).padStart(2, '0')}`, userId: null, numberId: SUPPORT_NUMBER_ID }, 1);
      await insertOutbound(db, {
        contactId: c.id,
        type: 'text',
        content: { type: 'text', text: { body: `o${i}` } },
        text: `o${i}`,
        teammateId: teammate.id,
        idempotencyKey: `claim-test-${i}`,
        requestHash: 'x',
        now: 1,
      });
    }
    const claims = await Promise.all(Array.from({ length: 30 }, () => claimNextDue(db, 10)));
    const ids = claims.filter((x) => x !== null).map((x) => x!.id);
    expect(ids.length).toBe(20);
    expect(new Set(ids).size).toBe(20);
  });

  test('messages to one customer are claimed one at a time, in order', async () => {
    const teammate = await upsertTeammate(db, { issuer: 'https://idp', subject: 's1', email: null, name: 'Ana', role: 'agent' }, 1);
    const c = await upsertContact(db, { waId: '16505559999', userId: null, numberId: SUPPORT_NUMBER_ID }, 1);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (await insertOutbound(db, {
          contactId: c.id,
          type: 'text',
          content: { type: 'text', text: { body: `f${i}` } },
          text: `f${i}`,
          teammateId: teammate.id,
          idempotencyKey: `fifo-test-${i}`,
          requestHash: 'x',
          now: 1,
        }))!,
      );
    }
    const first = await Promise.all([claimNextDue(db, 10), claimNextDue(db, 10)]);
    expect(first.filter(Boolean).map((m) => m!.id)).toEqual([ids[0]]);
    await markAccepted(db, ids[0]!, 'wamid.fifo-0', 11);
    expect((await claimNextDue(db, 12))?.id).toBe(ids[1]);
  });

  test('an idempotency key stores one message; the second insert changes nothing and leaves the transaction usable', async () => {
    const teammate = await upsertTeammate(db, { issuer: 'https://idp', subject: 's1', email: null, name: 'Ana', role: 'agent' }, 1);
    const c = await upsertContact(db, { waId: '16505557777', userId: null, numberId: SUPPORT_NUMBER_ID }, 1);
    const insert = (executor: typeof db, body: string) =>
      insertOutbound(executor, {
        contactId: c.id,
        type: 'text',
        content: { type: 'text', text: { body } },
        text: body,
        teammateId: teammate.id,
        idempotencyKey: 'once-per-key-1',
        requestHash: 'x',
        now: 1,
      });
    const trx = await db.transaction();
    try {
      expect(await insert(trx, 'first')).toEqual(expect.any(Number));
      expect(await insert(trx, 'second')).toBeNull();
      expect(await trx('messages').where('idempotency_key', 'once-per-key-1').pluck('text')).toEqual(['first']);
    } finally {
      // Rolled back, so the other tests' outbox claims do not meet this message.
      await trx.rollback();
    }
  });

  test('sends accepted together each get their own wamid; one a status report moved on keeps what it wrote', async () => {
    const teammate = await upsertTeammate(db, { issuer: 'https://idp', subject: 's1', email: null, name: 'Ana', role: 'agent' }, 1);
    const c = await upsertContact(db, { waId: '16505556666', userId: null, numberId: SUPPORT_NUMBER_ID }, 1);
    const trx = await db.transaction();
    try {
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push(
          (await insertOutbound(trx, {
            contactId: c.id,
            type: 'text',
            content: { type: 'text', text: { body: `m${i}` } },
            text: `m${i}`,
            teammateId: teammate.id,
            idempotencyKey: `accepted-many-${i}`,
            requestHash: 'x',
            now: 1,
          }))!,
        );
      }
      await trx('messages').whereIn('id', ids).update({ status: 'sending' });
      await trx('messages').where('id', ids[2]).update({ status: 'delivered', wamid: 'wamid.from-status' });
      await markAcceptedMany(
        trx,
        ids.map((id, i) => ({ id, wamid: `wamid.many-${i}` })),
        5,
      );
      const rows = await trx('messages').whereIn('id', ids).orderBy('id').select('status', 'wamid');
      expect(rows).toEqual([
        { status: 'accepted', wamid: 'wamid.many-0' },
        { status: 'accepted', wamid: 'wamid.many-1' },
        { status: 'delivered', wamid: 'wamid.from-status' },
      ]);
    } finally {
      await trx.rollback();
    }
  });

  test('a claim abandoned by a stopped instance is queued again, but not before its status webhook had time to arrive', async () => {
    const teammate = await upsertTeammate(db, { issuer: 'https://idp', subject: 's1', email: null, name: 'Ana', role: 'agent' }, 1);
    const c = await upsertContact(db, { waId: '16505558888', userId: null, numberId: SUPPORT_NUMBER_ID }, 1);
    const id = await insertOutbound(db, {
      contactId: c.id,
      type: 'text',
      content: { type: 'text', text: { body: 'lost' } },
      text: 'lost',
      teammateId: teammate.id,
      idempotencyKey: 'stale-claim-1',
      requestHash: 'x',
      now: 10_000,
    });
    expect((await claimNextDue(db, 10_000))?.id).toBe(id);
    const row = () => db('messages').where('id', id).first('status', 'next_attempt_at');
    // Claimed at 10,000: not stale for a lease that began at 10,000.
    await requeueStaleClaims(db, 10_000, 10_500, 20_000);
    expect(await row()).toMatchObject({ status: 'sending' });
    // Stale: queued again, due only at retryAt.
    await requeueStaleClaims(db, 10_001, 11_000, 71_000);
    expect(await row()).toMatchObject({ status: 'queued' });
    expect(Number((await row()).next_attempt_at)).toBe(71_000);
  });
});
