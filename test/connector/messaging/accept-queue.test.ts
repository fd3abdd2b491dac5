/**
 * Sends accepted together (group commit), on a real database: requests made at
 * the same moment share a transaction, yet each is answered as if it were
 * alone. A request a rule refuses, a retried key and a request whose write
 * fails change nothing for the others; every accepted message has its one
 * audit row in an unbroken chain and its live event.
 */
import { describe, expect, test } from 'vitest';
import { AcceptQueue } from '../../../connector/services/messaging/accept-queue';
import { sendMessage, type SendDeps } from '../../../connector/services/messaging/send-message';
import { addContactAlias, recordInbound, upsertContact } from '../../../connector/store/contacts';
import { replaceTemplates } from '../../../connector/store/templates';
import { verifyAuditTrail } from '../../../connector/store/audit-verifier';
import { upsertTeammate, type Teammate } from '../../../connector/store/teammates';
import { DB_KINDS, useMigratedDatabase } from '../../support/databases';
import { SALES_NUMBER_ID, SUPPORT_NUMBER_ID } from '../../support/fixtures';
import { serviceDeps } from '../../support/service-deps';

const OPEN = Array.from({ length: 12 }, (_, i) => `+1650555${String(2000 + i)}`);
const NEVER_WROTE = '+16505553999';
const text = (body: string) => ({ type: 'text' as const, text: { body } });

