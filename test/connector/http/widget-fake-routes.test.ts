/**
 * The panel's component tests run against a fake connector (test/widget/support/fake-connector.ts).
 * This keeps it honest: every route it answers exists in the real connector (not its catch-all
 * 404), the routes of the real API it does not list get its own 404, and its answers carry the
 * same fields as the real ones (thread page, contact, message, token, business profile, number health).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { SHEENA, SHEENA_WA_ID } from '../../support/fixtures';
import { signIn, type SignedIn } from '../../support/sign-in';
import { CONNECTOR, FakeConnector, FIRST_TOKEN } from '../../widget/support/fake-connector';
import { FAKE_ROUTES, FAKE_XHR_ROUTES, requestFor } from '../../widget/support/fake-routes';

// The fake reads window.fetch and window.XMLHttpRequest when built; it is never installed here.
(globalThis as { window?: unknown }).window ??= globalThis;

/** Routes of the real API the panel does not use, or that single tests add: the fake must not answer them itself. */
const NOT_FAKED = [
  'GET /api/me',
  'GET /api/channels',
  'POST /api/contacts/:contact/sms',
  'GET /api/conversations',
  'GET /api/teammates',
  'GET /api/saved-replies',
  'POST /api/conversations/:contact/assign',
];

let running: RunningConnector;
let session: SignedIn;

beforeAll(async () => {
  running = await startConnector();
  session = await signIn(running.url, running.demoUrl);
  await customerWrites(running.url, SHEENA_WA_ID, 'Hello from the real connector');
  await running.connector.webhooks.idle();
});

afterAll(async () => {
  await running?.close();
});

const params = { contact: SHEENA, attempt: 'unknown-attempt', id: 'med_unknown' };

async function real(route: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const { method, path } = requestFor(route, params);
  const abort = new AbortController();
  // Signing out ends the session it is asked with: that one is asked with a session of its own.
  const { headers } = route === 'POST /auth/logout' ? await signIn(running.url, running.demoUrl) : session;
  const response = await fetch(`${running.url}${path}`, {
    method,
    signal: abort.signal,
    headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': `fake-routes-${Math.random()}`, ...(init.headers as Record<string, string>) },
    ...(method === 'POST' ? { body: init.body ?? '{}' } : {}),
  });
  // A live stream never ends: its answer's status and type are enough.
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  abort.abort();
  return { status: response.status, body };
}

async function fake(connector: FakeConnector, route: string): Promise<{ status: number; body: any }> {
  const { method, path } = requestFor(route, params);
  const request = new Request(`${CONNECTOR}${path}`, {
    method,
    headers: { authorization: `Bearer ${FIRST_TOKEN}`, 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: '{"type":"text","text":{"body":"hi"}}' } : {}),
  });
  const response = await connector['handle'](request);
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  return { status: response.status, body };
}

/** A fake as a panel test has it once installed: the first token accepted, a business profile, sign-in pending. */
function newFake(): FakeConnector {
  const connector = new FakeConnector();
  connector.validTokens.add(FIRST_TOKEN);
  connector.businessProfile = { name: 'Acme Shop', verified: true };
  return connector;
}

const isCatchAll = (answer: { status: number; body: any }) => answer.status === 404 && answer.body?.error?.code === 'NOT_FOUND';

/** The shape of a value: its keys, all the way down, with the type of each leaf. */
const keysOf = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.slice(0, 1).map(keysOf)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, keysOf((value as Record<string, unknown>)[k])]),
        )
      : value === null
        ? 'null'
        : typeof value;
const topKeys = (value: unknown) => Object.keys(value as object).sort();

describe("the widget's fake connector against the real one", () => {
  test.each([...FAKE_ROUTES, ...FAKE_XHR_ROUTES].map((route) => ({ route })))('$route exists in the real connector', async ({ route }) => {
    expect(isCatchAll(await real(route))).toBe(false);
  });

  test.each(FAKE_ROUTES.map((route) => ({ route })))('$route is answered by the fake', async ({ route }) => {
    expect(isCatchAll(await fake(newFake(), route))).toBe(false);
  });

  test.each(NOT_FAKED.map((route) => ({ route })))('$route is real, and the fake leaves it to the test that needs it', async ({ route }) => {
    expect(isCatchAll(await real(route))).toBe(false);
    expect(isCatchAll(await fake(newFake(), route))).toBe(true);
  });

  test("a thread page, its contact and a customer's text message have the real fields", async () => {
    const page = (await real('GET /api/contacts/:contact/thread')).body;
    const connector = newFake();
    connector.messages = [connector.message({ text: 'Hello from the fake' })];
    const faked = (await fake(connector, 'GET /api/contacts/:contact/thread')).body;
    expect(topKeys(faked)).toEqual(topKeys(page));
    expect(topKeys(faked.contact)).toEqual(topKeys(page.contact));
    const realText = page.messages.find((m: { content: { body?: string } }) => m.content.body === 'Hello from the real connector');
    expect(topKeys(faked.messages[0])).toEqual(topKeys(realText));
  });

  test('a token, the business profile and number health have the real fields', async () => {
    const connector = newFake();
    const token = (await fake(connector, 'POST /auth/token')).body;
    expect(keysOf(token)).toEqual(keysOf(session.issued));
    for (const route of ['GET /api/business-profile', 'GET /api/number-health']) {
      const [realAnswer, fakeAnswer] = [await real(route), await fake(connector, route)];
      expect(topKeys(fakeAnswer.body), route).toEqual(topKeys(realAnswer.body));
    }
  });
});
