/** GET /api/contacts/{contact}/events: live updates, resumable without a gap. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { advanceClock, ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { signIn } from '../../support/sign-in';
import { openStream } from '../../support/sse';
import { waitFor } from '../../support/wait';
import { LUCAS, LUCAS_WA_ID } from '../../support/fixtures';

let running: RunningConnector;
let api: ApiClient;
const events = (contact = LUCAS) => `${running.url}/api/contacts/${encodeURIComponent(contact)}/events`;

beforeAll(async () => {
  running = await startConnector();
  api = new ApiClient(running.url, await signIn(running.url, running.demoUrl));
});

afterAll(async () => {
  await running?.close();
});

describe('live updates', () => {
  test("push a customer's message, the window change and then the reply's statuses", async () => {
    const thread = await api.thread(LUCAS);
    const stream = openStream(events(), { ...api.session.headers, 'last-event-id': String(thread.lastEventId) });
    expect(await stream.status).toBe(200);
    await customerWrites(running.url, LUCAS_WA_ID, 'Olá! 👋');
    await waitFor(() => stream.events.some((e) => e.event === 'message' && (e.data.message as { text: string }).text === 'Olá! 👋'));
    await waitFor(() => stream.events.some((e) => e.event === 'contact' && (e.data.contact as { lastInboundAt: number | null }).lastInboundAt !== null));

    const { body } = await api.send(LUCAS, { type: 'text', text: { body: 'Oi Lucas!' } }, 'live-reply-1');
    const statuses = () =>
      stream.events
        .filter((e) => e.event === 'message' && (e.data.message as { id: number }).id === body.message.id)
        .map((e) => (e.data.message as { status: string }).status);
    await waitFor(() => statuses().includes('read'), { what: 'the read status' });
    expect(statuses()).toEqual(expect.arrayContaining(['queued', 'accepted', 'sent', 'delivered', 'read']));
    const ids = stream.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    stream.close();
  });

  test('resumes after the last event seen, with nothing lost and nothing repeated', async () => {
    const thread = await api.thread(LUCAS);
    const first = openStream(events(), { ...api.session.headers, 'last-event-id': String(thread.lastEventId) });
    await customerWrites(running.url, LUCAS_WA_ID, 'one');
    await waitFor(() => first.events.some((e) => (e.data.message as { text?: string } | undefined)?.text === 'one'));
    const lastSeen = first.events.at(-1)!.id;
    first.close();

    // While the panel is away, two more messages arrive.
    await customerWrites(running.url, LUCAS_WA_ID, 'two');
    await customerWrites(running.url, LUCAS_WA_ID, 'three');
    await running.connector.webhooks.idle();

    const resumed = openStream(events(), { ...api.session.headers, 'last-event-id': String(lastSeen) });
    await waitFor(() => resumed.events.filter((e) => e.event === 'message').length >= 2);
    const texts = resumed.events.filter((e) => e.event === 'message').map((e) => (e.data.message as { text: string }).text);
    expect(texts).toEqual(['two', 'three']);
    expect(resumed.events.every((e) => e.id > lastSeen)).toBe(true);
    resumed.close();
  });

  test('tells every panel when the sandbox clock moves', async () => {
    const stream = openStream(events(), api.session.headers);
    // The stream answers only once it is subscribed (http/live-stream.ts), so the move below reaches it.
    await stream.status;
    const now = await advanceClock(running.url, 3600);
    await waitFor(() => stream.events.some((e) => e.event === 'clock' && e.data.now === now));
    stream.close();
  });

  test('refuses an anonymous stream', async () => {
    const stream = openStream(events(), {});
    expect(await stream.status).toBe(401);
  });
});
