/**
 * Live streams on two connector instances sharing one PostgreSQL database,
 * with the events written by a third writer (as another instance would): each
 * instance hears the commits through LISTEN, and every stream on either gets
 * exactly its events, in id order, even when a later id commits first.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type Db } from '../../../connector/store/db';
import type { FeedFilter } from '../../../connector/store/events';
import type { Executor } from '../../../connector/store/rows';
import { ApiClient } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { createTestDatabase, type TestDatabase } from '../../support/databases';
import { expectedIds, random, receivedIds, writeEvents, type EventSpec } from '../../support/live-feed';
import { signIn, type SignedIn } from '../../support/sign-in';
import { openStream } from '../../support/sse';
import { waitFor } from '../../support/wait';

const ORIGIN = 'http://crm.test';
const PHONES = Array.from({ length: 4 }, (_, i) => `+1650555${String(4200 + i)}`);

let database: TestDatabase;
let writer: Db;
let a: RunningConnector;
let b: RunningConnector;
let session: SignedIn;
const contactIds = new Map<string, number>();

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  const env = { ALLOWED_ORIGINS: ORIGIN, SESSION_SECRET: 'a-shared-session-secret-of-32-characters!', RATE_LIMIT_STREAMS_PER_TOKEN: '0' };
  a = await startConnector({ database, env });
  b = await startConnector({ database, env });
  writer = openDatabase(database.config);
  session = await signIn(a.url, ORIGIN);
  const api = new ApiClient(a.url, session);
  for (const phone of PHONES) contactIds.set(phone, (await api.thread(phone)).contact.id);
}, 60_000);

afterAll(async () => {
  await writer?.destroy();
  await a?.close();
  await b?.close();
  await database?.drop();
});

const eventsUrl = (running: RunningConnector, phone: string) => `${running.url}/api/contacts/${encodeURIComponent(phone)}/events`;

async function insertEvent(db: Executor, contactId: number): Promise<number> {
  const [row] = await db('events')
    .insert({ contact_id: contactId, type: 'message', payload: JSON.stringify({ type: 'message' }), created_at: Date.now() })
    .returning('id');
  return Number(row.id);
}

describe('two instances on one PostgreSQL database', () => {
  test('a later id committed first is held back on both instances until the earlier one commits, then both arrive in order', async () => {
    const phone = PHONES[0]!;
    const contactId = contactIds.get(phone)!;
    const start = (await new ApiClient(a.url, session).thread(phone)).lastEventId;
    const streams = [a, b].map((running) => openStream(eventsUrl(running, phone), { ...session.headers, 'last-event-id': String(start) }));
    for (const s of streams) expect(await s.status).toBe(200);

    const earlier = await writer.transaction();
    const later = await writer.transaction();
    const first = await insertEvent(earlier, contactId);
    const second = await insertEvent(later, contactId);
    await later.commit();
    // Both tailers, woken by the commit's notice, have read the later event...
    await waitFor(() => [a, b].every((r) => (r.connector.live.tailer.read ?? 0) >= second), { what: 'both tailers to read the later event' });
    // ...and hold it: nothing past the missing id is handed on.
    for (const r of [a, b]) expect(r.connector.live.tailer.released).toBeLessThan(first);
    for (const s of streams) expect(receivedIds(s.events)).not.toContain(second);

    await earlier.commit();
    for (const s of streams) {
      await waitFor(() => receivedIds(s.events).includes(second), { what: 'the held event' });
      expect(receivedIds(s.events).filter((id) => id >= first)).toEqual([first, second]);
      s.close();
    }
  });

  test("a thread read while an earlier id is still uncommitted resumes before it, so the panel's stream on the other instance gets it", async () => {
    const phone = PHONES[1]!;
    const contactId = contactIds.get(phone)!;
    const inFlight = await writer.transaction();
    const pending = await insertEvent(inFlight, contactId);
    const visible = await insertEvent(writer, contactId);
    await waitFor(() => (a.connector.live.tailer.read ?? 0) >= visible, { what: 'instance A to read the visible event' });

    const thread = await new ApiClient(a.url, session).thread(phone);
    expect(thread.lastEventId).toBeLessThan(pending);
    const stream = openStream(eventsUrl(b, phone), { ...session.headers, 'last-event-id': String(thread.lastEventId) });
    expect(await stream.status).toBe(200);
    await inFlight.commit();
    await waitFor(() => receivedIds(stream.events).includes(visible), { what: 'both events' });
    expect(receivedIds(stream.events).filter((id) => id >= pending)).toEqual([pending, visible]);
    stream.close();
  });

  test('under concurrent writers committing out of order, every stream on either instance gets exactly its events, in order', async () => {
    const start = (await new ApiClient(a.url, session).thread(PHONES[0]!)).lastEventId;
    const opened: Array<{ filter: FeedFilter; stream: ReturnType<typeof openStream> }> = [];
    for (const running of [a, b]) {
      for (const phone of PHONES)
        opened.push({
          filter: { contactId: contactIds.get(phone)! },
          stream: openStream(eventsUrl(running, phone), { ...session.headers, 'last-event-id': String(start) }),
        });
      opened.push({
        filter: { inbox: true },
        stream: openStream(`${running.url}/api/conversations/events`, { ...session.headers, 'last-event-id': String(start) }),
      });
    }
    for (const { stream } of opened) expect(await stream.status).toBe(200);

    const next = random(23);
    const specs: EventSpec[] = Array.from({ length: 300 }, () => {
      const pick = next();
      if (pick < 0.05) return { contactId: null, type: 'clock' };
      return { contactId: contactIds.get(PHONES[Math.floor(next() * PHONES.length)]!)!, type: pick < 0.4 ? 'conversation' : 'message' };
    });
    await writeEvents(writer, specs, { concurrency: 8, holdMs: 20 });

    for (const { filter, stream } of opened) {
      const expected = await expectedIds(writer, filter, start);
      await waitFor(() => receivedIds(stream.events).at(-1) === expected.at(-1), { what: `the last event for ${JSON.stringify(filter)}` });
      expect(receivedIds(stream.events)).toEqual(expected);
      stream.close();
    }
  });
});
