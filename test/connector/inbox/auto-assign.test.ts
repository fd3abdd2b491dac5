/**
 * Automatic assignment (AUTO_ASSIGN=true): new and reopened conversations
 * nobody owns go round robin to teammates with a panel or inbox open, up to
 * AUTO_ASSIGN_MAX_OPEN each, audited as `conversation.assigned` with the cause
 * `automatic`; with two instances on one PostgreSQL database no conversation
 * is ever assigned twice and no cap is overrun.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiClient, customerWrites } from '../../support/api';
import { startConnector, useTwoInstances, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';
import type { Db } from '../../../connector/store/db';

const contactOf = async (db: Db, waId: string): Promise<number> => (await db('contacts').where('wa_id', waId).first('id')).id;
const ownerOf = async (db: Db, waId: string): Promise<number | null> =>
  (
    await db('conversations')
      .where('contact_id', await contactOf(db, waId))
      .first('owner_id')
  )?.owner_id ?? null;
const automaticAssignments = async (db: Db) =>
  (await db('audit_log').where({ action: 'conversation.assigned' }).whereNull('teammate_id').select('contact_id', 'details')).map(
    (r: { contact_id: number; details: string }) => ({ contactId: r.contact_id, details: JSON.parse(r.details) as { to: number; cause: string } }),
  );
const atDesk = (client: ApiClient, panel: string) => client.call('/api/presence', { method: 'POST', body: JSON.stringify({ panel }) });

describe.each(DB_KINDS)('automatic assignment on %s', (db) => {
  let running: RunningConnector;
  let ana: ApiClient;
  let ben: ApiClient;
  const waId = (n: number) => `1555710${db === 'sqlite' ? 0 : 1}${String(n).padStart(3, '0')}`;

  beforeAll(async () => {
    running = await startConnector({ db, env: { AUTO_ASSIGN: 'true', AUTO_ASSIGN_MAX_OPEN: '2' } });
    ana = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
    ben = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ben'));
  });
  afterAll(async () => {
    await running?.close();
  });

  test('with nobody at their desk a new conversation waits in Unassigned', async () => {
    await customerWrites(running.url, waId(1), 'Anyone there?');
    await running.connector.webhooks.idle();
    expect(await ownerOf(running.connector.db, waId(1))).toBeNull();
  });

  test('once teammates open go2msg, waiting conversations go to them in turns, up to the cap each, audited as automatic', async () => {
    expect((await atDesk(ana, 'inbox-ana-0001')).status).toBe(200);
    expect((await atDesk(ben, 'inbox-ben-0001')).status).toBe(200);
    for (const n of [2, 3, 4, 5]) await customerWrites(running.url, waId(n), `Question ${n}`);
    // Accepted is not yet applied: every conversation exists before anyone counts owners.
    await running.connector.webhooks.idle();
    const customers = [1, 2, 3, 4, 5].map(waId);
    await waitFor(async () => (await automaticAssignments(running.connector.db)).length === 4, { what: 'four automatic assignments' });
    const owners = await Promise.all(customers.map((w) => ownerOf(running.connector.db, w)));
    // Oldest wait first, in turns (Ana has the lower id and nobody had a turn yet); the fifth waits: both are at the cap.
    const [anaId, benId] = [ana.session.teammate.id, ben.session.teammate.id];
    expect(owners).toEqual([anaId, benId, anaId, benId, null]);
    const audits = await automaticAssignments(running.connector.db);
    expect(audits.every((a) => a.details.cause === 'automatic')).toBe(true);
    expect(audits.map((a) => a.details.to).sort()).toEqual([anaId, anaId, benId, benId].sort());
  });

  test('a teammate with room again gets the waiting conversation; one unassigned by hand stays unassigned', async () => {
    const db = running.connector.db;
    await ben.call(`/api/conversations/${encodeURIComponent(`+${waId(2)}`)}/resolve`, { method: 'POST' });
    await waitFor(async () => (await ownerOf(db, waId(5))) === ben.session.teammate.id, { what: 'the waiting conversation to go to Ben' });
    await ana.call(`/api/conversations/${encodeURIComponent(`+${waId(1)}`)}/assign`, { method: 'POST', body: JSON.stringify({ teammateId: null }) });
    // A customer writing again to an open conversation someone unassigned does not make it due again.
    await customerWrites(running.url, waId(1), 'Hello again');
    await running.connector.webhooks.idle();
    await atDesk(ana, 'inbox-ana-0001');
    expect(
      await db('conversations')
        .where({ contact_id: await contactOf(db, waId(1)), auto_assign_due: true })
        .first(),
    ).toBeUndefined();
    expect(await ownerOf(db, waId(1))).toBeNull();
  });

  test('a resolved conversation reopened by its customer is assigned again', async () => {
    const db = running.connector.db;
    const contact = encodeURIComponent(`+${waId(1)}`);
    await ana.call(`/api/conversations/${contact}/resolve`, { method: 'POST' });
    await customerWrites(running.url, waId(1), 'It broke again');
    // Ana has room (one of hers was unassigned by hand above).
    await waitFor(async () => (await ownerOf(db, waId(1))) === ana.session.teammate.id, { what: 'the reopened conversation to be assigned' });
  });
});

describe('two instances on one PostgreSQL database', () => {
  const ORIGIN = 'http://crm.test';
  const instances = useTwoInstances(ORIGIN, { AUTO_ASSIGN: 'true', AUTO_ASSIGN_MAX_OPEN: '4' });

  test('many customers at once: each conversation is assigned once, turns alternate and nobody goes over the cap', async () => {
    const { a, b } = instances;
    const ana = new ApiClient(a.url, await signIn(a.url, ORIGIN, 'ana'));
    const ben = new ApiClient(b.url, await signIn(b.url, ORIGIN, 'ben'));
    await atDesk(ana, 'inbox-ana-0002');
    await atDesk(ben, 'inbox-ben-0002');
    const customers = Array.from({ length: 12 }, (_, i) => `15557200${String(i).padStart(3, '0')}`);
    // Half write through each instance, so both instances' workers are woken and compete.
    await Promise.all(customers.map((w, i) => customerWrites((i % 2 ? b : a).url, w, 'Hi, quick question')));
    await Promise.all([a.connector.webhooks.idle(), b.connector.webhooks.idle()]);
    await waitFor(async () => (await automaticAssignments(a.connector.db)).length >= 8, { timeout: 20_000, what: 'both teammates to reach the cap' });

    const audits = await automaticAssignments(a.connector.db);
    expect(audits).toHaveLength(8);
    expect(new Set(audits.map((x) => x.contactId)).size).toBe(8);
    const owners = await Promise.all(customers.map((w) => ownerOf(a.connector.db, w)));
    const count = (id: number) => owners.filter((o) => o === id).length;
    expect(count(ana.session.teammate.id)).toBe(4);
    expect(count(ben.session.teammate.id)).toBe(4);
    expect(owners.filter((o) => o === null)).toHaveLength(4);
  });
});
