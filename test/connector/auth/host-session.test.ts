/**
 * Sign-in vouched for by a host: the first time, the agent proves with SSO that
 * the host user is them and the link is stored; after that, the host's signed
 * proof alone signs them in. A host's claim alone never decides who sends.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HostLinkRequired, TeammateView, TokenResponse } from '../../../connector/domain/sign-in';
import { ApiClient } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { canvasProof, CRM_HOST, crmProof, HOSTS_ENV, SALESFORCE_HOST, ZENDESK_HOST, zendeskProof } from '../../support/host-proofs';
import { postJson, signIn, signedIn } from '../../support/sign-in';

let running: RunningConnector;
type Answer = TokenResponse & { error?: { code: string; message: string; action: string; details?: Partial<HostLinkRequired> & { reason?: string } } };

beforeAll(async () => {
  running = await startConnector({ env: HOSTS_ENV });
});

afterAll(async () => {
  await running?.close();
});

const hostSession = (host: string, proof: string) => postJson<Answer>(`${running.url}/auth/host-session`, { host, proof }, { origin: running.demoUrl });

describe.each([
  { kind: 'an in-house CRM (HS256 JWT)', host: CRM_HOST, proof: (user: string) => crmProof(user, running.url), user: 'crm-1001', teammate: 'ana' },
  { kind: 'Zendesk (signed URL)', host: ZENDESK_HOST, proof: (user: string) => zendeskProof(user), user: '123', teammate: 'ben' },
  {
    kind: 'Salesforce (Canvas signed_request)',
    host: SALESFORCE_HOST,
    proof: async (user: string) => canvasProof(user),
    user: '005x0000001SyyEAAS',
    teammate: 'alex',
  },
])('$kind vouches for its user', ({ host, proof, user, teammate }) => {
  test('an unlinked host user is asked to link once, then SSO stores the link, then the proof alone signs in', async () => {
    const first = await hostSession(host, await proof(user));
    expect(first.status).toBe(409);
    expect(first.body.error).toMatchObject({ code: 'HOST_USER_NOT_LINKED', message: 'Your helpdesk account is not linked to go2msg yet.' });
    expect(first.body.error!.action).toMatch(/Sign in once with your company account/);
    const ticket = first.body.error!.details!;
    expect(ticket).toMatchObject({ host, hostUserId: user, linkTicket: expect.any(String) });

    const linked = await signIn(running.url, running.demoUrl, teammate, { linkTicket: ticket.linkTicket });
    expect(linked.issued.session).toMatchObject({ via: 'sso', host, hostUserId: user });

    const second = await hostSession(host, await proof(user));
    expect(second.status).toBe(200);
    expect(second.body.teammate.id).toBe(linked.teammate.id);
    expect(second.body.session).toMatchObject({ via: 'host', host, hostUserId: user, providerSignOut: false });
    expect((await new ApiClient(running.url, signedIn(second.body, running.demoUrl)).call('/api/me')).status).toBe(200);

    const audit = await running.connector.db('audit_log').where({ action: 'host_link.created', teammate_id: linked.teammate.id }).orderBy('id', 'desc').first();
    expect(JSON.parse(audit.details)).toEqual({ host, hostUserId: user });
  });
});

describe('refusals', () => {
  test('a host that is not configured is refused, whatever it claims', async () => {
    const refused = await hostSession('zendesk:evil.zendesk.com', await zendeskProof('123'));
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'HOST_PROOF_INVALID', details: { reason: expect.stringMatching(/not configured/) } });
  });

  test("a proof signed with another host's secret, or made up, is refused", async () => {
    const forged = await hostSession(CRM_HOST, await crmProof('crm-1001', running.url, { secret: 'not-the-crm-secret-0123456789abcdefgh' }));
    expect(forged.status).toBe(401);
    expect(forged.body.error?.details?.reason).toMatch(/signature does not match/);
    // A proof for the Zendesk host presented as the CRM host.
    expect((await hostSession(CRM_HOST, await zendeskProof('123'))).status).toBe(401);
  });

  test('an expired proof is refused', async () => {
    const old = await hostSession(CRM_HOST, await crmProof('crm-1001', running.url, { now: Date.now() - 3_600_000 }));
    expect(old.status).toBe(401);
    expect(old.body.error?.details?.reason).toMatch(/expired|too old/);
  });

  test('a link ticket links once', async () => {
    const ticket = (await hostSession(CRM_HOST, await crmProof('crm-once', running.url))).body.error!.details!.linkTicket!;
    await signIn(running.url, running.demoUrl, 'ben', { linkTicket: ticket });
    await expect(signIn(running.url, running.demoUrl, 'ben', { linkTicket: ticket })).rejects.toThrow(/HOST_PROOF_INVALID/);
  });

  test("a host user whose email is someone else's cannot be linked to you", async () => {
    const ticket = (await hostSession(CRM_HOST, await crmProof('crm-ben', running.url, { email: 'ben@acme.example' }))).body.error!.details!.linkTicket!;
    await expect(signIn(running.url, running.demoUrl, 'ana', { linkTicket: ticket })).rejects.toThrow(/HOST_LINK_MISMATCH/);
    expect(await running.connector.db('host_user_links').where({ host: CRM_HOST, host_user_id: 'crm-ben' }).first()).toBeUndefined();
  });

  test('a linked host user whose teammate is disabled is refused', async () => {
    const ticket = (await hostSession(CRM_HOST, await crmProof('crm-dis', running.url))).body.error!.details!.linkTicket!;
    const ben = await signIn(running.url, running.demoUrl, 'ben', { linkTicket: ticket });
    await running.connector.db('teammates').where({ id: ben.teammate.id }).update({ disabled_at: Date.now() });
    try {
      const refused = await hostSession(CRM_HOST, await crmProof('crm-dis', running.url));
      expect(refused.status).toBe(403);
      expect(refused.body.error?.code).toBe('TEAMMATE_DISABLED');
    } finally {
      await running.connector.db('teammates').where({ id: ben.teammate.id }).update({ disabled_at: null });
    }
  });

  test('an admin can unlink a host user; the next proof asks to link again', async () => {
    const ticket = (await hostSession(CRM_HOST, await crmProof('crm-moved', running.url))).body.error!.details!.linkTicket!;
    const ben = await signIn(running.url, running.demoUrl, 'ben', { linkTicket: ticket });
    const admin = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'alex'));
    const list = (await admin.call<{ data: TeammateView[] }>('/api/admin/teammates')).body.data;
    expect(list.find((t) => t.id === ben.teammate.id)!.hostLinks).toEqual(
      expect.arrayContaining([expect.objectContaining({ host: CRM_HOST, hostUserId: 'crm-moved' })]),
    );
    const removed = await admin.call(`/api/admin/teammates/${ben.teammate.id}/host-links/${encodeURIComponent(CRM_HOST)}/crm-moved`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect((await hostSession(CRM_HOST, await crmProof('crm-moved', running.url))).body.error?.code).toBe('HOST_USER_NOT_LINKED');
    expect(await running.connector.db('audit_log').where({ action: 'host_link.removed' }).first()).toBeTruthy();
  });
});
