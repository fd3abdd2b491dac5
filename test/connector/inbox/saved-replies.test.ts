/** Saved replies over the API, on SQLite and PostgreSQL: admins keep them (audited), every teammate reads them. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkSavedReply, type SavedReplyView } from '../../../connector/domain/saved-replies';
import { DEMO_SAVED_REPLIES } from '../../../connector/sandbox/demo/saved-replies';
import { ApiClient } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { createTestDatabase, DB_KINDS } from '../../support/databases';
import { signIn } from '../../support/sign-in';

type ErrorBody = { error: { code: string; details?: Record<string, unknown> } };

describe.each(DB_KINDS)('saved replies on %s', (db) => {
  let running: RunningConnector;
  let admin: ApiClient;
  let agent: ApiClient;
  const audit = (action: string) => running.connector.db('audit_log').where('action', action).orderBy('id');
  const save = (body: object) => admin.call<SavedReplyView & ErrorBody>('/api/admin/saved-replies', { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    running = await startConnector({ db });
    admin = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'alex'));
    agent = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  });

  afterAll(async () => {
    await running?.close();
  });

  test('an admin saves, edits and deletes a reply; agents see the list; each change is audited with its text', async () => {
    const created = await save({ name: 'Opening hours', text: 'Hi {{customer.first_name}}, we are open 9–5.' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Opening hours', language: null });

    const listed = await agent.call<{ data: SavedReplyView[] }>('/api/saved-replies');
    expect(listed.body.data.map((r) => r.name)).toContain('Opening hours');

    const edited = await admin.call<SavedReplyView>(`/api/admin/saved-replies/${created.body.id}`, {
      method: 'PUT',
      body: JSON.stringify({ name: 'Opening hours', text: 'We are open 8–6.', language: 'en' }),
    });
    expect(edited.body).toMatchObject({ text: 'We are open 8–6.', language: 'en' });
    expect((await admin.call(`/api/admin/saved-replies/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await agent.call<{ data: SavedReplyView[] }>('/api/saved-replies')).body.data.map((r) => r.id)).not.toContain(created.body.id);

    const rows = [...(await audit('saved_reply.created')), ...(await audit('saved_reply.updated')), ...(await audit('saved_reply.deleted'))].filter(
      (r) => JSON.parse(r.details).id === created.body.id,
    );
    expect(rows.map((r) => r.action)).toEqual(['saved_reply.created', 'saved_reply.updated', 'saved_reply.deleted']);
    expect(JSON.parse(rows[1].details)).toMatchObject({ text: 'We are open 8–6.', previous: { text: 'Hi {{customer.first_name}}, we are open 9–5.' } });
    // A deleted reply is gone for good: editing or deleting it again says so.
    expect((await admin.call<ErrorBody>(`/api/admin/saved-replies/${created.body.id}`, { method: 'DELETE' })).body.error.code).toBe('NOT_FOUND');
  });

  test('agents may read but not change them', async () => {
    const refused = await agent.call<ErrorBody>('/api/admin/saved-replies', { method: 'POST', body: JSON.stringify({ name: 'x', text: 'y' }) });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
  });

  test('a reply with an unknown placeholder is refused with the placeholders it may use, and nothing is saved', async () => {
    const before = (await audit('saved_reply.created')).length;
    const refused = await save({ name: 'Typo', text: 'Hi {{customer.firstname}}' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'text' } });
    expect(String(refused.body.error.details!.reason)).toContain('{{customer.first_name}}');
    expect(await audit('saved_reply.created')).toHaveLength(before);
    expect((await save({ name: 'x', text: 'y', extra: true })).status).toBe(400);
  });

  test('the sandbox starts with the demo replies, each valid and audited as seeded, written once per database', async () => {
    for (const draft of DEMO_SAVED_REPLIES) expect(checkSavedReply(draft)).toEqual(draft);
    const database = await createTestDatabase(db);
    try {
      const first = await startConnector({ database, connector: { demoSavedReplies: true } });
      const alex = new ApiClient(first.url, await signIn(first.url, first.demoUrl, 'alex'));
      const seeded = (await alex.call<{ data: SavedReplyView[] }>('/api/saved-replies')).body.data;
      expect(seeded.map((r) => r.name).sort()).toEqual(DEMO_SAVED_REPLIES.map((r) => r.name).sort());
      const rows = await first.connector.db('audit_log').where('action', 'saved_reply.created').orderBy('id');
      expect(rows.map((r) => [r.teammate_id, JSON.parse(r.details).seeded])).toEqual(DEMO_SAVED_REPLIES.map(() => [null, 'sandbox']));
      // An admin's deletion stays deleted: the next start finds replies were written and seeds nothing.
      for (const reply of seeded) expect((await alex.call(`/api/admin/saved-replies/${reply.id}`, { method: 'DELETE' })).status).toBe(204);
      await first.close();
      const second = await startConnector({ database, connector: { demoSavedReplies: true } });
      try {
        const ana = new ApiClient(second.url, await signIn(second.url, second.demoUrl, 'ana'));
        expect((await ana.call<{ data: SavedReplyView[] }>('/api/saved-replies')).body.data).toEqual([]);
        expect(await second.connector.db('audit_log').where('action', 'saved_reply.created')).toHaveLength(DEMO_SAVED_REPLIES.length);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });
});
