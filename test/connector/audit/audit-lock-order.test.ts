/**
 * The audit trail's lock is taken last in every transaction, after the row
 * locks. A batch of status webhooks used to take it at its first status and
 * then wait for the next message's row, held by a send outcome that was
 * itself waiting for the trail: PostgreSQL broke the deadlock by failing
 * whichever transaction came third (in CI, an agent's sign-in).
 */
import { describe, expect, test } from 'vitest';
import { applyWebhookBodies } from '../../../connector/services/inbound/ingest-webhook';
import { recordStatusAudits } from '../../../connector/services/messaging/status-audit';
import { verifyAuditTrail } from '../../../connector/store/audit-verifier';
import { upsertContact } from '../../../connector/store/contacts';
import type { Db } from '../../../connector/store/db';
import { insertOutbound } from '../../../connector/store/messages';
import { upsertTeammate } from '../../../connector/store/teammates';
import { DB_KINDS, useMigratedDatabase } from '../../support/databases';
import { waitFor } from '../../support/wait';
import { sandboxWebhook } from '../../support/webhooks';
import { SHEENA_WA_ID } from '../../support/fixtures';
import { SUPPORT_NUMBER_ID } from '../../support/fixtures';
import { serviceDeps } from '../../support/service-deps';

const statusWebhook = (statuses: Array<{ wamid: string; status: string }>) =>
  sandboxWebhook({
    statuses: statuses.map(({ wamid, status }) => ({ id: wamid, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: SHEENA_WA_ID })),
  });

const deps = serviceDeps;

/** Outbound messages Meta has accepted, with their wamids. */
async function accepted(db: Db, names: string[]): Promise<Array<{ id: number; wamid: string }>> {
  const now = Date.now();
  const teammate = await upsertTeammate(db, { issuer: 'https://idp.test', subject: 'ana', email: 'ana@acme.test', name: 'Ana', role: 'agent' }, now);
  const contact = await upsertContact(db, { waId: SHEENA_WA_ID, userId: null, numberId: SUPPORT_NUMBER_ID }, now);
  const out: Array<{ id: number; wamid: string }> = [];
  for (const name of names) {
    const id = (await insertOutbound(db, {
      contactId: contact.id,
      type: 'text',
      content: { type: 'text', text: { body: name } },
      text: name,
      teammateId: teammate.id,
      idempotencyKey: `lock-order-${name}`,
      requestHash: 'h',
      now,
    }))!;
    const wamid = `wamid.lock-order-${name}`;
    await db('messages').where('id', id).update({ status: 'accepted', wamid });
    out.push({ id, wamid });
  }
  return out;
}

describe('the trail locked last, on postgres', () => {
  const database = useMigratedDatabase('postgres');

  test('a webhook batch waiting for a row a send outcome holds does not hold the trail meanwhile', async () => {
    const db = database.db;
    const [first, second] = await accepted(db, ['first', 'second']);
    // A send outcome: it has changed the second message and will append to the trail next.
    const outcome = await db.transaction();
    await outcome('messages').where('id', second!.id).update({ updated_at: Date.now() });
    // The batch takes the first message, then waits for the second.
    const batch = db.transaction((trx) =>
      applyWebhookBodies(
        deps(db),
        trx,
        [
          statusWebhook([
            { wamid: first!.wamid, status: 'delivered' },
            { wamid: second!.wamid, status: 'delivered' },
          ]),
        ],
        Date.now(),
      ),
    );
    await waitFor(
      async () => {
        const { rows } = await db.raw("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        return rows[0].n > 0;
      },
      { what: 'the batch to wait for the second message' },
    );
    await recordStatusAudits(outcome, [second!.id], Date.now());
    await outcome.commit();
    await batch;

    expect(await db('messages').whereIn('id', [first!.id, second!.id]).orderBy('id').pluck('status')).toEqual(['delivered', 'delivered']);
    expect((await verifyAuditTrail(db)).broken).toBeNull();
  });
});

describe.each(DB_KINDS)('status rows of one webhook batch on %s', (kind) => {
  const database = useMigratedDatabase(kind);

  test('a message delivered and read in one batch gets both rows in the trail, in order', async () => {
    const db = database.db;
    const [message] = await accepted(db, ['twice']);
    await db.transaction((trx) =>
      applyWebhookBodies(
        deps(db),
        trx,
        [
          statusWebhook([{ wamid: message!.wamid, status: 'delivered' }]),
          statusWebhook([
            { wamid: message!.wamid, status: 'read' },
            { wamid: message!.wamid, status: 'read' },
          ]),
        ],
        Date.now(),
      ),
    );
    const rows = await db('audit_log').where({ message_id: message!.id, action: 'message.status' }).orderBy('id').pluck('status');
    expect(rows).toEqual(['delivered', 'read']);
  });
});