describe.each(DB_KINDS)('sends accepted together on %s', (kind) => {
  const database = useMigratedDatabase(kind);

  async function setUp(): Promise<{ deps: SendDeps; ana: Teammate; transactions: () => number; mostAtOnce: () => number }> {
    const now = Date.now();
    const ana = await upsertTeammate(database.db, { issuer: 'https://idp.test', subject: 'ana', email: 'ana@acme.test', name: 'Ana', role: 'agent' }, now);
    for (const phone of OPEN) {
      const contact = await upsertContact(database.db, { waId: phone.slice(1), userId: null, numberId: SUPPORT_NUMBER_ID }, now);
      await recordInbound(database.db, contact.id, now - 60_000, now);
    }
    const services = serviceDeps(database.db);
    const outbox = { kick() {} };
    // Counts the transactions the queue opens, to show the requests did share them, and the most open at once.
    let count = 0;
    let open = 0;
    let mostAtOnce = 0;
    const counting = new Proxy(database.db, {
      get(target, key, receiver) {
        if (key === 'transaction') {
          return async (...args: Parameters<typeof target.transaction>) => {
            count++;
            mostAtOnce = Math.max(mostAtOnce, ++open);
            try {
              return await target.transaction(...args);
            } finally {
              open--;
            }
          };
        }
        return Reflect.get(target, key, receiver);
      },
    });
    const accepts = new AcceptQueue({ ...services, db: counting, outbox });
    return { deps: { ...services, outbox, accepts }, ana, transactions: () => count, mostAtOnce: () => mostAtOnce };
  }

  test('each request gets its own answer: accepted, refused by a rule, or replayed', async () => {
    const { deps, ana, transactions } = await setUp();
    const requests = [
      ...OPEN.map((phone, i) => sendMessage(deps, { teammate: ana, contactRef: phone, content: text(`Hello ${i}`), idempotencyKey: `together-${kind}-${i}` })),
      sendMessage(deps, { teammate: ana, contactRef: NEVER_WROTE, content: text('Hi?'), idempotencyKey: `together-${kind}-closed` }),
      // The same key twice at once: one message, returned to both.
      sendMessage(deps, { teammate: ana, contactRef: OPEN[0]!, content: text('Twice'), idempotencyKey: `together-${kind}-twice` }),
      sendMessage(deps, { teammate: ana, contactRef: OPEN[0]!, content: text('Twice'), idempotencyKey: `together-${kind}-twice` }),
    ];
    const results = await Promise.allSettled(requests);
    const value = (i: number) => (results[i]!.status === 'fulfilled' ? (results[i] as PromiseFulfilledResult<Awaited<(typeof requests)[number]>>).value : null);

    for (let i = 0; i < OPEN.length; i++)
      expect(value(i)).toMatchObject({ replayed: false, message: { text: `Hello ${i}`, status: 'queued', sender: { name: 'Ana' } } });
    expect(results[OPEN.length]).toMatchObject({ status: 'rejected', reason: { code: 'WINDOW_CLOSED' } });
    const [first, second] = [value(OPEN.length + 1), value(OPEN.length + 2)];
    expect(first?.message.id).toBe(second?.message.id);
    expect([first?.replayed, second?.replayed].sort()).toEqual([false, true]);
    // The first request is written at once, the others together while it is.
    expect(transactions()).toBe(2);

    const ids = [...Array.from({ length: OPEN.length }, (_, i) => value(i)!.message.id), first!.message.id].sort((a, b) => a - b);
    expect((await database.db('messages').where('direction', 'out').pluck('id')).sort((a: number, b: number) => a - b)).toEqual(ids);
    expect((await database.db('audit_log').where('action', 'message.send').pluck('message_id')).sort((a: number, b: number) => a - b)).toEqual(ids);
    expect((await verifyAuditTrail(database.db)).broken).toBeNull();
    expect(new Set(await database.db('events').where('type', 'message').pluck('message_id'))).toEqual(new Set(ids));
  });

  test('a request whose write fails fails alone: the others written with it are accepted and audited', async () => {
    const { deps, ana } = await setUp();
    // A sender the database does not know: its insert breaks a foreign key, failing its batch's transaction.
    const ghost: Teammate = { ...ana, id: 987_654 };
    const send = (teammate: Teammate, phone: string, key: string) =>
      sendMessage(deps, { teammate, contactRef: phone, content: text(key), idempotencyKey: `${kind}-${key}` });
    const results = await Promise.allSettled([
      send(ana, OPEN[2]!, 'before'),
      send(ana, OPEN[3]!, 'with-1'),
      send(ghost, OPEN[4]!, 'ghost'),
      send(ana, OPEN[5]!, 'with-2'),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const stored = await database
      .db('messages')
      .whereIn(
        'idempotency_key',
        ['before', 'with-1', 'ghost', 'with-2'].map((k) => `${kind}-${k}`),
      )
      .pluck('id');
    expect(stored).toHaveLength(3);
    const audited = await database.db('audit_log').whereIn('message_id', stored).where('action', 'message.send').pluck('message_id');
    expect(audited.sort()).toEqual([...stored].sort());
    expect((await verifyAuditTrail(database.db)).broken).toBeNull();
  });

  test("under load, PostgreSQL writes batches side by side; each customer's messages are stored and audited in the order sent", async () => {
    const { deps, ana, mostAtOnce } = await setUp();
    const ROUNDS = 6;
    const sent: Array<{ phone: string; text: string; result: ReturnType<typeof sendMessage> }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const phone of OPEN) {
        const body = `Order ${round} to ${phone}`;
        sent.push({
          phone,
          text: body,
          result: sendMessage(deps, { teammate: ana, contactRef: phone, content: text(body), idempotencyKey: `order-${kind}-${round}-${phone}` }),
        });
      }
    }
    const results = await Promise.all(sent.map((s) => s.result));
    expect(results.every((r) => !r.replayed)).toBe(true);
    // SQLite has one writer; PostgreSQL's pool lets batches overlap.
    if (kind === 'postgres') expect(mostAtOnce()).toBeGreaterThan(1);
    else expect(mostAtOnce()).toBe(1);

    for (const phone of OPEN) {
      const inOrder = sent.filter((s) => s.phone === phone).map((s) => s.text);
      const stored = await database.db('messages').where({ direction: 'out' }).whereIn('text', inOrder).orderBy('id').pluck('text');
      expect(stored).toEqual(inOrder);
      const ids = await database.db('messages').where({ direction: 'out' }).whereIn('text', inOrder).orderBy('id').pluck('id');
      const audited = await database.db('audit_log').whereIn('message_id', ids).where('action', 'message.send').orderBy('id').pluck('message_id');
      expect(audited).toEqual(ids);
    }
    expect((await verifyAuditTrail(database.db)).broken).toBeNull();
  });

  test('a batch stores its messages in one multi-row insert and looks its contacts up in one statement, keeping every key and audit row', async () => {
    const { deps, ana } = await setUp();
    const statements: string[] = [];
    // Without quotes: SQLite's are backticks, PostgreSQL's double quotes.
    const listen = (query: { sql: string }) => statements.push(query.sql.toLowerCase().replace(/[`"]/g, ''));
    database.db.on('query', listen);
    const requests = [
      ...OPEN.map((phone, i) => sendMessage(deps, { teammate: ana, contactRef: phone, content: text(`Batched ${i}`), idempotencyKey: `multi-${kind}-${i}` })),
      // A key used twice in the batch: stored once, the second request is answered with it.
      sendMessage(deps, { teammate: ana, contactRef: OPEN[1]!, content: text('Batched 1'), idempotencyKey: `multi-${kind}-1` }),
      // A customer never seen: looked up (and made) alone, then refused by the closed window.
      sendMessage(deps, { teammate: ana, contactRef: NEVER_WROTE, content: text('Hi?'), idempotencyKey: `multi-${kind}-closed` }),
    ];
    const results = await Promise.allSettled(requests);
    database.db.off('query', listen);

    expect(results.slice(0, OPEN.length).every((r) => r.status === 'fulfilled' && !r.value.replayed)).toBe(true);
    const [first, twice] = [results[1]!, results[OPEN.length]!];
    expect(twice).toMatchObject({ status: 'fulfilled', value: { replayed: true } });
    expect(first.status === 'fulfilled' && twice.status === 'fulfilled' && twice.value.message.id === first.value.message.id).toBe(true);
    expect(results[OPEN.length + 1]).toMatchObject({ status: 'rejected', reason: { code: 'WINDOW_CLOSED' } });
    // The first request is written at once, the others together: two inserts of messages in all.
    expect(statements.filter((sql) => sql.startsWith('insert into messages'))).toHaveLength(2);
    expect(statements.filter((sql) => sql.includes('from contacts where wa_id in'))).toHaveLength(2);

    const keys = OPEN.map((_, i) => `multi-${kind}-${i}`);
    const stored = await database
      .db('messages')
      .whereIn('idempotency_key', [...keys, `multi-${kind}-closed`])
      .orderBy('id')
      .select('id', 'idempotency_key', 'text');
    expect(stored.map((m: { idempotency_key: string }) => m.idempotency_key)).toEqual(keys);
    expect(stored.map((m: { text: string }) => m.text)).toEqual(OPEN.map((_, i) => `Batched ${i}`));
    const audited = await database
      .db('audit_log')
      .where('action', 'message.send')
      .whereIn(
        'message_id',
        stored.map((m: { id: number }) => m.id),
      )
      .orderBy('message_id')
      .pluck('message_id');
    expect(audited).toEqual(stored.map((m: { id: number }) => m.id));
    expect((await verifyAuditTrail(database.db)).broken).toBeNull();
  });

  test('a burst to new customers creates their contacts in one statement per batch; a number known by an alias and a customer named twice keep one contact', async () => {
    const { deps, ana } = await setUp();
    const now = Date.now();
    await replaceTemplates(
      database.db,
      [{ id: null, name: 'welcome', language: 'en_US', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Welcome!' }] }],
      now,
    );
    // A number Meta corrected on an earlier send reaches that customer's thread (on Sales).
    const corrected = await upsertContact(database.db, { waId: '5521987654321', userId: null, numberId: SALES_NUMBER_ID }, now);
    await addContactAlias(database.db, '552187654321', corrected.id, 'send_response', now);
    const fresh = Array.from({ length: 8 }, (_, i) => `+1650666${String(3000 + i)}`);
    const template = { type: 'template' as const, template: { name: 'welcome', language: { code: 'en_US' } } };
    const statements: string[] = [];
    const listen = (query: { sql: string }) => statements.push(query.sql.toLowerCase().replace(/[`"]/g, ''));
    database.db.on('query', listen);
    const results = await Promise.allSettled([
      ...fresh.map((phone, i) => sendMessage(deps, { teammate: ana, contactRef: phone, content: template, idempotencyKey: `fresh-${kind}-${i}` })),
      // The same new customer twice in the batch: one contact for both messages.
      sendMessage(deps, { teammate: ana, contactRef: fresh[3]!, content: template, idempotencyKey: `fresh-${kind}-again` }),
      sendMessage(deps, { teammate: ana, contactRef: '+552187654321', content: template, idempotencyKey: `fresh-${kind}-alias` }),
      // A new customer on the number named, not the default.
      sendMessage(deps, { teammate: ana, contactRef: `+16506664000@${SALES_NUMBER_ID}`, content: template, idempotencyKey: `fresh-${kind}-sales` }),
    ]);
    database.db.off('query', listen);

    expect(results.map((r) => r.status)).toEqual(results.map(() => 'fulfilled'));
    const messageOf = async (key: string) => database.db('messages').where('idempotency_key', `fresh-${kind}-${key}`).first('contact_id');
    for (const [i, phone] of fresh.entries()) {
      const threads = await database.db('contacts').where('wa_id', phone.slice(1)).select('id', 'phone_number_id', 'phone');
      expect(threads).toEqual([{ id: (await messageOf(String(i))).contact_id, phone_number_id: SUPPORT_NUMBER_ID, phone }]);
    }
    expect((await messageOf('again')).contact_id).toBe((await messageOf('3')).contact_id);
    expect((await messageOf('alias')).contact_id).toBe(corrected.id);
    expect(Number((await database.db('contacts').where('wa_id', '552187654321').count({ n: '*' }))[0]!.n)).toBe(0);
    const sales = await database.db('contacts').where('wa_id', '16506664000').select('id', 'phone_number_id');
    expect(sales).toEqual([{ id: (await messageOf('sales')).contact_id, phone_number_id: SALES_NUMBER_ID }]);
    // The first request is written alone, the others together: two upserts of contacts, two alias reads, in all.
    expect(statements.filter((sql) => sql.startsWith('insert into contacts'))).toHaveLength(2);
    expect(statements.filter((sql) => sql.includes('join contact_aliases'))).toHaveLength(2);
    expect((await verifyAuditTrail(database.db)).broken).toBeNull();
  });
});
