/**
 * The team's inbox over the API, on SQLite and PostgreSQL: conversations appear
 * when customers write, wait until an agent answers, are claimed, resolved and
 * snoozed (each change audited and pushed live), and are found by name, number
 * or words of any message.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ConversationPage, ConversationView } from '../../../connector/domain/conversations';
import { advanceClock, ApiClient, customerSends, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { signIn } from '../../support/sign-in';
import { openStream } from '../../support/sse';
import { waitFor } from '../../support/wait';

type ErrorBody = { error: { code: string; details?: Record<string, unknown> } };

describe.each(DB_KINDS)('the inbox on %s', (db) => {
  let running: RunningConnector;
  let ana: ApiClient;
  let ben: ApiClient;
  let anaId: number;
  let benId: number;
  // Each test uses customers of its own; the numbers differ per database only to read logs.
  let n = 0;
  const customer = () => `1555${db === 'sqlite' ? '1' : '2'}00${String(++n).padStart(4, '0')}`;

  const list = async (client: ApiClient, query: string): Promise<ConversationPage> => {
    const { status, body } = await client.call<ConversationPage>(`/api/conversations?${query}`);
    expect(status).toBe(200);
    return body;
  };
  const contactsIn = (page: ConversationPage) => page.data.map((c) => c.contact.phone);
  const act = (client: ApiClient, waId: string, action: string, body?: unknown) =>
    client.call<ConversationView & ErrorBody>(`/api/conversations/${encodeURIComponent(`+${waId}`)}/${action}`, {
      method: 'POST',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const writes = async (waId: string, text: string) => {
    await customerWrites(running.url, waId, text);
    await running.connector.webhooks.idle();
  };
  const auditRows = (action: string, contactPhone: string) =>
    running.connector
      .db('audit_log')
      .join('contacts', 'contacts.id', 'audit_log.contact_id')
      .where({ 'audit_log.action': action, 'contacts.phone': contactPhone })
      .select('audit_log.*');

  beforeAll(async () => {
    running = await startConnector({ db });
    ana = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
    ben = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ben'));
    const { body } = await ana.call<{ data: Array<{ id: number; name: string }> }>('/api/teammates');
    anaId = body.data.find((t) => t.name === 'Ana Souza')!.id;
    benId = body.data.find((t) => t.name === 'Ben Carter')!.id;
  });

  afterAll(async () => {
    await running?.close();
  });

  test("a customer's first message makes an unassigned conversation, waiting since that message", async () => {
    const waId = customer();
    const before = await list(ana, 'view=unassigned');
    await writes(waId, 'Where is my order?');
    const after = await list(ana, 'view=unassigned');
    const row = after.data.find((c) => c.contact.waId === waId)!;
    expect(row).toMatchObject({ state: 'open', owner: null, unread: 1, lastMessage: { direction: 'in', text: 'Where is my order?' } });
    expect(row.waitingSince).toBe(row.lastMessage!.at);
    expect(after.counts.unassigned).toBe(before.counts.unassigned + 1);
  });

  test("an agent's reply ends the wait, and the conversation shows the reply", async () => {
    const waId = customer();
    await writes(waId, 'Hello?');
    const { status } = await ana.send(`+${waId}`, { type: 'text', text: { body: 'Hi, Ana here.' } }, `inbox-reply-${waId}`);
    expect(status).toBe(202);
    const { body } = await ana.call<ConversationView>(`/api/conversations/${encodeURIComponent(`+${waId}`)}`);
    expect(body.waitingSince).toBeNull();
    expect(body.lastMessage).toMatchObject({ direction: 'out', text: 'Hi, Ana here.' });
    // Answering does not take the conversation: claiming is its own, audited act.
    expect(body.owner).toBeNull();
  });

  test('a conversation an agent starts is theirs from the start', async () => {
    const waId = customer();
    const { status } = await ben.send(`+${waId}`, { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }, `inbox-start-${waId}`);
    expect(status).toBe(202);
    const mine = await list(ben, 'view=mine');
    expect(mine.data.find((c) => c.contact.waId === waId)).toMatchObject({ owner: { id: benId, name: 'Ben Carter' }, waitingSince: null });
  });

  test('Ben claims a conversation: it leaves Unassigned, is in his Mine, and the trail says who did it', async () => {
    const waId = customer();
    await writes(waId, 'Can someone help?');
    const claimed = await act(ben, waId, 'assign', { teammateId: benId });
    expect(claimed.status).toBe(200);
    expect(claimed.body.owner).toEqual({ id: benId, name: 'Ben Carter' });

    expect(contactsIn(await list(ana, 'view=unassigned'))).not.toContain(`+${waId}`);
    expect(contactsIn(await list(ana, 'view=all'))).toContain(`+${waId}`);
    expect(contactsIn(await list(ana, 'view=mine'))).not.toContain(`+${waId}`);
    expect(contactsIn(await list(ben, 'view=mine'))).toContain(`+${waId}`);

    const rows = await auditRows('conversation.assigned', `+${waId}`);
    expect(rows).toHaveLength(1);
    expect(rows[0].teammate_id).toBe(benId);
    expect(JSON.parse(rows[0].details)).toMatchObject({ from: null, to: benId });

    // Assigning to the owner again changes nothing and writes nothing.
    expect((await act(ben, waId, 'assign', { teammateId: benId })).status).toBe(200);
    expect(await auditRows('conversation.assigned', `+${waId}`)).toHaveLength(1);

    // Ana hands it back to the queue.
    expect((await act(ana, waId, 'assign', { teammateId: null })).body.owner).toBeNull();
    expect(contactsIn(await list(ana, 'view=unassigned'))).toContain(`+${waId}`);
  });

  test('assigning to a teammate who does not exist is refused, and nothing changes', async () => {
    const waId = customer();
    await writes(waId, 'Hi');
    const refused = await act(ana, waId, 'assign', { teammateId: 999_999 });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'teammateId' } });
    expect((await act(ana, waId, 'assign', { teammateId: 'ben' })).status).toBe(400);
    expect(await auditRows('conversation.assigned', `+${waId}`)).toHaveLength(0);
    expect(contactsIn(await list(ana, 'view=unassigned'))).toContain(`+${waId}`);
  });

  test('a resolved conversation leaves the queues and opens again when the customer writes, with its owner', async () => {
    const waId = customer();
    await writes(waId, 'Thanks, that is all');
    await act(ana, waId, 'assign', { teammateId: anaId });
    const resolved = await act(ana, waId, 'resolve');
    expect(resolved.body.state).toBe('resolved');
    expect(contactsIn(await list(ana, 'view=all'))).not.toContain(`+${waId}`);
    expect(contactsIn(await list(ana, 'view=resolved'))).toContain(`+${waId}`);
    expect(await auditRows('conversation.resolved', `+${waId}`)).toHaveLength(1);

    await writes(waId, 'Actually, one more thing');
    const { body } = await ana.call<ConversationView>(`/api/conversations/${encodeURIComponent(`+${waId}`)}`);
    expect(body).toMatchObject({ state: 'open', owner: { id: anaId } });
    expect(contactsIn(await list(ana, 'view=mine'))).toContain(`+${waId}`);
    expect(contactsIn(await list(ana, 'view=resolved'))).not.toContain(`+${waId}`);
  });

  test('a snoozed conversation comes back to the queue by itself when its time comes', async () => {
    const waId = customer();
    await writes(waId, 'Call me tomorrow');
    const now = (await list(ana, 'view=all')).serverNow;
    const snoozed = await act(ana, waId, 'snooze', { until: now + 3_600_000 });
    expect(snoozed.body).toMatchObject({ state: 'snoozed', snoozedUntil: now + 3_600_000 });
    expect(contactsIn(await list(ana, 'view=unassigned'))).not.toContain(`+${waId}`);
    expect(JSON.parse((await auditRows('conversation.snoozed', `+${waId}`))[0].details)).toMatchObject({ until: now + 3_600_000 });

    await advanceClock(running.url, 3601);
    expect(contactsIn(await list(ana, 'view=unassigned'))).toContain(`+${waId}`);
  });

  test('a snooze into the past, or in a form that is not a time, is refused with the field named', async () => {
    const waId = customer();
    await writes(waId, 'Hi');
    const now = (await list(ana, 'view=all')).serverNow;
    const past = await act(ana, waId, 'snooze', { until: now - 1 });
    expect(past.status).toBe(400);
    expect(past.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'until' } });
    expect((await act(ana, waId, 'snooze', { until: 'tomorrow' })).status).toBe(400);
    expect(await auditRows('conversation.snoozed', `+${waId}`)).toHaveLength(0);
  });

  test('each teammate has their own unread count, which drops when they read the thread', async () => {
    const waId = customer();
    await writes(waId, 'one');
    await writes(waId, 'two');
    const unread = async (client: ApiClient) => (await client.call<ConversationView>(`/api/conversations/${encodeURIComponent(`+${waId}`)}`)).body.unread;
    expect(await unread(ana)).toBe(2);
    expect(await unread(ben)).toBe(2);
    expect((await ana.call(`/api/contacts/${encodeURIComponent(`+${waId}`)}/read`, { method: 'POST' })).status).toBe(204);
    expect(await unread(ana)).toBe(0);
    expect(await unread(ben)).toBe(2);
    await writes(waId, 'three');
    expect(await unread(ana)).toBe(1);
  });

  test('the longest-waiting customer comes first, and pages cover every conversation exactly once', async () => {
    const first = customer();
    const second = customer();
    await writes(first, 'I wrote first');
    await advanceClock(running.url, 60);
    await writes(second, 'I wrote second');
    const waiting = (await list(ana, 'view=all&order=waiting')).data.filter((c) => c.waitingSince !== null);
    const at = (waId: string) => waiting.findIndex((c) => c.contact.waId === waId);
    expect(at(first)).toBeGreaterThanOrEqual(0);
    expect(at(first)).toBeLessThan(at(second));
    expect(waiting.map((c) => c.waitingSince)).toEqual(waiting.map((c) => c.waitingSince).sort((a, b) => a! - b!));

    const everything = await list(ana, 'view=all&limit=200');
    for (const order of ['waiting', 'activity']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: ConversationPage = await list(ana, `view=all&order=${order}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...contactsIn(page).map(String));
        cursor = page.next;
      } while (cursor);
      expect(seen).toHaveLength(everything.counts.all);
      expect(new Set(seen).size).toBe(seen.length);
    }
    expect((await ana.call<ErrorBody>('/api/conversations?cursor=nonsense')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await ana.call<ErrorBody>('/api/conversations?view=everything')).status).toBe(400);
  });

  test("finds conversations by the customer's name, by part of the number, and by words of any message", async () => {
    const waId = customer();
    await customerSends(running.url, waId, {
      type: 'text',
      text: { body: 'My parcel tracking says delivered but nothing arrived' },
      profileName: 'Marisol Quintero',
    });
    await writes(waId, 'ok');

    const found = async (q: string) => contactsIn(await list(ana, `view=all&q=${encodeURIComponent(q)}`));
    expect(await found('marisol')).toContain(`+${waId}`);
    expect(await found('Quint')).toContain(`+${waId}`);
    expect(await found(waId.slice(-7))).toContain(`+${waId}`);
    expect(await found('parcel arriv')).toContain(`+${waId}`);
    expect(await found('TRACKING')).toContain(`+${waId}`);
    expect(await found('parcel elephant')).not.toContain(`+${waId}`);
    // Accents and capitals do not matter, on either database.
    const other = customer();
    await customerSends(running.url, other, { type: 'text', text: { body: 'Pedí un CAFÉ con leche' }, profileName: 'Ángela Núñez' });
    await running.connector.webhooks.idle();
    for (const q of ['angela', 'ÁNGELA', 'nunez', 'Núñez', 'cafe', 'café leche', 'pedi']) expect(await found(q), q).toContain(`+${other}`);
    // Search syntax in the query is just words, never an error.
    expect((await ana.call(`/api/conversations?q=${encodeURIComponent('"parcel" OR * NEAR(')}`)).status).toBe(200);
  });

  test('an open inbox is told at once about a new conversation and about who claimed it', async () => {
    const waId = customer();
    // The page says where the stream resumes: a customer who writes between the two is not lost.
    const start = await list(ana, 'view=unassigned');
    expect(start.lastEventId).toBeGreaterThan(0);
    await writes(waId, 'Anyone there?');
    const stream = openStream(`${running.url}/api/conversations/events`, { ...ana.session.headers, 'last-event-id': String(start.lastEventId) });
    expect(await stream.status).toBe(200);
    const about = () =>
      stream.events
        .filter((e) => e.event === 'conversation' && (e.data.conversation as ConversationView).contact.waId === waId)
        .map((e) => e.data.conversation as ConversationView);
    await waitFor(() => about().length > 0, { what: 'the new conversation' });
    expect(about()[0]).toMatchObject({ owner: null, lastMessage: { text: 'Anyone there?' } });
    // Other customers' messages are not sent to the inbox: only their conversations.
    expect(stream.events.some((e) => e.event === 'message')).toBe(false);

    await act(ben, waId, 'assign', { teammateId: benId });
    await waitFor(() => about().some((c) => c.owner?.id === benId), { what: "Ben's claim" });
    stream.close();
  });

  test('a customer who never wrote reads as open and unassigned, and is not put in the queue by being looked at', async () => {
    const waId = customer();
    await ana.thread(`+${waId}`);
    const { status, body } = await ana.call<ConversationView>(`/api/conversations/${encodeURIComponent(`+${waId}`)}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ contact: { waId }, state: 'open', owner: null, waitingSince: null, lastMessage: null, unread: 0 });
    expect(contactsIn(await list(ana, 'view=all&limit=200'))).not.toContain(`+${waId}`);
    // Claiming it is what makes it a conversation: Ana's, before the customer has written.
    expect((await act(ana, waId, 'assign', { teammateId: anaId })).body.owner).toEqual({ id: anaId, name: 'Ana Souza' });
    expect(contactsIn(await list(ana, 'view=mine&limit=200'))).toContain(`+${waId}`);
    // Asked before the thread (a panel loads both at once), a new number answers the same.
    const first = customer();
    expect((await ana.call<ConversationView>(`/api/conversations/${encodeURIComponent(`+${first}`)}`)).body).toMatchObject({
      contact: { waId: first },
      state: 'open',
      owner: null,
    });
    expect((await ana.call<ErrorBody>(`/api/conversations/${encodeURIComponent('US.99999999999999999999')}`)).status).toBe(404);
  });

  test('refuses anyone not signed in', async () => {
    expect((await fetch(`${running.url}/api/conversations`)).status).toBe(401);
    expect((await fetch(`${running.url}/api/conversations/%2B15550000001/resolve`, { method: 'POST' })).status).toBe(401);
  });
});
