/**
 * The optional owner-only rule (CONVERSATION_OWNER_ONLY=true): a conversation
 * someone owns is answered by its owner or an admin; anyone else is told who
 * owns it, nothing is sent, and they can take it over (audited) and send.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { signIn } from '../../support/sign-in';

type ErrorBody = { error?: { code: string; details?: Record<string, unknown>; action?: string } };

describe.each(DB_KINDS)('only the owner replies, on %s', (db) => {
  let running: RunningConnector;
  let ana: ApiClient;
  let ben: ApiClient;
  let alex: ApiClient;
  let benId: number;
  let anaId: number;
  const waId = db === 'sqlite' ? '15557000001' : '15557000002';
  const contact = encodeURIComponent(`+${waId}`);
  const text = (body: string) => ({ type: 'text', text: { body } });
  const sentBy = async (teammateId: number) =>
    (await running.connector.db('messages').where({ teammate_id: teammateId, direction: 'out' }).count<{ n: number }[]>('* as n'))[0]!.n;

  beforeAll(async () => {
    running = await startConnector({ db, env: { CONVERSATION_OWNER_ONLY: 'true' } });
    ana = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
    ben = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ben'));
    alex = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'alex'));
    anaId = ana.session.teammate.id;
    benId = ben.session.teammate.id;
    await customerWrites(running.url, waId, 'Hello, I need help');
    await running.connector.webhooks.idle();
  });

  afterAll(async () => {
    await running?.close();
  });

  test('anyone replies while nobody owns the conversation', async () => {
    expect((await ana.send(`+${waId}`, text('Hi! Looking into it.'), `owner-free-${db}`)).status).toBe(202);
  });

  test("another agent's reply is refused with the owner's name, and nothing is sent or audited", async () => {
    await ben.call(`/api/conversations/${contact}/assign`, { method: 'POST', body: JSON.stringify({ teammateId: benId }) });
    const before = await sentBy(anaId);
    const refused = await ana.send(`+${waId}`, text('Me too!'), `owner-refused-${db}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONVERSATION_OWNED', details: { owner: 'Ben Carter', ownerId: benId } });
    expect(refused.body.error!.action).toContain('Assign to me');
    expect(await sentBy(anaId)).toBe(before);
    const sms = await ana.call<ErrorBody>(`/api/contacts/${contact}/sms`, {
      method: 'POST',
      body: JSON.stringify({ type: 'text', text: { body: 'by SMS then' } }),
      headers: { 'idempotency-key': `owner-sms-${db}` },
    });
    expect(sms.body.error?.code).toBe('CONVERSATION_OWNED');
  });

  test('the owner and an admin reply', async () => {
    expect((await ben.send(`+${waId}`, text('Ben here, on it.'), `owner-ben-${db}`)).status).toBe(202);
    expect((await alex.send(`+${waId}`, text('Alex from the team lead desk.'), `owner-alex-${db}`)).status).toBe(202);
  });

  test('Ana takes the conversation over, which is audited, and then replies', async () => {
    const taken = await ana.call<{ owner: { id: number } }>(`/api/conversations/${contact}/assign`, {
      method: 'POST',
      body: JSON.stringify({ teammateId: anaId }),
    });
    expect(taken.body.owner.id).toBe(anaId);
    const audit = await running.connector.db('audit_log').where({ action: 'conversation.assigned', teammate_id: anaId }).first();
    expect(JSON.parse(audit.details)).toMatchObject({ from: benId, to: anaId });
    expect((await ana.send(`+${waId}`, text('Ana again, I have it now.'), `owner-taken-${db}`)).status).toBe(202);
    expect((await ben.send(`+${waId}`, text('Ben?'), `owner-ben-late-${db}`)).status).toBe(409);
  });
});

describe('without the rule (the default)', () => {
  let running: RunningConnector;
  beforeAll(async () => {
    running = await startConnector();
  });
  afterAll(async () => {
    await running?.close();
  });

  test('anyone replies to a conversation someone else owns', async () => {
    const ana = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
    const ben = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ben'));
    await customerWrites(running.url, '15557000009', 'Hi');
    await running.connector.webhooks.idle();
    await ben.call(`/api/conversations/${encodeURIComponent('+15557000009')}/assign`, {
      method: 'POST',
      body: JSON.stringify({ teammateId: ben.session.teammate.id }),
    });
    expect((await ana.send('+15557000009', { type: 'text', text: { body: 'Ana here' } }, 'owner-off-1')).status).toBe(202);
  });
});
