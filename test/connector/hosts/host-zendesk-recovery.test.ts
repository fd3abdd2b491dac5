/**
 * One ticket per conversation whatever happens to the connector (issue 14): an instance
 * stopped in the middle of a burst, and one that died holding claims, leave nothing undone
 * and nothing doubled once an instance runs again; two instances on one PostgreSQL database
 * deliver from the same queue, under 20 % injected faults, without ever creating two tickets
 * for one conversation.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { customerWrites } from '../../support/api';
import { startConnector } from '../../support/connector';
import { createTestDatabase } from '../../support/databases';
import { contactIds, deliverFromTwoInstances } from '../../support/host-harness';
import { waitFor } from '../../support/wait';
import { startZendesk } from '../../support/zendesk';

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

describe('a connector stopped mid-burst', () => {
  test('picks up where it stopped: every conversation gets exactly one ticket', async () => {
    const zendesk = await startZendesk({ latencyMs: 25 });
    closers.push(() => zendesk.close());
    const database = await createTestDatabase('sqlite');
    closers.push(() => database.drop());
    const env = { ...zendesk.env, HOST_OUTBOX_CONCURRENCY: '1', HOST_OUTBOX_LEASE_MS: '1000' };
    const first = await startConnector({ database, env });
    const customers = Array.from({ length: 15 }, (_, i) => `1650555${String(4000 + i)}`);
    for (const waId of customers) await customerWrites(first.url, waId, `burst ${waId}`);
    await first.close();
    const ticketsAtStop = zendesk.simulator.tickets.size;
    expect(ticketsAtStop).toBeLessThan(customers.length);

    // An instance that died mid-call leaves its claims behind (its calls may or may not have reached Zendesk).
    const second = await startConnector({ database, env: { ...env, HOST_OUTBOX_CONCURRENCY: '4' } });
    closers.push(() => second.close());
    const { db } = second.connector;
    const ids = await contactIds(db, customers);
    await waitFor(() => ids.every((id) => [...zendesk.simulator.tickets.values()].some((t) => t.external_id === `go2msg:${id}`)), {
      timeout: 30_000,
      what: 'a ticket for every conversation',
    });
    for (const id of ids) expect([...zendesk.simulator.tickets.values()].filter((t) => t.external_id === `go2msg:${id}`)).toHaveLength(1);
    expect(zendesk.simulator.createRequests).toHaveLength(customers.length);
  }, 60_000);

  test('claims older than the lease return to the queue; a ticket already created is found, not created again', async () => {
    const zendesk = await startZendesk();
    closers.push(() => zendesk.close());
    const database = await createTestDatabase('sqlite');
    closers.push(() => database.drop());
    const env = { ...zendesk.env, HOST_OUTBOX_LEASE_MS: '1000' };
    const first = await startConnector({ database, env });
    const waId = '16505554100';
    await customerWrites(first.url, waId, 'lost answer');
    const [id] = await contactIds(first.connector.db, [waId]);
    await waitFor(() => zendesk.simulator.tickets.size === 1, { what: 'the ticket' });
    await first.close();
    // As if the instance died after Zendesk created the ticket and before it stored the link.
    const { openDatabase } = await import('../../../connector/store/db');
    const db = openDatabase(database.config);
    await db('host_links').where({ contact_id: id }).update({ record_id: null, record_url: null });
    await db('host_deliveries')
      .where({ contact_id: id, type: 'conversation.created' })
      .update({ status: 'sending', claimed_at: Date.now() - 60_000 });
    await db.destroy();

    const second = await startConnector({ database, env });
    closers.push(() => second.close());
    await waitFor(async () => (await second.connector.db('host_links').where({ contact_id: id }).first('record_id'))?.record_id, { what: 'the link restored' });
    expect(zendesk.simulator.tickets.size).toBe(1);
    expect(zendesk.simulator.createRequests).toHaveLength(1);
  }, 60_000);
});

describe('two instances on one PostgreSQL database', () => {
  test('deliver from one queue under 20 % faults: one ticket per conversation, never two', async () => {
    const zendesk = await startZendesk({ latencyMs: 5 });
    closers.push(() => zendesk.close());
    zendesk.simulator.faultRate = 0.2;
    const customers = Array.from({ length: 16 }, (_, i) => `1650555${String(4200 + i)}`);
    const ids = await deliverFromTwoInstances(zendesk, customers, closers);
    for (const id of ids) expect([...zendesk.simulator.tickets.values()].filter((t) => t.external_id === `go2msg:${id}`)).toHaveLength(1);
    expect(zendesk.simulator.createRequests).toHaveLength(customers.length);
  }, 90_000);
});
