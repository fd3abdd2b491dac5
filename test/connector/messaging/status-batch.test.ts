/**
 * Status webhooks applied in one batch, on a real database: each status's
 * audit row and live event are made from what the status wrote, without
 * reading the message back, yet a message delivered and then read in the same
 * batch still shows each step, in order, and the audit chain verifies.
 */
import { describe, expect, test } from 'vitest';
import { applyWebhookBodies } from '../../../connector/services/inbound/ingest-webhook';
import { verifyAuditTrail } from '../../../connector/store/audit-verifier';
import { upsertContact } from '../../../connector/store/contacts';
import { insertOutboundMany } from '../../../connector/store/messages';
import { markAccepted } from '../../../connector/store/outbox';
import { upsertTeammate } from '../../../connector/store/teammates';
import { DB_KINDS, useMigratedDatabase } from '../../support/databases';
import { SUPPORT_NUMBER_ID } from '../../support/fixtures';
import { serviceDeps } from '../../support/service-deps';
import { sandboxWebhook } from '../../support/webhooks';

describe.each(DB_KINDS)('status webhooks in one batch on %s', (kind) => {
  const database = useMigratedDatabase(kind);

  test('delivered then read in one batch: two audit rows and two live events, in order, with no read-back of the message', async () => {
    const now = Date.now();
    const ana = await upsertTeammate(database.db, { issuer: 'https://idp.test', subject: 'ana', email: 'ana@acme.test', name: 'Ana', role: 'agent' }, now);
    const waId = '16505559001';
    const contact = await upsertContact(database.db, { waId, userId: null, numberId: SUPPORT_NUMBER_ID }, now);
    const wamids = [`wamid.status-batch-${kind}-1`, `wamid.status-batch-${kind}-2`];
    const ids = await insertOutboundMany(
      database.db,
      wamids.map((_, i) => ({
        contactId: contact.id,
        type: 'text',
        content: { type: 'text', text: { body: `Order ${i} shipped` } },
        text: `Order ${i} shipped`,
        teammateId: ana.id,
        idempotencyKey: `status-batch-${kind}-${i}`,
        requestHash: `hash-${i}`,
        now,
      })),
    );
    for (const [i, id] of ids.entries()) {
      await database.db('messages').where('id', id!).update({ status: 'sending', attempts: 1 });
      await markAccepted(database.db, id!, wamids[i]!, now);
    }
    const second = Math.floor(now / 1000);
    const status = (wamid: string, value: string, at: number) =>
      sandboxWebhook({ statuses: [{ id: wamid, status: value, timestamp: String(at), recipient_id: waId }] });
    const failed = sandboxWebhook({
      statuses: [
        {
          id: wamids[1],
          status: 'failed',
          timestamp: String(second + 1),
          recipient_id: waId,
          errors: [{ code: 131026, title: 'Message undeliverable', error_data: { details: 'The number cannot receive this message.' } }],
        },
      ],
    });

    const statements: string[] = [];
    const listen = (query: { sql: string }) => statements.push(query.sql.toLowerCase().replace(/[`"]/g, ''));
    database.db.on('query', listen);
    await database.db.transaction((trx) =>
      applyWebhookBodies(serviceDeps(database.db), trx, [status(wamids[0]!, 'delivered', second + 1), status(wamids[0]!, 'read', second + 2), failed], now),
    );
    database.db.off('query', listen);

    const events = await database.db('events').where('type', 'message').orderBy('id').pluck('payload');
    const shown = events.map((p: string) => JSON.parse(p).message as { id: number; status: string; statusAt: number; failure: { code: number } | null });
    expect(shown.map((m) => [m.id, m.status, m.statusAt])).toEqual([
      [ids[0], 'delivered', (second + 1) * 1000],
      [ids[0], 'read', (second + 2) * 1000],
      [ids[1], 'failed', (second + 1) * 1000],
    ]);
    expect(shown[2]!.failure).toMatchObject({ code: 131026 });
    expect(shown[0]!.failure).toBeNull();
    const audited = await database.db('audit_log').where('action', 'message.status').orderBy('id').select('message_id', 'status', 'provider_message_id');
    expect(audited).toEqual([
      { message_id: ids[0], status: 'delivered', provider_message_id: wamids[0] },
      { message_id: ids[0], status: 'read', provider_message_id: wamids[0] },
      { message_id: ids[1], status: 'failed', provider_message_id: wamids[1] },
    ]);
    // The message is not read back for its audit row (where it stands) or its event: the views of all
    // three are read once at the end (the messages, then their reactions), not twice per status.
    expect(statements.filter((sql) => sql.startsWith('select id, channel, direction, contact_id'))).toEqual([]);
    expect(statements.filter((sql) => sql.includes('teammate_name'))).toHaveLength(2);
    expect((await verifyAuditTrail(database.db)).broken).toBeNull();
  });
});
