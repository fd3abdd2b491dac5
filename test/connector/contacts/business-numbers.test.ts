/**
 * Several business numbers of one WhatsApp Business Account, through the real connector and the
 * Cloud API simulator (the sandbox has two: Support and Sales), on SQLite and PostgreSQL. A
 * conversation and its 24-hour window belong to the pair (business number, customer): Meta counts
 * the window per number ("…since the customer last replied to this number", error 131047), and
 * says which number a webhook is for in `metadata.phone_number_id`
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BusinessNumbersResponse } from '../../../connector/domain/business-numbers';
import type { ConversationPage } from '../../../connector/domain/conversations';
import { ApiClient, customerSends, customerWrites } from '../../support/api';
import { samplePng } from '../../../connector/sandbox/simulator/samples';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';
import {
  LUCAS,
  LUCAS_WA_ID,
  SALES_DISPLAY_NUMBER,
  SALES_NUMBER_ID,
  SHEENA,
  SHEENA_WA_ID,
  SUPPORT_DISPLAY_NUMBER,
  SUPPORT_NUMBER_ID,
} from '../../support/fixtures';

const text = (body: string) => ({ type: 'text', text: { body } });
const helloWorld = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
const at = (ref: string, numberId: string) => `${ref}@${numberId}`;

describe.each(DB_KINDS)('several business numbers on %s', (kind) => {
  let running: RunningConnector;
  let api: ApiClient;
  const sent = () => running.connector.simulator!.sent;
  const settle = () => running.connector.webhooks.idle();
  let key = 0;
  const nextKey = () => `numbers-${kind}-${++key}`;

  beforeAll(async () => {
    running = await startConnector({ db: kind });
    api = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  });

  afterAll(async () => {
    await running?.close();
  });

  test('a customer who writes to Support and to Sales has two threads, each with its own messages and window', async () => {
    await customerWrites(running.url, SHEENA_WA_ID, 'a question for support', { to: SUPPORT_NUMBER_ID });
    await settle();
    // Only Support has heard from her: the Sales thread exists once opened, with its window closed.
    const salesBefore = await api.thread(at(SHEENA, SALES_NUMBER_ID));
    expect(salesBefore.contact).toMatchObject({ waId: SHEENA_WA_ID, phoneNumberId: SALES_NUMBER_ID, lastInboundAt: null });
    const refused = await api.send(at(SHEENA, SALES_NUMBER_ID), text('hello from sales'), nextKey());
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('WINDOW_CLOSED');

    await customerWrites(running.url, SHEENA_WA_ID, 'and one for sales', { to: SALES_NUMBER_ID });
    await settle();
    const support = await api.thread(at(SHEENA, SUPPORT_NUMBER_ID));
    const sales = await api.thread(at(SHEENA, SALES_NUMBER_ID));
    expect(support.contact.id).not.toBe(sales.contact.id);
    expect(support.contact.phoneNumberId).toBe(SUPPORT_NUMBER_ID);
    expect(sales.contact.phoneNumberId).toBe(SALES_NUMBER_ID);
    expect(support.messages.map((m) => m.text)).toContain('a question for support');
    expect(support.messages.map((m) => m.text)).not.toContain('and one for sales');
    expect(sales.messages.map((m) => m.text)).toEqual(['and one for sales']);
    expect(sales.contact.lastInboundAt).not.toBeNull();

    // Two rows in the team's inbox, each naming its number.
    const inbox = await api.call<ConversationPage>('/api/conversations?view=all');
    const hers = inbox.body.data.filter((c) => c.contact.waId === SHEENA_WA_ID);
    expect(hers.map((c) => c.contact.phoneNumberId).sort()).toEqual([SUPPORT_NUMBER_ID, SALES_NUMBER_ID].sort());
  });

  test('a reply goes from the number the customer wrote to, and its statuses come back for that number', async () => {
    await customerWrites(running.url, SHEENA_WA_ID, 'sales, are you there?', { to: SALES_NUMBER_ID });
    await settle();
    const reply = await api.send(at(SHEENA, SALES_NUMBER_ID), text('Sales here, yes!'), nextKey());
    expect(reply.status).toBe(202);
    const id = reply.body.message.id;
    await waitFor(async () => {
      const row = await running.connector.db('messages').where({ id }).first();
      return row?.status === 'read' ? row : null;
    });
    const record = sent().find((s) => (s.body.text as { body?: string } | undefined)?.body === 'Sales here, yes!');
    expect(record).toMatchObject({ from: SALES_NUMBER_ID, to: SHEENA_WA_ID });

    // Without a number, a reply goes to her most recent thread: Sales, where she wrote last.
    const plain = await api.send(SHEENA, text('still Sales'), nextKey());
    expect(plain.status).toBe(202);
    expect((await api.thread(at(SHEENA, SALES_NUMBER_ID))).messages.map((m) => m.id)).toContain(plain.body.message.id);
    await running.connector.outbox.drain();
    expect(sent().find((s) => (s.body.text as { body?: string } | undefined)?.body === 'still Sales')?.from).toBe(SALES_NUMBER_ID);

    // Support's thread still replies from Support.
    await customerWrites(running.url, SHEENA_WA_ID, 'support again', { to: SUPPORT_NUMBER_ID });
    await settle();
    await api.send(at(SHEENA, SUPPORT_NUMBER_ID), text('Support here'), nextKey());
    await running.connector.outbox.drain();
    expect(sent().find((s) => (s.body.text as { body?: string } | undefined)?.body === 'Support here')?.from).toBe(SUPPORT_NUMBER_ID);
  });

  test('a photo a customer sends to Sales is fetched from Meta as Sales’s (Meta answers a media id only for the number that received it)', async () => {
    const wamid = await customerSends(running.url, LUCAS_WA_ID, { type: 'image', image: { caption: 'the broken part' } }, { to: SALES_NUMBER_ID });
    await settle();
    const message = await waitFor(async () => {
      const found = (await api.thread(at(LUCAS, SALES_NUMBER_ID))).messages.find((m) => m.wamid === wamid);
      return found?.media?.status === 'ready' || found?.media?.status === 'failed' ? found : null;
    });
    expect(message.media).toMatchObject({ kind: 'image', status: 'ready' });
  });

  test('one file sent from both numbers is uploaded by each (a media id works only for the number that uploaded it)', async () => {
    await customerWrites(running.url, SHEENA_WA_ID, 'send me the catalogue, support', { to: SUPPORT_NUMBER_ID });
    await customerWrites(running.url, SHEENA_WA_ID, 'and the price list, sales', { to: SALES_NUMBER_ID });
    await settle();
    const uploaded = await fetch(`${running.url}/api/media?kind=image`, {
      method: 'POST',
      headers: { ...api.session.headers, 'content-type': 'image/png' },
      body: new Uint8Array(samplePng()),
    });
    const { id } = (await uploaded.json()) as { id: string };
    const sends: number[] = [];
    for (const number of [SUPPORT_NUMBER_ID, SALES_NUMBER_ID, SUPPORT_NUMBER_ID]) {
      const sent = await api.send(at(SHEENA, number), { type: 'image', image: { id } }, nextKey());
      expect(sent.status).toBe(202);
      sends.push(sent.body.message.id);
    }
    const statuses = await waitFor(async () => {
      const rows = await running.connector.db('messages').whereIn('id', sends).orderBy('id');
      return rows.every((r) => ['delivered', 'read', 'failed'].includes(r.status)) ? rows.map((r) => r.status) : null;
    });
    expect(statuses.filter((s) => s === 'failed')).toEqual([]);
    // Sent side by side (one at a time per thread), so in any order: Support's twice, Sales's once, never with Support's media id.
    const atMeta = sent()
      .filter((s) => s.type === 'image' && s.to === SHEENA_WA_ID)
      .slice(-3);
    expect(atMeta.map((s) => s.from).sort()).toEqual([SALES_NUMBER_ID, SUPPORT_NUMBER_ID, SUPPORT_NUMBER_ID].sort());
    const mediaOf = (number: string) => atMeta.filter((s) => s.from === number).map((s) => (s.body.image as { id: string }).id);
    expect(mediaOf(SUPPORT_NUMBER_ID)).not.toContain(mediaOf(SALES_NUMBER_ID)[0]);
  });

  test('an agent starts a conversation with a template from the number they choose', async () => {
    const started = await api.send(at(LUCAS, SALES_NUMBER_ID), helloWorld, nextKey());
    expect(started.status).toBe(202);
    await running.connector.outbox.drain();
    const record = sent().find((s) => s.to === LUCAS_WA_ID && s.type === 'template');
    expect(record?.from).toBe(SALES_NUMBER_ID);
    const thread = await api.thread(at(LUCAS, SALES_NUMBER_ID));
    expect(thread.contact.phoneNumberId).toBe(SALES_NUMBER_ID);
    expect(thread.messages.map((m) => m.id)).toContain(started.body.message.id);
  });

  test('a typed number Meta corrects reaches the customer’s thread on each number it is used from, without a second thread', async () => {
    // Beatriz (seeded as 552187654321, registered before Brazil's ninth digit) is reached by today's 13-digit form from both numbers.
    const typed = '+5521987654321';
    for (const number of [SUPPORT_NUMBER_ID, SALES_NUMBER_ID]) {
      const accepted = await api.send(at(typed, number), helloWorld, nextKey());
      expect(accepted.status).toBe(202);
      await waitFor(async () => (await api.thread(at(typed, number))).contact.waId === '552187654321');
    }
    await running.connector.outbox.idle();
    const support = await api.thread(at(typed, SUPPORT_NUMBER_ID));
    const sales = await api.thread(at(typed, SALES_NUMBER_ID));
    expect([support.contact.phoneNumberId, sales.contact.phoneNumberId]).toEqual([SUPPORT_NUMBER_ID, SALES_NUMBER_ID]);
    expect(support.contact.id).not.toBe(sales.contact.id);
    // The typed number still finds Support's thread after Sales used it: no empty third thread, no merge.
    await api.send(at(typed, SUPPORT_NUMBER_ID), helloWorld, nextKey());
    await running.connector.outbox.idle();
    expect((await api.thread(at(typed, SUPPORT_NUMBER_ID))).contact.id).toBe(support.contact.id);
    const beatriz = await running.connector.db('contacts').where({ wa_id: '552187654321' }).orWhere({ wa_id: '5521987654321' });
    expect(beatriz).toHaveLength(2);
    expect(await running.connector.db('audit_log').where({ action: 'contact.merged' })).toEqual([]);
  });

  test('an idempotency key reused for the same message from another number is a conflict, not a replay of the first', async () => {
    await customerWrites(running.url, SHEENA_WA_ID, 'hello both', { to: SUPPORT_NUMBER_ID });
    await customerWrites(running.url, SHEENA_WA_ID, 'hello both', { to: SALES_NUMBER_ID });
    await settle();
    const key = nextKey();
    const first = await api.send(at(SHEENA, SUPPORT_NUMBER_ID), text('same words'), key);
    expect(first.status).toBe(202);
    expect((await api.send(at(SHEENA, SUPPORT_NUMBER_ID), text('same words'), key)).body.replayed).toBe(true);
    const other = await api.send(at(SHEENA, SALES_NUMBER_ID), text('same words'), key);
    expect(other.status).toBe(409);
    expect(other.body.error?.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  test('a number that is not one of the business’s is refused with what to do, and nothing is stored for it', async () => {
    const before = Number((await running.connector.db('contacts').count<Array<{ n: number }>>({ n: '*' }))[0]!.n);
    const refused = await api.send(at(SHEENA, '999999999999'), text('hi'), nextKey());
    expect(refused.status).toBe(400);
    expect(refused.body.error?.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(refused.body)).toContain('WHATSAPP_PHONE_NUMBERS');
    const opened = await api.call(`/api/contacts/${encodeURIComponent(at(SHEENA, '999999999999'))}/thread`);
    expect(opened.status).toBe(400);
    expect(Number((await running.connector.db('contacts').count<Array<{ n: number }>>({ n: '*' }))[0]!.n)).toBe(before);
  });

  test('the panel reads the numbers threads can be with, the default first, each with its own health', async () => {
    running.connector.accountSync.kick('health');
    await running.connector.accountSync.drain();
    const answer = await api.call<BusinessNumbersResponse>('/api/business-numbers');
    expect(answer.status).toBe(200);
    expect(answer.body.defaultId).toBe(SUPPORT_NUMBER_ID);
    expect(
      answer.body.data.map(({ health, ...n }) => ({ ...n, name: health?.verifiedName, tier: health?.messagingLimit.tier, quality: health?.qualityRating })),
    ).toEqual([
      { id: SUPPORT_NUMBER_ID, displayPhoneNumber: SUPPORT_DISPLAY_NUMBER, label: 'Support', name: 'Lucky Shrub', tier: 'TIER_2K', quality: 'GREEN' },
      { id: SALES_NUMBER_ID, displayPhoneNumber: SALES_DISPLAY_NUMBER, label: 'Sales', name: 'Lucky Shrub Sales', tier: 'TIER_1K', quality: 'GREEN' },
    ]);
    expect((await fetch(`${running.url}/api/business-numbers`)).status).toBe(401);
  });

  test('Meta flagging the Sales number’s quality updates Sales’s health, not Support’s', async () => {
    running.connector.simulator!.management.setNumber({ quality_rating: 'RED' }, SALES_NUMBER_ID);
    const numbers = await waitFor(async () => {
      const { body } = await api.call<BusinessNumbersResponse>('/api/business-numbers');
      return body.data[1]?.health?.qualityRating === 'RED' ? body.data : null;
    });
    expect(numbers[0]!.health?.qualityRating).toBe('GREEN');
    expect((await api.call<{ health: { qualityRating: string } }>('/api/number-health')).body.health.qualityRating).toBe('GREEN');
    running.connector.simulator!.management.setNumber({ quality_rating: 'GREEN' }, SALES_NUMBER_ID);
  });

  test('the simulator answers for each number with Meta’s metadata', async () => {
    const numbers = running.connector.simulator!.numbers;
    expect(numbers).toEqual([
      { id: SUPPORT_NUMBER_ID, displayPhoneNumber: SUPPORT_DISPLAY_NUMBER, label: 'Support' },
      { id: SALES_NUMBER_ID, displayPhoneNumber: SALES_DISPLAY_NUMBER, label: 'Sales' },
    ]);
    expect((await (await fetch(`${running.url}/sandbox/numbers`)).json()).data.map((n: { label: string }) => n.label)).toEqual(['Support', 'Sales']);
    // Each webhook the connector stored names the number it was for, as Meta does.
    const bodies = (await running.connector.db('webhook_inbox').select('body')).map((r) => JSON.parse(r.body as string));
    const metadata = new Set(
      bodies.flatMap((b) =>
        (b.entry ?? []).flatMap((e: { changes: Array<{ value: { metadata?: { phone_number_id: string; display_phone_number: string } } }> }) =>
          // Account-level changes (a number's quality) carry no metadata (Meta's reference §10.6).
          e.changes.flatMap((c) => (c.value.metadata ? [`${c.value.metadata.phone_number_id}/${c.value.metadata.display_phone_number}`] : [])),
        ),
      ),
    );
    expect(metadata).toEqual(new Set([`${SUPPORT_NUMBER_ID}/${SUPPORT_DISPLAY_NUMBER}`, `${SALES_NUMBER_ID}/${SALES_DISPLAY_NUMBER}`]));
  });
});
