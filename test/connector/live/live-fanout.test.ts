/**
 * Live streams fed by the instance's one tailer, on SQLite and PostgreSQL:
 * every stream gets exactly the events it shows (its contact's, the inbox's,
 * those for everyone), in order, none missing or repeated; a stream that comes
 * back with Last-Event-ID after the tailer moved on catches up and goes on; a
 * stream whose reader stopped reading is dropped before it holds much memory
 * and resumes where it stopped; streams whose session ended are told.
 */
import { connect } from 'node:net';
import { createParser } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sha256Hex } from '../../../connector/auth/secrets';
import { lastEventId, type FeedFilter } from '../../../connector/store/events';
import { ApiClient } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { expectedIds, random, receivedIds, writeEvents, type EventSpec } from '../../support/live-feed';
import { postJson, signIn, type SignedIn } from '../../support/sign-in';
import { openStream } from '../../support/sse';
import { waitFor } from '../../support/wait';

const PHONES = Array.from({ length: 6 }, (_, i) => `+1650555${String(4100 + i)}`);
const BUFFER_LIMIT = 64 * 1024;

describe.each(DB_KINDS)('live streams on %s', (kind) => {
  let running: RunningConnector;
  let ana: SignedIn;
  let api: ApiClient;
  const contactIds = new Map<string, number>();

  const eventsUrl = (phone: string) => `${running.url}/api/contacts/${encodeURIComponent(phone)}/events`;
  const inboxUrl = () => `${running.url}/api/conversations/events`;
  const db = () => running.connector.db;

  /** Wakes the tailer as a writer of this instance would, and waits until it has handed on everything written. */
  async function tailerCaughtUp(): Promise<number> {
    const head = await lastEventId(db());
    const { tailer } = running.connector.live;
    await waitFor(
      async () => {
        await tailer.drain();
        return (tailer.released ?? -1) >= head;
      },
      { what: 'the tailer to hand on every event written' },
    );
    return head;
  }

  beforeAll(async () => {
    running = await startConnector({
      db: kind,
      env: { RATE_LIMIT_STREAMS_PER_TOKEN: '0' },
      connector: { live: { bufferLimitBytes: BUFFER_LIMIT, stallMs: 1_000, heartbeatMs: 300 } },
    });
    ana = await signIn(running.url, running.demoUrl, 'ana');
    api = new ApiClient(running.url, ana);
    for (const phone of PHONES) contactIds.set(phone, (await api.thread(phone)).contact.id);
  }, 60_000);

  afterAll(async () => {
    await running?.close();
  });

  test('every stream gets exactly the events it shows, in order, none missing or repeated', async () => {
    const resumeFrom = (await api.thread(PHONES[0]!)).lastEventId;
    const streams: Array<{ filter: FeedFilter; after: number; stream: ReturnType<typeof openStream> }> = [];
    // Half resume from a thread's lastEventId, half start from now (once the tailer has caught up, so "now" is known).
    for (const phone of PHONES)
      streams.push({
        filter: { contactId: contactIds.get(phone)! },
        after: resumeFrom,
        stream: openStream(eventsUrl(phone), { ...ana.headers, 'last-event-id': String(resumeFrom) }),
      });
    streams.push({ filter: { inbox: true }, after: resumeFrom, stream: openStream(inboxUrl(), { ...ana.headers, 'last-event-id': String(resumeFrom) }) });
    const now = await tailerCaughtUp();
    for (const phone of PHONES) streams.push({ filter: { contactId: contactIds.get(phone)! }, after: now, stream: openStream(eventsUrl(phone), ana.headers) });
    streams.push({ filter: { inbox: true }, after: now, stream: openStream(inboxUrl(), ana.headers) });
    for (const { stream } of streams) expect(await stream.status).toBe(200);

    const next = random(17);
    const specs: EventSpec[] = Array.from({ length: 240 }, () => {
      const pick = next();
      if (pick < 0.05) return { contactId: null, type: 'clock' };
      return { contactId: contactIds.get(PHONES[Math.floor(next() * PHONES.length)]!)!, type: pick < 0.4 ? 'conversation' : 'message' };
    });
    await writeEvents(db(), specs, { concurrency: 8, holdMs: 15 });
    await tailerCaughtUp();

    for (const { filter, after, stream } of streams) {
      const expected = await expectedIds(db(), filter, after);
      await waitFor(() => receivedIds(stream.events).at(-1) === expected.at(-1), { what: `the last event for ${JSON.stringify(filter)}` });
      expect(receivedIds(stream.events)).toEqual(expected);
      stream.close();
    }
  });

  test('a stream back with Last-Event-ID after the tailer moved on gets what it missed (more than one read), then goes on live', async () => {
    const phone = PHONES[1]!;
    const contactId = contactIds.get(phone)!;
    const first = openStream(eventsUrl(phone), ana.headers);
    expect(await first.status).toBe(200);
    await writeEvents(db(), [
      { contactId, type: 'message' },
      { contactId, type: 'message' },
    ]);
    await tailerCaughtUp();
    await waitFor(() => receivedIds(first.events).length === 2);
    const lastSeen = receivedIds(first.events).at(-1)!;
    first.close();

    // While the panel is away, more than a catch-up read's worth of events (500) goes by, and the tailer hands them on to nobody.
    await writeEvents(
      db(),
      Array.from({ length: 620 }, (_, i) => ({ contactId: i % 3 ? contactId : contactIds.get(PHONES[2]!)!, type: 'message' as const })),
      { concurrency: 4 },
    );
    await tailerCaughtUp();

    const back = openStream(eventsUrl(phone), { ...ana.headers, 'last-event-id': String(lastSeen) });
    expect(await back.status).toBe(200);
    await writeEvents(db(), [{ contactId, type: 'message' }]);
    await tailerCaughtUp();
    const expected = await expectedIds(db(), { contactId }, lastSeen);
    expect(expected.length).toBeGreaterThan(400);
    await waitFor(() => receivedIds(back.events).at(-1) === expected.at(-1), { what: 'the catch-up and the live event after it' });
    expect(receivedIds(back.events)).toEqual(expected);
    back.close();
  });

  test("a thread's stream follows its customer into the contact it was merged into, live and while catching up", async () => {
    const fromPhone = '+16505554190';
    const from = (await api.thread(fromPhone)).contact.id;
    const into = (await api.thread('+16505554191')).contact.id;
    const start = await tailerCaughtUp();
    const live = openStream(eventsUrl(fromPhone), { ...ana.headers, 'last-event-id': String(start) });
    expect(await live.status).toBe(200);

    const before = await writeEvents(db(), [
      { contactId: into, type: 'message' },
      { contactId: from, type: 'message' },
    ]);
    const payload = JSON.stringify({ type: 'contact', contact: { id: from, mergedInto: into } });
    const [merge] = await db()('events').insert({ contact_id: from, type: 'contact', payload, created_at: Date.now() }).returning('id');
    const after = await writeEvents(db(), [
      { contactId: into, type: 'message' },
      { contactId: from, type: 'message' },
      { contactId: into, type: 'message' },
    ]);
    await tailerCaughtUp();
    const written = new Set([...before, Number(merge.id ?? merge), ...after]);
    // The merged contact's own events up to the merge, the merge, then the survivor's.
    const expected = [before[1], Number(merge.id ?? merge), after[0], after[2]];
    const ours = (events: Array<{ id: number }>) => receivedIds(events).filter((id) => written.has(id));
    await waitFor(() => ours(live.events).at(-1) === after[2], { what: "the survivor's events on the live stream" });
    expect(ours(live.events)).toEqual(expected);
    live.close();

    const catchingUp = openStream(eventsUrl(fromPhone), { ...ana.headers, 'last-event-id': String(start) });
    const [next] = await writeEvents(db(), [{ contactId: into, type: 'message' }]);
    await tailerCaughtUp();
    await waitFor(() => ours(catchingUp.events).length === expected.length && receivedIds(catchingUp.events).includes(next!), {
      what: 'the catch-up across the merge, then live',
    });
    expect(ours(catchingUp.events)).toEqual(expected);
    catchingUp.close();
  });

  test('a stream whose reader stopped reading is dropped after a bounded backlog; it resumes from its last event with nothing lost', async () => {
    const phone = PHONES[3]!;
    const contactId = contactIds.get(phone)!;
    const start = await tailerCaughtUp();
    const healthy = openStream(eventsUrl(phone), { ...ana.headers, 'last-event-id': String(start) });
    expect(await healthy.status).toBe(200);
    const before = running.connector.live.streams.size;
    const stalled = openUnread(eventsUrl(phone), { ...ana.headers, 'last-event-id': String(start) });
    await stalled.response;
    await waitFor(() => running.connector.live.streams.size === before + 1, { what: 'the stalled stream to be open' });

    // Big events until the stalled stream is dropped: the kernel's socket buffers fill first, then this process's.
    for (let round = 0; running.connector.live.streams.size > before; round++) {
      if (round === 150) throw new Error('the stalled stream was never dropped');
      // Each round's burst (128 KiB) is more than the limit, which a reader keeping up drains at once.
      const written = await writeEvents(
        db(),
        Array.from({ length: 8 }, () => ({ contactId, type: 'message' as const, bytes: 16_384 })),
      );
      await tailerCaughtUp();
      await waitFor(() => receivedIds(healthy.events).includes(written.at(-1)!), { what: 'the healthy stream to keep up' });
    }

    // The healthy stream on the same contact was not touched.
    const all = await expectedIds(db(), { contactId }, start);
    expect(receivedIds(healthy.events)).toEqual(all);

    // The panel reads what reached it, then reconnects from the last whole event and gets the rest.
    const got = receivedIds(await stalled.readToEnd());
    expect(got).toEqual(all.slice(0, got.length));
    const lastSeen = got.at(-1) ?? start;
    const resumed = openStream(eventsUrl(phone), { ...ana.headers, 'last-event-id': String(lastSeen) });
    await waitFor(() => receivedIds(resumed.events).at(-1) === all.at(-1), { what: 'the resumed stream to catch up' });
    expect(receivedIds(resumed.events)).toEqual(all.slice(got.length));
    healthy.close();
    resumed.close();
  });

  test("signing out ends every stream of that session at once; another teammate's streams go on", async () => {
    const phone = PHONES[4]!;
    const contactId = contactIds.get(phone)!;
    const ben = await signIn(running.url, running.demoUrl, 'ben');
    const bens = [openStream(eventsUrl(phone), ben.headers), openStream(inboxUrl(), ben.headers)];
    const anas = openStream(eventsUrl(phone), ana.headers);
    for (const s of [...bens, anas]) expect(await s.status).toBe(200);

    const out = await postJson(`${running.url}/auth/logout`, {}, ben.headers);
    expect(out.status).toBe(200);
    for (const s of bens) {
      const signedOut = await waitFor(() => s.events.find((e) => e.event === 'signed-out'), { timeout: 5_000, what: "ben's signed-out event" });
      expect(signedOut.data).toEqual({ code: 'UNAUTHENTICATED' });
    }
    const [id] = await writeEvents(db(), [{ contactId, type: 'message' }]);
    await tailerCaughtUp();
    await waitFor(() => receivedIds(anas.events).includes(id!), { what: "ana's stream to go on" });
    for (const s of bens) {
      expect(s.events.filter((e) => e.event === 'signed-out')).toHaveLength(1);
      expect(receivedIds(s.events)).not.toContain(id);
    }
    anas.close();
  });

  test('a session ended with no event to say so (expired, ended elsewhere) ends its streams at the next heartbeat', async () => {
    const ben = await signIn(running.url, running.demoUrl, 'ben');
    const stream = openStream(eventsUrl(PHONES[5]!), ben.headers);
    expect(await stream.status).toBe(200);
    const token = await db()('access_tokens')
      .where({ token_hash: sha256Hex(ben.token) })
      .first();
    await db()('auth_sessions').where({ id: token.session_id }).update({ ended_at: Date.now(), end_reason: 'expired' });
    const signedOut = await waitFor(() => stream.events.find((e) => e.event === 'signed-out'), { what: 'the signed-out event at the heartbeat' });
    expect(signedOut.data).toEqual({ code: 'UNAUTHENTICATED' });
  });
});

/**
 * A stream whose reader reads nothing until told: a raw socket, paused once the
 * answer's head arrived, so the kernel's buffers fill and then the connector's.
 * HTTP/1.0, so the body is the SSE text itself, up to the connection's end.
 */
function openUnread(url: string, headers: Record<string, string>): { response: Promise<void>; readToEnd(): Promise<Array<{ id: number }>> } {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname === 'localhost' ? '127.0.0.1' : hostname);
  const lines = Object.entries({ accept: 'text/event-stream', ...headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.write(`GET ${pathname} HTTP/1.0\r\nhost: ${hostname}:${port}\r\n${lines}\r\n`);
  let text = '';
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  const response = waitFor(() => text.includes('\r\n\r\n'), { what: 'the stream to answer' }).then(() => {
    socket.pause();
    if (!text.startsWith('HTTP/1.1 200')) throw new Error(`the stream answered ${text.slice(0, 40)}`);
  });
  return {
    response,
    async readToEnd() {
      socket.resume();
      await ended;
      const events: Array<{ id: number }> = [];
      const parser = createParser({ onEvent: (m) => events.push({ id: Number(m.id) }) });
      parser.feed(text.slice(text.indexOf('\r\n\r\n') + 4));
      return events;
    },
  };
}
