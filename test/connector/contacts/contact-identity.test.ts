/**
 * One person, one thread, through the real connector and the Cloud API
 * simulator on SQLite and PostgreSQL: numbers typed without a country code,
 * the `wa_id` Meta answers a send with (Brazil's ninth digit, Mexico's "1"),
 * and a `wa_id` and a business-scoped user id named together.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';
import { openStream } from '../../support/sse';
import { postWebhook, sandboxWebhook } from '../../support/webhooks';
import { LUCAS, LUCAS_WA_ID } from '../../support/fixtures';

const helloWorld = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
const text = (body: string) => ({ type: 'text', text: { body } });

describe.each(DB_KINDS)('one person, one thread on %s', (kind) => {
  let running: RunningConnector;
  let api: ApiClient;
  const sent = () => running.connector.simulator!.sent;
  const audit = (action: string) => running.connector.db('audit_log').where({ action }).orderBy('id');

  beforeAll(async () => {
    running = await startConnector({ db: kind, env: { DEFAULT_PHONE_COUNTRY: 'BR' } });
    api = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  });

  afterAll(async () => {
    await running?.close();
  });

  test('a number typed without a country code is read as a number of DEFAULT_PHONE_COUNTRY, the same contact as its international form', async () => {
    const typed = await api.thread('(11) 98765-4321');
    const international = await api.thread('+55 11 98765-4321');
    expect(typed.contact).toMatchObject({ phone: LUCAS, waId: LUCAS_WA_ID });
    expect(typed.contact.id).toBe(international.contact.id);
    const nonsense = await api.call<{ error: { code: string } }>('/api/contacts/12/thread');
    expect(nonsense.status).toBe(400);
    expect(nonsense.body.error.code).toBe('INVALID_PHONE');
  });

  test("Meta's wa_id for a number registered before Brazil's ninth digit becomes the contact's id; the typed number finds the same thread", async () => {
    // Beatriz (seeded in the simulator as 552187654321) has never written: the agent types today's 13-digit form.
    const accepted = await api.send('+55 21 98765-4321', helloWorld, 'ninth-digit-1');
    expect(accepted.status).toBe(202);
    const id = accepted.body.message.id;
    // Looked up by the typed number only: opening Meta's number first would make it a contact of its own.
    const contact = await waitFor(async () => {
      const thread = await api.thread('+5521987654321');
      return thread.contact.waId === '552187654321' && thread.contact;
    });
    expect(contact).toMatchObject({ waId: '552187654321', phone: '+552187654321' });
    expect(sent().find((s) => s.body.to === '+5521987654321')?.to).toBe('552187654321');
    // The typed number is remembered: the agent's next look finds the same contact and message.
    const again = await api.thread('+5521987654321');
    expect(again.contact.id).toBe(contact.id);
    expect(again.messages.map((m) => m.id)).toContain(id);
    expect(await audit('contact.number_confirmed')).toEqual([expect.objectContaining({ contact_id: contact.id })]);
    // The customer's reply, under Meta's id, lands in that same thread and opens the window there.
    await customerWrites(running.url, '552187654321', 'Oi! Recebi.');
    const replied = await waitFor(async () => {
      const thread = await api.thread('+5521987654321');
      return thread.messages.some((m) => m.direction === 'in') && thread;
    });
    expect(replied.contact.id).toBe(contact.id);
    expect(replied.messages.map((m) => m.direction)).toEqual(['out', 'in']);
  });

  test("a send Meta answers with the id of a customer already known (Mexico's 1) joins that customer's thread, moved and audited", async () => {
    await customerWrites(running.url, '5215512345678', 'Hola, ¿tienen envío?');
    const existing = await waitFor(async () => {
      const thread = await api.thread('+5215512345678');
      return thread.messages.length === 1 && thread;
    });
    // The agent types the number as Mexicans write it since 2019, without the 1: a second contact, for now.
    const typed = await api.thread('+52 55 1234 5678');
    expect(typed.contact.id).not.toBe(existing.contact.id);
    // The panel open on the typed number keeps its stream across the merge.
    const stream = openStream(`${running.url}/api/contacts/${encodeURIComponent('+525512345678')}/events`, {
      ...api.session.headers,
      'last-event-id': String(typed.lastEventId),
    });
    // Until Meta names the customer, the typed number is a customer who never wrote: free text waits for a template.
    const refused = await api.send('+525512345678', text('¡Sí! Enviamos a todo México.'), 'mexico-1');
    expect(refused.body.error?.code).toBe('WINDOW_CLOSED');
    const template = await api.send('+525512345678', helloWorld, 'mexico-2');
    expect(template.status).toBe(202);
    const merged = await waitFor(async () => {
      const thread = await api.thread('+5215512345678');
      return thread.messages.some((m) => m.id === template.body.message.id) && thread;
    });
    expect(merged.contact.id).toBe(existing.contact.id);
    expect(merged.messages.filter((m) => m.direction === 'in')).toHaveLength(1);
    // The stream said where the thread went, then went on with the customer's events: the template's ticks.
    const read = await waitFor(() =>
      stream.events.find(
        (e) =>
          e.event === 'message' &&
          (e.data.message as { id: number; status: string }).id === template.body.message.id &&
          (e.data.message as { status: string }).status === 'read',
      ),
    );
    stream.close();
    const mergeEvent = stream.events.findIndex((e) => e.event === 'contact' && (e.data.contact as { mergedInto?: number }).mergedInto === existing.contact.id);
    expect(mergeEvent).toBeGreaterThanOrEqual(0);
    expect(stream.events.indexOf(read)).toBeGreaterThan(mergeEvent);
    // Both forms now open the customer's one thread.
    expect((await api.thread('+525512345678')).contact.id).toBe(existing.contact.id);
    const rows = await audit('contact.merged');
    expect(rows.at(-1)).toMatchObject({ contact_id: existing.contact.id });
    expect(JSON.parse(rows.at(-1)!.details)).toMatchObject({
      reason: 'send_response',
      from: { id: typed.contact.id, waId: '525512345678' },
      into: { id: existing.contact.id, waId: '5215512345678' },
    });
    // Free text now goes: the window is the customer's.
    const reply = await api.send('+525512345678', text('¿Algo más?'), 'mexico-3');
    expect(reply.status).toBe(202);
  });

  test('a wa_id and a business-scoped user id named together link two contacts into one, keeping username and parent id', async () => {
    const userId = 'BR.1502576394655843';
    const wamid = (n: number) => `wamid.link-${kind}-${n}`;
    const at = () => String(Math.floor(Date.now() / 1000));
    // First seen only by the BSUID (the number hidden behind a username), then by the number alone.
    await postWebhook(
      running.url,
      sandboxWebhook({
        contacts: [{ profile: { name: 'Rafa', username: '@rafa.lima' }, user_id: userId }],
        messages: [{ from_user_id: userId, id: wamid(1), timestamp: at(), type: 'text', text: { body: 'oi, sou eu' } }],
      }),
    );
    await customerWrites(running.url, '5531987650000', 'oi de novo');
    const byNumber = await waitFor(async () => {
      const thread = await api.thread('+5531987650000');
      return thread.messages.length === 1 && thread;
    });
    const byUserId = await waitFor(async () => {
      const thread = await api.thread(userId);
      return thread.messages.length === 1 && thread;
    });
    expect(byUserId.contact.id).not.toBe(byNumber.contact.id);
    // Then a message names both: the same person, one contact.
    await postWebhook(
      running.url,
      sandboxWebhook({
        contacts: [
          { profile: { name: 'Rafa Lima', username: '@rafa.lima' }, wa_id: '5531987650000', user_id: userId, parent_user_id: 'BR.ENT.11815799212886844830' },
        ],
        messages: [{ from: '5531987650000', from_user_id: userId, id: wamid(2), timestamp: at(), type: 'text', text: { body: 'agora com número' } }],
      }),
    );
    const one = await waitFor(async () => {
      const thread = await api.thread(userId);
      return thread.messages.length === 3 && thread;
    });
    expect(one.contact).toMatchObject({
      id: byNumber.contact.id,
      waId: '5531987650000',
      userId,
      username: '@rafa.lima',
      parentUserId: 'BR.ENT.11815799212886844830',
      name: 'Rafa Lima',
    });
    expect((await api.thread('+5531987650000')).messages).toHaveLength(3);
    const merged = (await audit('contact.merged')).map((r) => JSON.parse(r.details));
    expect(merged).toContainEqual(
      expect.objectContaining({ reason: 'ids_linked', from: expect.objectContaining({ id: byUserId.contact.id, userId }), messagesMoved: 1 }),
    );
  });

  test("a status naming the recipient's wa_id and user id links the user id to the contact", async () => {
    await customerWrites(running.url, '5541987651111', 'olá');
    await waitFor(async () => (await api.thread('+5541987651111')).messages.length === 1);
    const accepted = await api.send('+5541987651111', text('Olá!'), 'status-link-1');
    const wamid = await waitFor(async () => (await api.thread('+5541987651111')).messages.find((m) => m.id === accepted.body.message.id)?.wamid);
    await postWebhook(
      running.url,
      sandboxWebhook({
        statuses: [
          {
            id: wamid,
            status: 'read',
            timestamp: String(Math.floor(Date.now() / 1000) + 5),
            recipient_id: '5541987651111',
            recipient_user_id: 'BR.7700123456789',
            recipient_parent_user_id: 'BR.ENT.7700123456000',
          },
        ],
      }),
    );
    const linked = await waitFor(async () => {
      const thread = await api.thread('BR.7700123456789');
      return thread.contact.waId === '5541987651111' && thread;
    });
    expect(linked.contact).toMatchObject({ userId: 'BR.7700123456789', parentUserId: 'BR.ENT.7700123456000' });
  });
});
