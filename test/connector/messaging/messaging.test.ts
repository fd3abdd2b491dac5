/**
 * The messaging flow through the real connector: sign-in with the sandbox
 * OpenID provider, the Cloud API simulator, signed webhooks, a real database.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { replyWindow } from '../../../connector/domain/reply-window';
import { auditForMessage } from '../../../connector/store/audit-reader';
import { advanceClock, ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';
import { SHEENA, SHEENA_WA_ID } from '../../support/fixtures';

const text = (body: string) => ({ type: 'text', text: { body } });
const helloWorld = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };

describe.each(DB_KINDS)('messaging on %s', (kind) => {
  let running: RunningConnector;
  let api: ApiClient;
  const sent = () => running.connector.simulator!.sent;

  beforeAll(async () => {
    running = await startConnector({ db: kind });
    api = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  });

  afterAll(async () => {
    await running?.close();
  });

  test('a customer who never wrote has no open window, and free text is refused with WINDOW_CLOSED', async () => {
    const thread = await api.thread(SHEENA);
    expect(thread.messages).toEqual([]);
    expect(replyWindow({ lastInboundAt: thread.contact.lastInboundAt, now: thread.serverNow }).state).toBe('never_opened');
    const before = sent().length;
    const refused = await api.send(SHEENA, text('Hello?'), 'never-opened-1');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'WINDOW_CLOSED', action: expect.stringMatching(/template/) });
    expect(sent().length).toBe(before);
  });

  test("the customer's message arrives once and opens the window from Meta's timestamp", async () => {
    const wamid = await customerWrites(running.url, SHEENA_WA_ID, 'Hi! Where is my order?');
    const thread = await waitFor(async () => {
      const t = await api.thread(SHEENA);
      return t.messages.length === 1 && t;
    });
    expect(thread.messages[0]).toMatchObject({ direction: 'in', type: 'text', text: 'Hi! Where is my order?', wamid, status: 'received' });
    expect(thread.contact.name).toBe('Sheena Nelson');
    const window = replyWindow({ lastInboundAt: thread.contact.lastInboundAt, now: thread.serverNow });
    expect(window.state).toBe('open');
    expect(window.remainingMs).toBeGreaterThan(23.9 * 3600_000);
  });

  test('a reply goes out attributed to the teammate, audited, and moves sent → delivered → read', async () => {
    const accepted = await api.send(SHEENA, text('It ships today!'), 'reply-1-abcdef');
    expect(accepted.status).toBe(202);
    expect(accepted.body.message).toMatchObject({ direction: 'out', text: 'It ships today!', sender: { name: 'Ana Souza' } });
    const id = accepted.body.message.id;
    const read = await waitFor(async () => {
      const m = (await api.thread(SHEENA)).messages.find((x) => x.id === id);
      return m?.status === 'read' && m;
    });
    expect(read.wamid).toMatch(/^wamid\./);
    const atMeta = sent().find((s) => s.wamid === read.wamid)!;
    expect(atMeta.body).toMatchObject({ messaging_product: 'whatsapp', to: SHEENA, type: 'text', text: { body: 'It ships today!' } });
    const audit = await auditForMessage(running.connector.db, id);
    expect(audit.filter((a) => a.action === 'message.send')).toEqual([
      expect.objectContaining({
        teammateId: api.session.teammate.id,
        channel: 'whatsapp',
        windowState: 'open',
        details: expect.objectContaining({ window: 'open' }),
      }),
    ]);
    // Every later status joins the trail too, the provider's id with it.
    const statuses = audit.filter((a) => a.action === 'message.status');
    expect(statuses.at(-1)).toMatchObject({ status: 'read', providerMessageId: read.wamid });
  });

  test('a retried request with the same idempotency key returns the same message and sends nothing twice', async () => {
    const first = await api.send(SHEENA, text('Only once'), 'retry-key-123');
    await running.connector.outbox.drain();
    expect(sent().some((s) => (s.body.text as { body?: string })?.body === 'Only once')).toBe(true);
    const count = sent().length;
    const again = await api.send(SHEENA, text('Only once'), 'retry-key-123');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, message: { id: first.body.message.id } });
    const conflict = await api.send(SHEENA, text('Something else'), 'retry-key-123');
    expect(conflict.status).toBe(409);
    expect(conflict.body.error?.code).toBe('IDEMPOTENCY_CONFLICT');
    // Everything queued so far has gone out (or failed) once the outbox finds nothing more to send.
    await running.connector.outbox.drain();
    expect(sent().length).toBe(count);
  });

  test('25 hours later free text is refused before reaching the simulator, and a template still goes out', async () => {
    await advanceClock(running.url, 25 * 3600);
    const before = sent().length;
    const refused = await api.send(SHEENA, text('Are you still there?'), 'after-25h-1');
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('WINDOW_CLOSED');
    expect(sent().length).toBe(before);

    const template = await api.send(SHEENA, helloWorld, 'after-25h-template');
    expect(template.status).toBe(202);
    expect(template.body.message.text).toMatch(/^Welcome and congratulations/);
    await waitFor(async () => (await api.thread(SHEENA)).messages.find((m) => m.id === template.body.message.id)?.status === 'read');
    expect(sent().at(-1)!.body).toMatchObject({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
  });

  test("the customer's reply opens the window again", async () => {
    await customerWrites(running.url, SHEENA_WA_ID, 'Thanks!');
    // Waits for the reply itself, then checks the window it opened (a poll that came before the
    // webhook was processed saw the thread without it).
    const thread = await waitFor(async () => {
      const t = await api.thread(SHEENA);
      return t.messages.some((m) => m.text === 'Thanks!') && t;
    });
    expect(replyWindow({ lastInboundAt: thread.contact.lastInboundAt, now: thread.serverNow }).open).toBe(true);
    // The customer's newest message; the template before it may share its second (Meta's timestamps
    // have whole seconds), so its place among the agent's messages is not what this test is about.
    expect(thread.messages.filter((m) => m.direction === 'in').at(-1)?.text).toBe('Thanks!');
    expect((await api.send(SHEENA, text('Glad to help'), 'reopened-1')).status).toBe(202);
    await running.connector.outbox.drain();
    expect(sent().some((s) => (s.body.text as { body?: string })?.body === 'Glad to help')).toBe(true);
  });

  test.each([
    { description: 'an empty text', body: text('   '), code: 'TEXT_EMPTY' },
    { description: 'a text over 4,096 characters', body: text('x'.repeat(4097)), code: 'TEXT_TOO_LONG' },
    { description: 'an unknown template', body: { type: 'template', template: { name: 'no_such', language: { code: 'en_US' } } }, code: 'TEMPLATE_NOT_FOUND' },
    {
      description: 'a template missing its variables',
      body: { type: 'template', template: { name: 'order_update', language: { code: 'en_US' } } },
      code: 'TEMPLATE_PARAMS_MISMATCH',
    },
    {
      description: 'a rejected template',
      body: {
        type: 'template',
        template: {
          name: '2023_april_promo',
          language: { code: 'en_US' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'a' },
                { type: 'text', text: 'b' },
              ],
            },
          ],
        },
      },
      code: 'TEMPLATE_NOT_APPROVED',
    },
    { description: 'an unknown field', body: { type: 'text', text: { body: 'hi', bold: true } }, code: 'VALIDATION_FAILED' },
  ])('refuses $description with $code and sends nothing', async ({ body, code }) => {
    const before = sent().length;
    const response = await api.send(SHEENA, body, `bad-${code}-${Math.random().toString(36).slice(2)}`);
    expect(response.body.error).toMatchObject({ code, message: expect.any(String), action: expect.any(String) });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(sent().length).toBe(before);
  });

  test('a sent template keeps what the customer saw: header and body with their values, footer and buttons', async () => {
    const orderUpdate = {
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'text', text: '#4821' }] },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Sheena' },
              { type: 'text', text: 'shipped' },
              { type: 'text', text: 'June 30' },
            ],
          },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '4821' }] },
        ],
      },
    };
    const sentTemplate = await api.send(SHEENA, orderUpdate, 'template-shown-1');
    expect(sentTemplate.status).toBe(202);
    const shown = {
      header: { text: 'Order #4821' },
      body: 'Hi Sheena, your order was shipped and should arrive by June 30.',
      footer: 'Lucky Shrub',
      buttons: [
        { type: 'URL', text: 'Track order' },
        { type: 'QUICK_REPLY', text: 'Talk to an agent' },
      ],
    };
    expect(sentTemplate.body.message.template).toEqual(shown);
    expect((await api.thread(SHEENA)).messages.find((m) => m.id === sentTemplate.body.message.id)?.template).toEqual(shown);
  });

  test('refuses a send without an idempotency key', async () => {
    const response = await api.call<{ error: { code: string; details: { field: string } } }>(`/api/contacts/${encodeURIComponent(SHEENA)}/messages`, {
      method: 'POST',
      body: JSON.stringify(text('hi')),
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'Idempotency-Key' } });
  });

  test('refuses a number without a country code with INVALID_PHONE', async () => {
    const response = await api.call<{ error: { code: string } }>('/api/contacts/6505551234/thread');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_PHONE');
  });
});
