/**
 * The demo (issue 14): HUBSPOT_URL=sandbox and SALESFORCE_URL=sandbox run HubSpot and
 * Salesforce simulators inside the sandbox connector, with no account anywhere: a customer's
 * message becomes a HubSpot ticket and a Salesforce Case, the panel's links open their pages on
 * the connector, and closing either there (the page's own button) resolves the conversation.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ConversationView } from '../../../connector/domain/conversations';
import { ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';

describe('the HubSpot and Salesforce sandboxes', () => {
  let running: RunningConnector;
  let agent: ApiClient;

  beforeAll(async () => {
    running = await startConnector({ env: { HUBSPOT_URL: 'sandbox', SALESFORCE_URL: 'sandbox' } });
    agent = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  }, 60_000);
  afterAll(() => running?.close());

  const records = (waId: string) =>
    waitFor(
      async () => {
        const view = (await agent.call<ConversationView>(`/api/conversations/%2B${waId}`)).body;
        return (view.records?.length ?? 0) === 2 && view;
      },
      { what: 'a HubSpot ticket and a Salesforce Case' },
    );

  test.each([
    ['hubspot', '16505550901', /^\/sandbox\/hubspot\/contacts\/\d+\/record\/0-5\/\d+$/, 'Close ticket', '4', 'stage'],
    ['salesforce', '16505550902', /^\/sandbox\/salesforce\/lightning\/r\/Case\/\w+\/view$/, 'Close Case', 'Closed', 'status'],
  ])('%s: the record opens on the connector, and closing it there resolves the conversation', async (host, waId, path, button, value, field) => {
    await customerWrites(running.url, waId, 'Is the demo working?');
    const view = await records(waId);
    const record = view.records!.find((r) => r.host === host)!;
    const recordUrl = record.url!;
    const url = new URL(recordUrl);
    expect(url.origin).toBe(running.url);
    expect(url.pathname).toMatch(path);
    const page = await (await fetch(recordUrl)).text();
    expect(page).toContain('Is the demo working?');
    expect(page).toContain(button);
    const form = new URL(host === 'hubspot' ? `${recordUrl}/stage` : recordUrl.replace(/view$/, 'status'));
    const closed = await fetch(form, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ [field]: value }) });
    expect(closed.status).toBe(200);
    expect(((await closed.json()) as { webhook: number }).webhook).toBe(200);
    expect((await agent.call<ConversationView>(`/api/conversations/%2B${waId}`)).body.state).toBe('resolved');
  });
});
