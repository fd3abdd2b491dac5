/**
 * Two status reports for one message handled at the same moment: Twilio's
 * "sent" and "delivered" callbacks arriving together, or Meta's webhooks for
 * one message taken by two connectors sharing PostgreSQL. The message must end
 * at the furthest status, never moved back by the report that read it first.
 */
import { describe, expect, test } from 'vitest';
import { applyWebhookBodies } from '../../../connector/services/inbound/ingest-webhook';
import { applySmsStatus } from '../../../connector/services/sms/ingest-sms';
import { upsertContact } from '../../../connector/store/contacts';
import { insertOutbound } from '../../../connector/store/messages';
import { markAccepted } from '../../../connector/store/outbox';
import { CALLBACK_PREFIX } from '../../../connector/whatsapp/cloud-payload';
import { upsertTeammate } from '../../../connector/store/teammates';
import { DB_KINDS, useMigratedDatabase } from '../../support/databases';
import { SHEENA_WA_ID } from '../../support/fixtures';
import { waitFor } from '../../support/wait';
import { sandboxWebhook } from '../../support/webhooks';
import { SUPPORT_NUMBER_ID } from '../../support/fixtures';
import { serviceDeps } from '../../support/service-deps';

const ROUNDS = 25;

describe.each(DB_KINDS)('status reports racing on %s', (kind) => {
  const database = useMigratedDatabase(kind);
  const deps = () => serviceDeps(database.db);

  async function outbound(channel: 'sms' | 'whatsapp', n: number): Promise<number> {
    const now = Date.now();
    const teammate = await upsertTeammate(database.db, { issuer: 'https://idp.test', subject: 'ana', email: 'ana@acme.test', name: 'Ana', role: 'agent' }, now);
    const contact = await upsertContact(database.db, { waId: SHEENA_WA_ID, userId: null, numberId: SUPPORT_NUMBER_ID }, now);
    const id = await insertOutbound(database.db, {
      contactId: contact.id,
      channel,
      type: 'text',
      content: { type: 'text', text: { body: `race ${n}` } },
      text: `race ${n}`,
      teammateId: teammate.id,
      idempotencyKey: `race-${channel}-${n}`,
      requestHash: 'h',
      now,
    });
    return id!;
  }

  const statuses = (ids: number[]) => database.db('messages').whereIn('id', ids).orderBy('id').pluck('status');

  test('Twilio’s sent and delivered callbacks at once: every message ends delivered', async () => {
    const ids: number[] = [];
    for (let n = 0; n < ROUNDS; n++) {
      const id = await outbound('sms', n);
      ids.push(id);
      const report = (status: string) => applySmsStatus(deps(), id, { providerId: `SM${n}`, status, errorCode: null, errorMessage: null });
      await Promise.all([report('sent'), report('delivered')]);
    }
    expect(await statuses(ids)).toEqual(ids.map(() => 'delivered'));
  });

  test('Meta’s delivered and read webhooks for one message at once: every message ends read', async () => {
    const ids: number[] = [];
    for (let n = 0; n < ROUNDS; n++) {
      const id = await outbound('whatsapp', n);
      ids.push(id);
      const wamid = `wamid.race-${n}`;
      await database.db('messages').where('id', id).update({ status: 'sending' });
      await markAccepted(database.db, id, wamid, Date.now());
      const webhook = (status: string) =>
        sandboxWebhook({ statuses: [{ id: wamid, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: SHEENA_WA_ID }] });
      const apply = (status: string) => database.db.transaction((trx) => applyWebhookBodies(deps(), trx, [webhook(status)], Date.now()));
      await Promise.all([apply('delivered'), apply('read')]);
    }
    expect(await statuses(ids)).toEqual(ids.map(() => 'read'));
  });

  // SQLite writes one transaction at a time, so there the status can only come before or after the answer.
  test.skipIf(kind === 'sqlite')('a failed status that comes while the send’s answer is being committed is applied, not dropped', async () => {
    const id = await outbound('whatsapp', 100);
    const wamid = 'wamid.answer-committing';
    await database.db('messages').where('id', id).update({ status: 'sending' });
    const failed = sandboxWebhook({
      statuses: [
        {
          id: wamid,
          status: 'failed',
          timestamp: String(Math.floor(Date.now() / 1000)),
          recipient_id: SHEENA_WA_ID,
          biz_opaque_callback_data: `${CALLBACK_PREFIX}${id}`,
          errors: [{ code: 131050, title: 'Unable to deliver the message.' }],
        },
      ],
    });
    // The outcome recorder has written the wamid but not committed; the status webhook finds
    // no message by that wamid yet and tries to adopt it by our id, waiting for the row.
    const answer = await database.db.transaction();
    await markAccepted(answer, id, wamid, Date.now());
    const status = database.db.transaction((trx) => applyWebhookBodies(deps(), trx, [failed], Date.now()));
    await waitFor(
      async () =>
        (
          await database.db.raw(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'update "messages"%'`,
          )
        ).rows.length > 0,
      { what: 'the status waiting for the message row' },
    );
    await answer.commit();
    await status;
    const message = await database.db('messages').where('id', id).first();
    expect(message.status).toBe('failed');
    expect(JSON.parse(message.failure)).toMatchObject({ code: 131050 });
    expect((await database.db('contacts').where('id', message.contact_id).first()).marketing_preference).toBe('stop');
  });
});
