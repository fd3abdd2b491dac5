/**
 * ZENDESK_URL=sandbox: the demo's Zendesk. A new conversation's ticket is served by the
 * connector's own simulator, its agent page opens from the panel's link, and solving it
 * there resolves the conversation through the signed webhook.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ConversationView } from '../../connector/domain/conversations';
import { ApiClient, customerWrites } from '../support/api';
import { startConnector, type RunningConnector } from '../support/connector';
import { signIn } from '../support/sign-in';
import { waitFor } from '../support/wait';

let running: RunningConnector;
let agent: ApiClient;

beforeAll(async () => {
  running = await startConnector({ env: { ZENDESK_URL: 'sandbox' } });
  agent = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
}, 60_000);

afterAll(async () => {
  await running?.close();
});

test('a new conversation becomes a sandbox ticket whose page solves it', async () => {
  await customerWrites(running.url, '16505550301', 'Do you ship to Lisbon?');
  const view = await waitFor(
    async () => {
      const c = (await agent.call<ConversationView>('/api/conversations/%2B16505550301')).body;
      return c.records?.length ? c : null;
    },
    { what: 'the sandbox ticket' },
  );
  const record = view.records![0]!;
  expect(record).toEqual({ host: 'zendesk', id: '1001', url: `${running.url}/sandbox/zendesk/agent/tickets/1001` });
  const page = await (await fetch(record.url!)).text();
  expect(page).toContain('#1001 Do you ship to Lisbon?');
  expect(page).toContain('Zendesk (sandbox)');

  const solved = await fetch(`${record.url}/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'solved' }),
  });
  expect(await solved.json()).toEqual({ ticket: 'solved', webhook: 200 });
  expect((await agent.call<ConversationView>('/api/conversations/%2B16505550301')).body.state).toBe('resolved');
});
