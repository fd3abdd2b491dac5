/**
 * Marketing opt-outs through the real connector and the Cloud API simulator,
 * on SQLite and PostgreSQL: Meta's user_preferences webhook (from the sandbox
 * controls and from Meta's own sample), and error 131050 on a send.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { reference } from '../../support/reference';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';
import { postWebhook } from '../../support/webhooks';
import { LUCAS, LUCAS_WA_ID, SHEENA } from '../../support/fixtures';

const offer = {
  type: 'template',
  template: {
    name: 'seasonal_offer',
    language: { code: 'en_US' },
    components: [
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Sheena' },
          { type: 'text', text: '20%' },
        ],
      },
    ],
  },
};
const helloWorld = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };

async function setMarketing(baseUrl: string, waId: string, body: object): Promise<void> {
  const response = await fetch(`${baseUrl}/sandbox/customers/${waId}/preferences`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`preference not set: HTTP ${response.status}`);
}

describe.each(DB_KINDS)('marketing opt-outs on %s', (kind) => {
  let running: RunningConnector;
  let api: ApiClient;
  const sent = () => running.connector.simulator!.sent;
  const audits = async (contactId: number) =>
    (await running.connector.db('audit_log').where({ action: 'contact.marketing_preference', contact_id: contactId }).orderBy('id')).map((r) =>
      JSON.parse(r.details),
    );

  beforeAll(async () => {
    running = await startConnector({ db: kind });
    api = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  });

  afterAll(async () => {
    await running?.close();
  });

  test('a customer who stops marketing messages gets no marketing template (refused before Meta), utility templates still go, and resuming lifts it', async () => {
    const customer = '+34612345678';
    await customerWrites(running.url, '34612345678', 'hola');
    await setMarketing(running.url, '34612345678', { value: 'stop' });
    const stopped = await waitFor(async () => {
      const thread = await api.thread(customer);
      return thread.contact.marketing?.value === 'stop' && thread.contact;
    });
    expect(stopped.marketing).toMatchObject({ value: 'stop', source: 'user_preferences' });

    const before = sent().length;
    const refused = await api.send(customer, offer, 'opt-out-offer-1');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'MARKETING_OPTED_OUT', action: expect.stringMatching(/utility template/) });
    expect(sent().length).toBe(before);
    const utility = await api.send(customer, helloWorld, 'opt-out-utility-1');
    expect(utility.status).toBe(202);

    await setMarketing(running.url, '34612345678', { value: 'resume' });
    await waitFor(async () => (await api.thread(customer)).contact.marketing?.value === 'resume');
    const resumed = await api.send(customer, offer, 'opt-out-offer-2');
    expect(resumed.status).toBe(202);
    expect((await audits(stopped.id)).map((d) => d.value)).toEqual(['stop', 'resume']);
  });

  test('error 131050 on a send marks the customer opted out, and the next marketing template is refused before Meta', async () => {
    const customer = LUCAS;
    // The customer stopped marketing messages, but no webhook came (not subscribed): Meta refuses the send.
    await setMarketing(running.url, LUCAS_WA_ID, { value: 'stop', webhook: false });
    const accepted = await api.send(customer, offer, 'opt-out-131050-1');
    expect(accepted.status).toBe(202);
    const failed = await waitFor(async () => {
      const thread = await api.thread(customer);
      const message = thread.messages.find((m) => m.id === accepted.body.message.id);
      return message?.status === 'failed' && thread.contact.marketing?.value === 'stop' && { message, contact: thread.contact };
    });
    expect(failed.message.failure).toMatchObject({ code: 131050 });
    expect(failed.contact.marketing).toMatchObject({ value: 'stop', source: 'error_131050' });
    expect(await audits(failed.contact.id)).toEqual([expect.objectContaining({ value: 'stop', source: 'error_131050' })]);
    const before = sent().length;
    const refused = await api.send(customer, offer, 'opt-out-131050-2');
    expect(refused.body.error?.code).toBe('MARKETING_OPTED_OUT');
    expect(sent().length).toBe(before);
  });

  test("Meta's own user_preferences samples are applied as they come, once each, and an older word never overrides a newer one", async () => {
    const stop = reference<object>('webhooks/webhook-user-preferences-stop.json');
    const resume = reference<object>('webhooks/webhook-user-preferences-resume.json');
    expect((await postWebhook(running.url, stop)).status).toBe(200);
    const contact = await waitFor(async () => {
      const thread = await api.thread(SHEENA);
      return thread.contact.marketing?.value === 'stop' && thread.contact;
    });
    // Meta's two samples carry the same timestamp: the resume, no older than the stop, is applied.
    expect((await postWebhook(running.url, resume)).status).toBe(200);
    await waitFor(async () => (await api.thread(SHEENA)).contact.marketing?.value === 'resume');
    // Meta repeats webhooks for days, and not in order: the same word again, or an older stop, changes nothing.
    const olderStop = JSON.parse(JSON.stringify(stop).replace('1731705721', '1731705000'));
    expect((await postWebhook(running.url, resume)).status).toBe(200);
    expect((await postWebhook(running.url, olderStop)).status).toBe(200);
    await running.connector.webhooks.idle();
    expect((await api.thread(SHEENA)).contact.marketing?.value).toBe('resume');
    expect((await audits(contact.id)).map((d) => d.value)).toEqual(['stop', 'resume']);
    expect(contact.marketing).toMatchObject({ at: 1731705721_000 });
  });
});
