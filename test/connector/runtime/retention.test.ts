/**
 * Retention through the real connector: with MESSAGE_RETENTION_DAYS=30, bodies
 * older than 30 days go (and their copies in live events and webhook bodies),
 * newer ones stay, and the audit trail keeps every digest and still verifies.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditPage } from '../../../connector/domain/audit';
import { verifyAuditTrail } from '../../../connector/store/audit-verifier';
import { advanceClock, ApiClient, customerSends, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { signIn } from '../../support/sign-in';
import { sendSms } from '../../support/sms';
import { waitFor } from '../../support/wait';
import { SHEENA } from '../../support/fixtures';

const DAY_S = 24 * 3600;

describe.each(DB_KINDS)('retention on %s', (kind) => {
  let running: RunningConnector;
  let ana: ApiClient;
  let alex: ApiClient;
  const ids: Record<string, number> = {};
  let digestsBefore: Record<number, string>;

  beforeAll(async () => {
    running = await startConnector({
      db: kind,
      env: { MESSAGE_RETENTION_DAYS: '30' },
      connector: { smsSimulator: { statusDelays: { sent: 20, delivered: 60 } } },
    });
    ana = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
    alex = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'alex'));

    await customerWrites(running.url, SHEENA.slice(1), 'Where is my order?');
    ids.inbound = (await waitFor(async () => (await ana.thread(SHEENA)).messages[0]))!.id;
    ids.reply = (await ana.send(SHEENA, { type: 'text', text: { body: 'It ships today' } }, 'retention-reply-1')).body.message.id;
    ids.sms = (await sendSms(ana, SHEENA, 'Tracking code 1Z999', 'retention-sms-01')).body.message.id;
    await waitFor(async () =>
      (await ana.thread(SHEENA)).messages.filter((m) => m.direction === 'out').every((m) => m.status === 'read' || m.status === 'delivered'),
    );
    const page = (await alex.call<AuditPage>('/api/audit?action=message.send')).body;
    digestsBefore = Object.fromEntries(page.data.map((r) => [r.messageId, r.content!.sha256]));
  });

  afterAll(async () => {
    await running?.close();
  });

  test('nothing is deleted before 30 days', async () => {
    await advanceClock(running.url, 20 * DAY_S);
    const thread = await ana.thread(SHEENA);
    expect(thread.messages.map((m) => m.text)).toEqual(['Where is my order?', 'It ships today', 'Tracking code 1Z999']);
    expect(thread.messages.every((m) => m.contentDeleted === null)).toBe(true);
  });

  test('after 30 days the bodies are deleted and shown as such, newer messages keep theirs', async () => {
    // 20 days on, Ana claims the conversation: the inbox's copy of it shows the SMS as its
    // latest message, a fresh copy of that old text in the live feed.
    expect(
      (
        await ana.call(`/api/conversations/${encodeURIComponent(SHEENA)}/assign`, {
          method: 'POST',
          body: JSON.stringify({ teammateId: ana.session.teammate.id }),
        })
      ).status,
    ).toBe(200);
    // Then the customer reacts to the reply and quotes it: both write fresh copies
    // of the old reply's text into the live feed, which retention must find as well.
    const reply = (await ana.thread(SHEENA)).messages.find((m) => m.id === ids.reply)!;
    await customerSends(running.url, SHEENA.slice(1), { type: 'reaction', reaction: { message_id: reply.wamid, emoji: '👍' } });
    await customerSends(running.url, SHEENA.slice(1), { type: 'text', text: { body: 'Still waiting…' }, context: { id: reply.wamid } });
    const quoting = await waitFor(async () => (await ana.thread(SHEENA)).messages.find((m) => m.text === 'Still waiting…'));
    expect(quoting!.replyTo).toMatchObject({ id: ids.reply, text: 'It ships today' });
    await waitFor(async () => (await ana.thread(SHEENA)).messages.find((m) => m.id === ids.reply)!.reactions.length === 1);

    await advanceClock(running.url, 11 * DAY_S);
    const thread = await ana.thread(SHEENA);
    const old = thread.messages.filter((m) => [ids.inbound, ids.reply, ids.sms].includes(m.id));
    expect(old).toHaveLength(3);
    for (const m of old) expect(m).toMatchObject({ text: null, content: {}, contentDeleted: { afterDays: 30, at: expect.any(Number) } });
    expect(thread.messages.at(-1)).toMatchObject({ text: 'Still waiting…', contentDeleted: null, replyTo: { id: ids.reply, text: null } });
  });

  test('no other copy of a deleted body is kept: not in messages, live events or webhook bodies', async () => {
    const db = running.connector.db;
    for (const text of ['Where is my order?', 'It ships today', 'Tracking code 1Z999']) {
      expect(await db('messages').where('content', 'like', `%${text}%`).orWhere('text', text).first(), text).toBeUndefined();
      expect(await db('events').where('payload', 'like', `%${text}%`).first(), text).toBeUndefined();
      expect(await db('webhook_inbox').where('body', 'like', `%${text}%`).first(), text).toBeUndefined();
    }
  });

  test('the audit trail keeps each digest, says the content was deleted, records the purge, and still verifies', async () => {
    const page = (await alex.call<AuditPage>('/api/audit?action=message.send')).body;
    for (const row of page.data) {
      expect(row.content?.sha256).toBe(digestsBefore[row.messageId!]);
      expect(row.contentDeleted).toMatchObject({ afterDays: 30 });
    }
    const purges = (await alex.call<AuditPage>('/api/audit?action=retention.purge')).body.data;
    expect(purges).toEqual([expect.objectContaining({ teammate: null, details: expect.objectContaining({ days: 30, messages: 3 }) })]);
    expect((await verifyAuditTrail(running.connector.db)).broken).toBeNull();
  });

  test('a dead letter (a webhook body that could not be applied) goes too once past retention, and the purge says so', async () => {
    const db = running.connector.db;
    const receivedAt = running.connector.clock.now();
    await db('webhook_inbox').insert({
      received_at: receivedAt,
      body: JSON.stringify({ text: 'My address is 12 Private Lane' }),
      last_error: 'poisoned',
      dead_at: receivedAt,
      attempts: 5,
    });
    await advanceClock(running.url, 31 * DAY_S);
    // The clock's jump drains retention: a run begun after it has finished when the call answers.
    expect(await db('webhook_inbox').where('body', 'like', '%Private Lane%').first()).toBeUndefined();
    const purges = (await alex.call<AuditPage>('/api/audit?action=retention.purge')).body.data;
    expect(purges[0]).toMatchObject({ details: expect.objectContaining({ deadLetters: 1 }) });
  });
});

describe('retention of files', () => {
  let running: RunningConnector;
  let ana: ApiClient;

  beforeAll(async () => {
    running = await startConnector({ db: 'sqlite', env: { MESSAGE_RETENTION_DAYS: '30' } });
    ana = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  });

  afterAll(async () => {
    await running?.close();
  });

  test("a customer's photo older than 30 days is deleted with its message: the row, the file on disk, and its address", async () => {
    await customerSends(running.url, SHEENA.slice(1), { type: 'image', image: { caption: 'My plant' } });
    const photo = await waitFor(async () => (await ana.thread(SHEENA)).messages.find((m) => m.media?.status === 'ready'));
    const media = await running.connector.db('media').where('id', photo!.media!.id).first();
    const path = running.connector.files.path(media.sha256);
    expect(existsSync(path)).toBe(true);

    await advanceClock(running.url, 31 * DAY_S);
    const after = (await ana.thread(SHEENA)).messages.find((m) => m.id === photo!.id);
    expect(after).toMatchObject({ media: null, text: null, contentDeleted: { afterDays: 30 } });
    expect(await running.connector.db('media').where('id', media.id).first()).toBeUndefined();
    expect(existsSync(path)).toBe(false);
    expect((await fetch(`${running.url}${photo!.media!.url}`, { headers: ana.session.headers })).status).toBe(404);
  });
});
