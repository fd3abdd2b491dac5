/**
 * Templates managed from go2msg, through the real connector, the simulator's
 * review and its signed webhooks, on SQLite and PostgreSQL: admin-only
 * submission and deletion (audited), the list with status, category,
 * language, quality, rejection reason and billing, live updates and alerts,
 * and the category rules when sending.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AccountAlert, TemplateView } from '../../../connector/domain/account-views';
import type { TemplateDefinition } from '../../../connector/domain/template-rules';
import { ApiClient, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { reference } from '../../support/reference';
import { signIn } from '../../support/sign-in';
import { openStream, type ReceivedEvent } from '../../support/sse';
import { waitFor } from '../../support/wait';
import { LUCAS, SHEENA, SHEENA_WA_ID } from '../../support/fixtures';

interface ErrorBody {
  error: { code: string; message: string; action: string; details?: Record<string, unknown> };
}

const shippingUpdate = (name: string, extra: Partial<TemplateDefinition> = {}): TemplateDefinition => ({
  name,
  language: 'en_US',
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#4821'] } },
    { type: 'BODY', text: 'Hi {{1}}, your order left our greenhouse and arrives on {{2}}.', example: { body_text: [['Sheena', 'June 30']] } },
    { type: 'FOOTER', text: 'Lucky Shrub' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: 'Track order', url: 'https://www.luckyshrub.com/track/{{1}}', example: ['https://www.luckyshrub.com/track/4821'] },
        { type: 'QUICK_REPLY', text: 'Talk to us' },
      ],
    },
  ],
  ...extra,
});

async function audit(running: RunningConnector, action: string): Promise<Array<{ teammate_id: number; details: string }>> {
  return running.connector.db('audit_log').where({ action }).orderBy('id');
}

describe.each(DB_KINDS)('templates managed from go2msg, on %s', (kind) => {
  let running: RunningConnector;
  let agent: ApiClient;
  let admin: ApiClient;
  const simulated = () => running.connector.simulator!.templates;
  const list = async (client = agent) => (await client.call<{ data: TemplateView[] }>('/api/templates')).body.data;
  const find = async (name: string, language = 'en_US') => (await list()).find((t) => t.name === name && t.language === language);

  beforeAll(async () => {
    running = await startConnector({ db: kind, connector: { simulator: { templateReviewMs: 60 } } });
    agent = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
    admin = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'alex'));
  });

  afterAll(async () => {
    await running?.close();
  });

  test('the list shows every template with status, category, language, quality, rejection and billing', async () => {
    const templates = await list();
    expect(templates.map((t) => t.name)).toEqual(
      expect.arrayContaining(['hello_world', 'order_update', 'seasonal_offer', 'verification_code', '2023_april_promo']),
    );
    expect(templates.find((t) => t.name === 'hello_world')).toMatchObject({
      status: 'APPROVED',
      category: 'UTILITY',
      language: 'en_US',
      quality: 'GREEN',
      billing: 'outside_window',
      id: '1192339204654487',
    });
    expect(templates.find((t) => t.name === 'seasonal_offer')).toMatchObject({ category: 'MARKETING', billing: 'always' });
    expect(templates.find((t) => t.name === 'verification_code')).toMatchObject({ category: 'AUTHENTICATION', billing: 'always' });
    // Meta's list says why it rejected a template (rejected_reason); the list shows it.
    expect(templates.find((t) => t.name === '2023_april_promo')).toMatchObject({
      status: 'REJECTED',
      quality: 'UNKNOWN',
      rejectedReason: 'TAG_CONTENT_MISMATCH',
    });
  });

  test('an agent may not submit, delete or sync templates: 403, and nothing reaches Meta', async () => {
    const before = simulated().length;
    const attempts = [
      agent.call<ErrorBody>('/api/admin/templates', { method: 'POST', body: JSON.stringify(shippingUpdate('agent_attempt')) }),
      agent.call<ErrorBody>('/api/admin/templates/hello_world?language=en_US', { method: 'DELETE' }),
      agent.call<ErrorBody>('/api/admin/templates/sync', { method: 'POST' }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ code: 'FORBIDDEN', details: { requiredRole: 'admin' } });
    }
    expect(simulated().length).toBe(before);
    expect(simulated().some((t) => t.name === 'hello_world')).toBe(true);
    expect(await audit(running, 'template.submitted')).toEqual([]);
  });

  test("a submission that breaks Meta's rules is refused, naming every rule, and nothing reaches Meta", async () => {
    const before = simulated().length;
    const broken = shippingUpdate('Shipping Update', {
      components: [
        { type: 'BODY', text: 'Hi {{1}}{{2}}', example: { body_text: [['a', 'b']] } },
        { type: 'FOOTER', text: 'Ref {{1}}' },
      ],
    });
    const response = await admin.call<ErrorBody>('/api/admin/templates', { method: 'POST', body: JSON.stringify(broken) });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('TEMPLATE_INVALID');
    expect(response.body.error.message).toContain('name.format');
    const violations = response.body.error.details!.violations as Array<{ rule: string; path: string; message: string }>;
    expect(violations.map((v) => v.rule)).toEqual(['name.format', 'variables.edges', 'variables.adjacent', 'footer.variables']);
    expect(violations.every((v) => v.path && v.message)).toBe(true);
    expect(simulated().length).toBe(before);
  });

  test('an admin submits a template: pending at once and audited, then approved by the review, pushed live to panels', async () => {
    await agent.thread(SHEENA);
    const stream = openStream(`${running.url}/api/contacts/${encodeURIComponent(SHEENA)}/events`, agent.session.headers);
    expect(await stream.status).toBe(200);
    const submitted = await admin.call<{ template: TemplateView }>('/api/admin/templates', {
      method: 'POST',
      body: JSON.stringify(shippingUpdate('shipping_update')),
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.template).toMatchObject({
      name: 'shipping_update',
      status: 'PENDING',
      category: 'UTILITY',
      submittedBy: admin.session.teammate.id,
      id: expect.stringMatching(/^\d+$/),
    });
    const atMeta = simulated().find((t) => t.name === 'shipping_update');
    expect(atMeta?.id).toBe(submitted.body.template.id);

    const rows = await audit(running, 'template.submitted');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.teammate_id).toBe(admin.session.teammate.id);
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ name: 'shipping_update', language: 'en_US', category: 'UTILITY', status: 'PENDING' });

    const approved = await waitFor(async () => (await find('shipping_update'))?.status === 'APPROVED' && (await find('shipping_update')));
    expect(approved).toMatchObject({ status: 'APPROVED', rejectedReason: null, statusAt: expect.any(Number) });
    const pushed = await waitFor(() =>
      stream.events.find(
        (e) =>
          e.event === 'template' && (e.data.template as TemplateView).name === 'shipping_update' && (e.data.template as TemplateView).status === 'APPROVED',
      ),
    );
    expect(pushed.data.alerts).toEqual([]);
    stream.close();
  });

  test("the review rejects promotional wording in a utility template, and the list shows Meta's reason", async () => {
    const promo = shippingUpdate('spring_news', {
      allow_category_change: false,
      components: [{ type: 'BODY', text: 'Hi {{1}}, get 20% off all cacti this week only!', example: { body_text: [['Sheena']] } }],
    });
    expect((await admin.call('/api/admin/templates', { method: 'POST', body: JSON.stringify(promo) })).status).toBe(201);
    const rejected = await waitFor(async () => (await find('spring_news'))?.status === 'REJECTED' && (await find('spring_news')));
    expect(rejected.rejectedReason).toBe('INCORRECT_CATEGORY');
    expect(rejected.statusDetail).toMatchObject({
      title: 'INCORRECT_CATEGORY',
      description: expect.stringContaining('promotional'),
      recommendation: expect.any(String),
    });
  });

  test('an admin fixes the rejected template: it goes back to review, audited, and Meta approves it', async () => {
    const rejected = (await find('spring_news'))!;
    expect(rejected.status).toBe('REJECTED');
    const fixed = shippingUpdate('spring_news', {
      allow_category_change: false,
      components: [{ type: 'BODY', text: 'Hi {{1}}, your order left our greenhouse today.', example: { body_text: [['Sheena']] } }],
    });

    const byAgent = await agent.call<ErrorBody>(`/api/admin/templates/${rejected.id}`, { method: 'PUT', body: JSON.stringify(fixed) });
    expect(byAgent.status).toBe(403);
    const renamed = await admin.call<ErrorBody>(`/api/admin/templates/${rejected.id}`, {
      method: 'PUT',
      body: JSON.stringify({ ...fixed, name: 'spring_news_2' }),
    });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.details).toMatchObject({ field: 'name' });

    const edited = await admin.call<{ template: TemplateView }>(`/api/admin/templates/${rejected.id}`, { method: 'PUT', body: JSON.stringify(fixed) });
    expect(edited.status).toBe(200);
    expect(edited.body.template).toMatchObject({ id: rejected.id, status: 'PENDING', rejectedReason: null, components: fixed.components });
    const rows = await audit(running, 'template.edited');
    expect(rows.map((r) => JSON.parse(r.details))).toEqual([expect.objectContaining({ name: 'spring_news', id: rejected.id, previousStatus: 'REJECTED' })]);
    expect(rows[0]!.teammate_id).toBe(admin.session.teammate.id);

    const approved = await waitFor(async () => (await find('spring_news'))?.status === 'APPROVED' && (await find('spring_news')));
    expect(approved.components).toEqual(fixed.components);

    // An approved template keeps its category, and Meta allows one edit a day.
    const recategorised = await admin.call<ErrorBody>(`/api/admin/templates/${rejected.id}`, {
      method: 'PUT',
      body: JSON.stringify({ ...fixed, category: 'MARKETING' }),
    });
    expect(recategorised.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'category' } });
    expect((await admin.call(`/api/admin/templates/${rejected.id}`, { method: 'PUT', body: JSON.stringify(fixed) })).status).toBe(200);
    await waitFor(async () => (await find('spring_news'))?.status === 'APPROVED');
    const tooSoon = await admin.call<ErrorBody>(`/api/admin/templates/${rejected.id}`, { method: 'PUT', body: JSON.stringify(fixed) });
    expect(tooSoon.body.error).toMatchObject({ code: 'PROVIDER_REJECTED', message: expect.stringContaining('once in 24 hours') });
  });

  test('a template still in review cannot be edited, and says so before asking Meta', async () => {
    const registry = running.connector.simulator!.management.registry;
    const reviewMs = registry.reviewMs;
    registry.reviewMs = 60_000;
    try {
      const submitted = await admin.call<{ template: TemplateView }>('/api/admin/templates', {
        method: 'POST',
        body: JSON.stringify(shippingUpdate('still_in_review')),
      });
      const edit = await admin.call<ErrorBody>(`/api/admin/templates/${submitted.body.template.id}`, {
        method: 'PUT',
        body: JSON.stringify(shippingUpdate('still_in_review')),
      });
      expect(edit.status).toBe(409);
      expect(edit.body.error).toMatchObject({
        code: 'TEMPLATE_NOT_EDITABLE',
        message: 'A template that is pending cannot be edited.',
        action: expect.stringContaining('wait for Meta'),
      });
    } finally {
      registry.reviewMs = reviewMs;
    }
  });

  test('with category change allowed, Meta approves promotional wording as marketing, and marketing is billed always', async () => {
    const promo = shippingUpdate('cactus_week', {
      components: [{ type: 'BODY', text: 'Hi {{1}}, get 20% off all cacti this week.', example: { body_text: [['Sheena']] } }],
    });
    expect((await admin.call('/api/admin/templates', { method: 'POST', body: JSON.stringify(promo) })).status).toBe(201);
    const approved = await waitFor(async () => (await find('cactus_week'))?.status === 'APPROVED' && (await find('cactus_week')));
    expect(approved).toMatchObject({ category: 'MARKETING', billing: 'always' });
  });

  test('a name already used in that language is refused with TEMPLATE_EXISTS', async () => {
    const response = await admin.call<ErrorBody>('/api/admin/templates', { method: 'POST', body: JSON.stringify(shippingUpdate('hello_world')) });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('TEMPLATE_EXISTS');
  });

  test('an admin deletes one language by its id; it leaves Meta and the list, audited, and the name stays blocked at Meta', async () => {
    await waitFor(async () => (await find('shipping_update'))?.status === 'APPROVED');
    const response = await admin.call<{ deleted: TemplateView[] }>('/api/admin/templates/shipping_update?language=en_US', { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(response.body.deleted.map((t) => t.language)).toEqual(['en_US']);
    expect(simulated().some((t) => t.name === 'shipping_update')).toBe(false);
    expect(await find('shipping_update')).toBeUndefined();
    const rows = await audit(running, 'template.deleted');
    expect(rows.map((r) => [r.teammate_id, JSON.parse(r.details).name])).toEqual([[admin.session.teammate.id, 'shipping_update']]);

    const again = await admin.call<ErrorBody>('/api/admin/templates', { method: 'POST', body: JSON.stringify(shippingUpdate('shipping_update')) });
    expect(again.status).toBe(502);
    expect(again.body.error).toMatchObject({ code: 'PROVIDER_REJECTED', details: { code: 100 } });
    expect(again.body.error.message).toMatch(/deleted less than 30 days ago/);
  });

  test('deleting a template that does not exist is NOT_FOUND', async () => {
    const response = await admin.call<ErrorBody>('/api/admin/templates/no_such_template', { method: 'DELETE' });
    expect(response.status).toBe(404);
  });

  test("an on-demand sync picks up a template created in Meta's own console", async () => {
    simulated().push({
      id: '1555000000000001',
      name: 'console_made',
      language: 'pt_BR',
      category: 'UTILITY',
      status: 'APPROVED',
      parameter_format: 'POSITIONAL',
      components: [{ type: 'BODY', text: 'Olá!' }],
    });
    const response = await admin.call<{ count: number }>('/api/admin/templates/sync', { method: 'POST' });
    expect(response.body.count).toBe(simulated().length);
    expect(await find('console_made', 'pt_BR')).toMatchObject({ id: '1555000000000001', status: 'APPROVED' });
  });

  test('a template Meta pauses for low quality raises an alert in every panel, and cannot be sent', async () => {
    await agent.thread(LUCAS);
    const stream = openStream(`${running.url}/api/contacts/${encodeURIComponent(LUCAS)}/events`, agent.session.headers);
    expect(await stream.status).toBe(200);
    const quality = await fetch(`${running.url}/sandbox/templates/seasonal_offer/quality`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'en_US', quality: 'RED' }),
    });
    expect(quality.status).toBe(200);

    const isPaused = (e: ReceivedEvent) =>
      e.event === 'template' && (e.data.template as TemplateView).name === 'seasonal_offer' && (e.data.template as TemplateView).status === 'PAUSED';
    const pushed = await waitFor(() => stream.events.find(isPaused));
    const alert = (pushed.data.alerts as AccountAlert[]).find((a) => a.kind === 'template_paused')!;
    expect(alert).toMatchObject({
      template: { name: 'seasonal_offer', language: 'en_US' },
      severity: 'warning',
      details: expect.stringContaining('paused for 3 hours'),
    });
    expect(alert.until! - alert.since!).toBe(3 * 3600_000);
    stream.close();
    expect(await find('seasonal_offer')).toMatchObject({ status: 'PAUSED', quality: 'RED' });

    const health = await agent.call<{ alerts: AccountAlert[] }>('/api/number-health');
    expect(health.body.alerts.map((a) => a.key)).toContain('template:seasonal_offer:en_US');
    const before = running.connector.simulator!.sent.length;
    const send = await agent.send(
      LUCAS,
      {
        type: 'template',
        template: {
          name: 'seasonal_offer',
          language: { code: 'en_US' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Lucas' },
                { type: 'text', text: '20%' },
              ],
            },
          ],
        },
      },
      'paused-offer-1',
    );
    expect(send.status).toBe(422);
    expect(send.body.error?.code).toBe('TEMPLATE_PAUSED');
    expect(running.connector.simulator!.sent.length).toBe(before);
  });

  test('authentication templates go out only through the one-time-code flow, never as a reply', async () => {
    const otp = {
      type: 'template',
      template: { name: 'verification_code', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '482913' }] }] },
    };
    const asReply = await agent.send(SHEENA, otp, 'otp-as-reply-1');
    expect(asReply.status).toBe(422);
    expect(asReply.body.error?.code).toBe('TEMPLATE_CATEGORY_MISUSE');

    const path = `/api/contacts/${encodeURIComponent(SHEENA)}/one-time-codes`;
    const code = await agent.call<{ message: { id: number; text: string }; billing: { billable: boolean; category: string } }>(path, {
      method: 'POST',
      headers: { 'idempotency-key': 'otp-flow-1' },
      body: JSON.stringify({ template: { name: 'verification_code', language: 'en_US' }, code: '482913' }),
    });
    expect(code.status).toBe(202);
    expect(code.body.billing).toMatchObject({ billable: true, category: 'authentication' });
    const atMeta = await waitFor(() =>
      running.connector.simulator!.sent.find((s) => (s.body.template as { name?: string } | undefined)?.name === 'verification_code'),
    );
    expect(atMeta.body.template).toMatchObject({
      components: [
        { type: 'body', parameters: [{ type: 'text', text: '482913' }] },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '482913' }] },
      ],
    });

    const wrongTemplate = await agent.call<ErrorBody>(path, {
      method: 'POST',
      headers: { 'idempotency-key': 'otp-flow-2' },
      body: JSON.stringify({ template: { name: 'hello_world', language: 'en_US' }, code: '1234' }),
    });
    expect(wrongTemplate.status).toBe(422);
    expect(wrongTemplate.body.error.code).toBe('TEMPLATE_CATEGORY_MISUSE');
  });

  test('utility is free inside the window and marketing is always marked billed', async () => {
    await customerWrites(running.url, SHEENA_WA_ID, 'Hello again');
    await waitFor(async () => (await agent.thread(SHEENA)).messages.some((m) => m.text === 'Hello again'));
    const utility = await agent.call<{ billing: unknown }>(`/api/contacts/${encodeURIComponent(SHEENA)}/messages`, {
      method: 'POST',
      headers: { 'idempotency-key': 'billing-utility-1' },
      body: JSON.stringify({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }),
    });
    expect(utility.body.billing).toEqual({ billable: false, category: 'utility', why: 'free_inside_window' });
    const marketing = await agent.call<{ billing: unknown }>(`/api/contacts/${encodeURIComponent(SHEENA)}/messages`, {
      method: 'POST',
      headers: { 'idempotency-key': 'billing-marketing-1' },
      body: JSON.stringify({
        type: 'template',
        template: { name: 'cactus_week', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Sheena' }] }] },
      }),
    });
    expect(marketing.body.billing).toEqual({ billable: true, category: 'marketing', why: 'always_billed' });
  });

  test("Meta's sample NAMED template: submitted, approved, then sent with each value named and shown as the customer reads it", async () => {
    const definition = reference<TemplateDefinition>('requests/template-create-marketing-named.json');
    expect((await admin.call('/api/admin/templates', { method: 'POST', body: JSON.stringify(definition) })).status).toBe(201);
    await waitFor(async () => (await find('seasonal_promo'))?.status === 'APPROVED');
    expect(await find('seasonal_promo')).toMatchObject({ parameterFormat: 'NAMED', category: 'MARKETING' });

    const sent = await agent.send(
      SHEENA,
      {
        type: 'template',
        template: {
          name: 'seasonal_promo',
          language: { code: 'en_US' },
          components: [
            { type: 'header', parameters: [{ type: 'text', parameter_name: 'sale_name', text: 'Spring Sale' }] },
            {
              type: 'body',
              parameters: [
                { type: 'text', parameter_name: 'discount_code', text: 'SPRING25' },
                { type: 'text', parameter_name: 'end_date', text: 'May 31' },
              ],
            },
          ],
        },
      },
      'named-template-send-1',
    );
    expect(sent.status).toBe(202);
    expect(sent.body.message.text).toBe('Shop now through May 31 and use code SPRING25 to get 25% off.');
    // Meta (the simulator) took it: it reached delivered, with no failure.
    const delivered = await waitFor(async () =>
      (await agent.thread(SHEENA)).messages.find((m) => m.id === sent.body.message.id && ['delivered', 'read', 'failed'].includes(m.status)),
    );
    expect(delivered).toMatchObject({ status: expect.stringMatching(/^(delivered|read)$/), failure: null });
  });

  test("a template with a map header (made in Meta's console) is sent with the place the agent chose", async () => {
    simulated().push({
      id: '1555000000000003',
      name: 'pickup_ready',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      parameter_format: 'POSITIONAL',
      components: [
        { type: 'HEADER', format: 'LOCATION' },
        { type: 'BODY', text: 'Your order is ready for pickup here.' },
      ],
    });
    await admin.call('/api/admin/templates/sync', { method: 'POST' });
    const content = (parameters: object[]) => ({
      type: 'template',
      template: { name: 'pickup_ready', language: { code: 'en_US' }, components: [{ type: 'header', parameters }] },
    });

    const before = running.connector.simulator!.sent.length;
    const offTheMap = await agent.send(SHEENA, content([{ type: 'location', location: { latitude: 91, longitude: 0 } }]), 'map-header-send-0');
    expect(offTheMap.status).toBe(422);
    expect(offTheMap.body.error).toMatchObject({ code: 'TEMPLATE_PARAMS_MISMATCH', details: { component: 'header' } });
    expect(running.connector.simulator!.sent.length).toBe(before);

    const place = { latitude: 37.7749, longitude: -122.4194, name: 'Lucky Shrub', address: '1 Mission St, San Francisco' };
    const sent = await agent.send(SHEENA, content([{ type: 'location', location: place }]), 'map-header-send-1');
    expect(sent.status).toBe(202);
    const delivered = await waitFor(async () =>
      (await agent.thread(SHEENA)).messages.find((m) => m.id === sent.body.message.id && ['delivered', 'read', 'failed'].includes(m.status)),
    );
    expect(delivered).toMatchObject({ status: expect.stringMatching(/^(delivered|read)$/), failure: null, text: 'Your order is ready for pickup here.' });
    const atMeta = running.connector.simulator!.sent.at(-1)!.body as { template: { components: Array<{ parameters: unknown[] }> } };
    expect(atMeta.template.components[0]!.parameters).toEqual([{ type: 'location', location: place }]);
  });
});
