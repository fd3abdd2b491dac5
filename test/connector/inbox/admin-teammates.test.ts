/**
 * Admins manage teammates: the list, disable and enable, audited. A disabled
 * teammate's tokens stop at the next request, renewal stops, and their open
 * panels are told at once (not at the next 15-second heartbeat).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TeammateView, TokenResponse } from '../../../connector/domain/sign-in';
import { ApiClient } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { postJson, signIn, type SignedIn } from '../../support/sign-in';
import { openStream } from '../../support/sse';
import { waitFor } from '../../support/wait';

let running: RunningConnector;
let admin: ApiClient;
let alex: SignedIn;

beforeAll(async () => {
  running = await startConnector();
  alex = await signIn(running.url, running.demoUrl, 'alex');
  admin = new ApiClient(running.url, alex);
});

afterAll(async () => {
  await running?.close();
});

const teammates = async () => (await admin.call<{ data: TeammateView[] }>('/api/admin/teammates')).body.data;

describe('teammates, for admins', () => {
  test('lists every teammate created by sign-in, with role from the groups claim', async () => {
    await signIn(running.url, running.demoUrl, 'ben');
    const list = await teammates();
    expect(list.map((t) => [t.name, t.role])).toEqual(
      expect.arrayContaining([
        ['Alex Morgan', 'admin'],
        ['Ben Carter', 'agent'],
      ]),
    );
    expect(list.find((t) => t.name === 'Ben Carter')).toMatchObject({ email: 'ben@acme.example', disabledAt: null, hostLinks: [] });
  });

  test('disabling a teammate stops their tokens, their renewal and their open panels at once', async () => {
    const ana = await signIn(running.url, running.demoUrl, 'ana');
    const contact = '+16505557777';
    const panel = new ApiClient(running.url, ana);
    const thread = await panel.thread(contact);
    const stream = openStream(`${running.url}/api/contacts/${encodeURIComponent(contact)}/events`, {
      ...ana.headers,
      'last-event-id': String(thread.lastEventId),
    });
    expect(await stream.status).toBe(200);

    const disabled = await admin.call<TeammateView>(`/api/admin/teammates/${ana.teammate.id}/disable`, { method: 'POST' });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).not.toBeNull();

    // The open panel hears it within moments; the heartbeat would take 15 s, past this wait.
    const signedOut = await waitFor(() => stream.events.find((e) => e.event === 'signed-out'), { timeout: 5_000, what: 'the signed-out event' });
    expect(signedOut.data).toEqual({ code: 'TEAMMATE_DISABLED' });
    expect(stream.events.some((e) => e.event === 'access')).toBe(false);

    const next = await panel.call<{ error: { code: string; message: string } }>('/api/me');
    expect(next.status).toBe(403);
    expect(next.body.error).toMatchObject({ code: 'TEAMMATE_DISABLED', message: 'Your go2msg account has been disabled.' });
    const renew = await postJson<{ error: { code: string } }>(
      `${running.url}/auth/refresh`,
      { refreshToken: ana.issued.refreshToken },
      { origin: running.demoUrl },
    );
    expect(renew.status).toBe(403);
    expect(renew.body.error.code).toBe('TEAMMATE_DISABLED');

    const audit = await running.connector.db('audit_log').where({ action: 'teammate.disabled' }).orderBy('id', 'desc').first();
    expect(audit).toMatchObject({ teammate_id: alex.teammate.id });
    expect(JSON.parse(audit.details)).toMatchObject({ teammateId: ana.teammate.id, sessionsEnded: 1 });
    stream.close();

    // Enabled again, Ana signs in anew; the sessions ended by the disable stay ended.
    expect((await admin.call(`/api/admin/teammates/${ana.teammate.id}/enable`, { method: 'POST' })).status).toBe(200);
    expect((await panel.call('/api/me')).status).toBe(401);
    const back = await signIn(running.url, running.demoUrl, 'ana');
    expect((await new ApiClient(running.url, back).call('/api/me')).status).toBe(200);
    expect(await running.connector.db('audit_log').where({ action: 'teammate.enabled' }).first()).toBeTruthy();
  });

  test('a disabled teammate cannot sign in again', async () => {
    const ben = await signIn(running.url, running.demoUrl, 'ben');
    await admin.call(`/api/admin/teammates/${ben.teammate.id}/disable`, { method: 'POST' });
    await expect(signIn(running.url, running.demoUrl, 'ben')).rejects.toThrow(/did not produce a code \(HTTP 403\)/);
    await admin.call(`/api/admin/teammates/${ben.teammate.id}/enable`, { method: 'POST' });
  });

  test('an admin cannot disable themselves, and an unknown teammate is not found', async () => {
    const self = await admin.call<{ error: { code: string } }>(`/api/admin/teammates/${alex.teammate.id}/disable`, { method: 'POST' });
    expect(self.status).toBe(403);
    expect((await admin.call(`/api/admin/teammates/999999/disable`, { method: 'POST' })).status).toBe(404);
  });

  test("an agent's token is refused on admin routes", async () => {
    const ana = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
    const refused = await ana.call<{ error: { code: string } }>('/api/admin/teammates');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
  });

  test('the renewed token of a teammate who was disabled says so (the panel shows why)', async () => {
    const ben = await signIn(running.url, running.demoUrl, 'ben');
    const renewed = (await postJson<TokenResponse>(`${running.url}/auth/refresh`, { refreshToken: ben.issued.refreshToken }, { origin: running.demoUrl })).body;
    await admin.call(`/api/admin/teammates/${ben.teammate.id}/disable`, { method: 'POST' });
    const response = await fetch(`${running.url}/api/me`, { headers: { authorization: `Bearer ${renewed.accessToken}` } });
    expect(response.status).toBe(403);
    await admin.call(`/api/admin/teammates/${ben.teammate.id}/enable`, { method: 'POST' });
  });
});
