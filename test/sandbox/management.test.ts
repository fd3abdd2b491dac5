/**
 * The simulator's management side answers like Meta: the shapes of
 * test/fixtures/cloud-api/responses, Meta's error envelope and codes, the
 * template review with signed status webhooks, the resumable upload, the
 * number's registration and the webhook handshake Meta makes from outside.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { SANDBOX_DEFAULTS } from '../../connector/config/config';
import { SandboxClock } from '../../connector/sandbox/clock';
import type { CloudApiSimulator } from '../../connector/sandbox/simulator/simulator';
import { reviewTemplate } from '../../connector/sandbox/simulator/template-review';
import { reference } from '../support/reference';
import { startSimulator, type SimulatorServer } from '../support/simulator-server';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { waitFor } from '../support/wait';
import { SHEENA } from '../support/fixtures';

const TOKEN = SANDBOX_DEFAULTS.accessToken;
const PHONE_ID = SANDBOX_DEFAULTS.phoneNumberId;
const WABA = SANDBOX_DEFAULTS.wabaId;
const VERIFY = 'receiver-verify-token';

let server: SimulatorServer;
let receiver: WebhookReceiver;
let receiverUrl: string;
let base: string;
let simulator: CloudApiSimulator;
const clock = new SandboxClock();
/** Each webhook's one change, with whether it was signed. */
const received = () => receiver.received.map((r) => ({ signed: r.signed, ...r.body.entry[0]!.changes[0]! }));

beforeAll(async () => {
  receiver = await startWebhookReceiver({ verifyToken: VERIFY });
  receiverUrl = receiver.url;
  server = await startSimulator({ webhookUrl: receiverUrl, clock, management: { reviewMs: 20, webhookUrl: receiverUrl } });
  simulator = server.simulator;
  base = `${server.url}/graph/v24.0`;
});

afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body !== undefined && !(body instanceof Uint8Array) ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : body instanceof Uint8Array ? (body as unknown as BodyInit) : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

type GraphError = { error: { code: number; message: string; error_subcode?: number; error_data?: { details: string } } };
const keys = (o: object) => Object.keys(o).sort();
const templateEvents = (name: string) => received().filter((r) => r.field === 'message_template_status_update' && r.value.message_template_name === name);

describe('templates', () => {
  test("Meta's create samples are accepted with the create response's shape, then reviewed with a signed webhook", async () => {
    for (const file of ['template-create-utility.json', 'template-create-marketing-named.json', 'template-create-authentication-copy-code.json']) {
      const sample = reference<{ name: string; language: string }>(`requests/${file}`);
      const created = await call('POST', `/${WABA}/message_templates`, { ...sample, name: `${sample.name}_sample` });
      expect(created.status).toBe(200);
      expect(keys(created.body)).toEqual(keys(reference('responses/template-create.json')));
      expect(created.body.status).toBe('PENDING');
      const event = await waitFor(() => templateEvents(`${sample.name}_sample`)[0]);
      expect(event.signed).toBe(true);
      expect(keys(event.value)).toEqual(
        keys(
          reference<{ entry: Array<{ changes: Array<{ value: object }> }> }>('webhooks/webhook-message-template-status-update-approved.json').entry[0]!
            .changes[0]!.value,
        ),
      );
      expect(event.value).toMatchObject({ event: 'APPROVED', message_template_id: Number(created.body.id), message_template_language: sample.language });
      const got = await call('GET', `/${created.body.id}?fields=status`);
      expect(got.body).toEqual({ id: created.body.id, status: 'APPROVED' });
    }
  });

  test('an authentication template is stored the way Meta writes it: its text and a copy-code URL button', () => {
    const stored = simulator.templates.find((t) => t.name === 'authentication_code_copy_code_button_sample')!;
    expect(stored.components).toEqual([
      { type: 'BODY', text: '*{{1}}* is your verification code. For your security, do not share this code.', add_security_recommendation: true },
      { type: 'FOOTER', text: 'This code expires in 5 minutes.', code_expiration_minutes: 5 },
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Copy Code', url: 'https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}' }] },
    ]);
  });

  test.each([
    {
      case: 'a name with capitals',
      body: { name: 'Order', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi.' }] },
      subcode: undefined,
    },
    {
      case: 'an unknown category',
      body: { name: 'x1', language: 'en_US', category: 'SERVICE', components: [{ type: 'BODY', text: 'Hi.' }] },
      subcode: undefined,
    },
    { case: 'no body', body: { name: 'x2', language: 'en_US', category: 'UTILITY', components: [{ type: 'FOOTER', text: 'Hi.' }] }, subcode: 2388043 },
    {
      case: 'a variable at the start',
      body: { name: 'x3', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: '{{1}} is here.' }] },
      subcode: 2388299,
    },
    {
      case: 'a name taken in that language',
      body: { name: 'hello_world', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi.' }] },
      subcode: 2388024,
    },
    {
      case: 'an image header without an uploaded sample',
      body: {
        name: 'x4',
        language: 'en_US',
        category: 'MARKETING',
        components: [
          { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::made-up'] } },
          { type: 'BODY', text: 'Hi.' },
        ],
      },
      subcode: 2388273,
    },
  ])("refuses $case at once with Meta's code 100", async ({ body, subcode }) => {
    const response = await call<GraphError>('POST', `/${WABA}/message_templates`, body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 100, message: '(#100) Invalid parameter' });
    expect(response.body.error.error_subcode).toBe(subcode);
    expect(response.body.error.error_data?.details).toBeTruthy();
  });

  test.each([
    { text: 'Hi {{1}}{{2}} welcome.', category: 'UTILITY', allow: true, expected: 'REJECTED:INVALID_FORMAT' },
    { text: 'You are an idiot, pay now.', category: 'UTILITY', allow: true, expected: 'REJECTED:ABUSIVE_CONTENT' },
    { text: 'Please reply with your card number and CVV.', category: 'UTILITY', allow: true, expected: 'REJECTED:SCAM' },
    { text: 'Your order has 30% off today.', category: 'UTILITY', allow: false, expected: 'REJECTED:INCORRECT_CATEGORY' },
    { text: 'Your order has 30% off today.', category: 'UTILITY', allow: true, expected: 'APPROVED:MARKETING' },
    { text: 'Big sale on cacti!', category: 'MARKETING', allow: true, expected: 'APPROVED:MARKETING' },
    { text: 'Your order has shipped.', category: 'UTILITY', allow: true, expected: 'APPROVED:UTILITY' },
  ])('the review rule: "$text" as $category → $expected', ({ text, category, allow, expected }) => {
    const outcome = reviewTemplate({ category, allowCategoryChange: allow, components: [{ type: 'BODY', text, example: { body_text: [['a', 'b']] } }] });
    expect(outcome.decision === 'REJECTED' ? `REJECTED:${outcome.reason}` : `APPROVED:${outcome.category}`).toBe(expected);
  });

  test("a rejection comes with Meta's reason and explanation, in the shape of Meta's sample", async () => {
    const created = await call('POST', `/${WABA}/message_templates`, {
      name: 'adjacent_vars',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hi {{1}}{{2}} there.', example: { body_text: [['a', 'b']] } }],
    });
    const event = await waitFor(() => templateEvents('adjacent_vars')[0]);
    const sample = reference<{ entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }> }>(
      'webhooks/webhook-message-template-status-update-rejected.json',
    ).entry[0]!.changes[0]!.value;
    expect(keys(event.value)).toEqual(keys(sample));
    expect(event.value).toMatchObject({
      event: 'REJECTED',
      reason: 'INVALID_FORMAT',
      rejection_info: sample.rejection_info,
      message_template_id: Number(created.body.id),
    });
  });

  test('a promotional utility template is re-categorised as marketing, with a template_category_update', async () => {
    await call('POST', `/${WABA}/message_templates`, {
      name: 'promo_utility',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Spring sale: 20% off.' }],
    });
    await waitFor(() => templateEvents('promo_utility')[0]);
    expect(templateEvents('promo_utility')[0]!.value).toMatchObject({ event: 'APPROVED', message_template_category: 'MARKETING' });
    expect(received().find((r) => r.field === 'template_category_update' && r.value.message_template_name === 'promo_utility')?.value).toMatchObject({
      previous_category: 'UTILITY',
      new_category: 'MARKETING',
    });
  });

  test('deletes one language by hsm_id or every language by name; a deleted approved name is blocked for 30 days', async () => {
    for (const language of ['en_US', 'pt_BR', 'es']) {
      expect(
        (
          await call('POST', `/${WABA}/message_templates`, {
            name: 'multi_lang',
            language,
            category: 'UTILITY',
            components: [{ type: 'BODY', text: 'Hello.' }],
          })
        ).status,
      ).toBe(200);
    }
    await waitFor(() => templateEvents('multi_lang').length === 3);
    const pt = simulator.templates.find((t) => t.name === 'multi_lang' && t.language === 'pt_BR')!;
    const one = await call('DELETE', `/${WABA}/message_templates?name=multi_lang&hsm_id=${pt.id}`);
    expect(one.body).toEqual(reference('responses/success-true.json'));
    expect(
      simulator.templates
        .filter((t) => t.name === 'multi_lang')
        .map((t) => t.language)
        .sort(),
    ).toEqual(['en_US', 'es']);
    await call('DELETE', `/${WABA}/message_templates?name=multi_lang`);
    expect(simulator.templates.some((t) => t.name === 'multi_lang')).toBe(false);
    const blocked = await call<GraphError>('POST', `/${WABA}/message_templates`, {
      name: 'multi_lang',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hello.' }],
    });
    expect(blocked.body.error.error_subcode).toBe(2388023);
    clock.advance(31 * 24 * 3600_000);
    expect(
      (
        await call('POST', `/${WABA}/message_templates`, {
          name: 'multi_lang',
          language: 'en_US',
          category: 'UTILITY',
          components: [{ type: 'BODY', text: 'Hello.' }],
        })
      ).status,
    ).toBe(200);
  });

  test('a rejected template is edited and reviewed again; an approved one keeps its category and is edited at most once in 24 hours', async () => {
    const created = await call('POST', `/${WABA}/message_templates`, {
      name: 'fix_me',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hi {{1}}{{2}} there.', example: { body_text: [['a', 'b']] } }],
    });
    await waitFor(() => templateEvents('fix_me')[0]);
    expect(templateEvents('fix_me')[0]!.value.event).toBe('REJECTED');

    const edited = await call('POST', `/${created.body.id}`, {
      components: [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} shipped.', example: { body_text: [['Sheena', '#4821']] } }],
    });
    expect(edited.body).toEqual(reference('responses/success-true.json'));
    expect((await call('GET', `/${created.body.id}?fields=status`)).body).toEqual({ id: created.body.id, status: 'PENDING' });
    await waitFor(() => templateEvents('fix_me')[1]);
    expect(templateEvents('fix_me')[1]!.value).toMatchObject({ event: 'APPROVED', message_template_id: Number(created.body.id) });

    const body = { components: [{ type: 'BODY', text: 'Hello {{1}}, your order {{2}} has shipped.', example: { body_text: [['Sheena', '#4821']] } }] };
    const recategorised = await call<GraphError>('POST', `/${created.body.id}`, { ...body, category: 'MARKETING' });
    expect(recategorised.body.error).toMatchObject({ code: 100, error_data: { details: "The category of an approved template can't be changed." } });
    expect((await call('POST', `/${created.body.id}`, body)).status).toBe(200);
    await waitFor(() => templateEvents('fix_me')[2]);
    const tooSoon = await call<GraphError>('POST', `/${created.body.id}`, body);
    expect(tooSoon.body.error.error_data!.details).toMatch(/once in 24 hours/);
    clock.advance(25 * 3600_000);
    const registry = simulator.management.registry;
    const reviewMs = registry.reviewMs;
    registry.reviewMs = 60_000; // still in review when edited again
    try {
      expect((await call('POST', `/${created.body.id}`, body)).status).toBe(200);
      const pending = await call<GraphError>('POST', `/${created.body.id}`, body);
      expect(pending.body.error.error_data!.details).toMatch(/pending template cannot be edited/);
    } finally {
      registry.reviewMs = reviewMs;
    }
  });

  test('low quality pauses a template for 3 h, then 6 h, then disables it; a disabled template cannot be deleted or sent', async () => {
    const t = simulator.templates.find((x) => x.name === 'order_update')!;
    simulator.management.registry.setQuality(t, 'RED');
    expect(t.status).toBe('PAUSED');
    const send = () =>
      simulator.send({
        messaging_product: 'whatsapp',
        to: SHEENA,
        type: 'template',
        template: { name: 'order_update', language: { code: 'en_US' }, components: [] },
      });
    expect((send().body as GraphError).error.code).toBe(132015);
    clock.advance(3 * 3600_000 + 1000);
    simulator.management.registry.liftPauses();
    expect(t.status).toBe('APPROVED');
    simulator.management.registry.setQuality(t, 'RED');
    const second = await waitFor(() =>
      templateEvents('order_update').find((e) => (e.value.other_info as { title?: string } | undefined)?.title === 'SECOND_PAUSE'),
    );
    expect((second.value.other_info as { description: string }).description).toMatch(/paused for 6 hours/);
    clock.advance(6 * 3600_000 + 1000);
    simulator.management.registry.liftPauses();
    simulator.management.registry.setQuality(t, 'RED');
    expect(t.status).toBe('DISABLED');
    expect((send().body as GraphError).error.code).toBe(132016);
    await waitFor(() => templateEvents('order_update').length >= 5);
    expect(templateEvents('order_update').map((e) => e.value.event)).toEqual(['PAUSED', 'REINSTATED', 'PAUSED', 'REINSTATED', 'DISABLED']);
    expect(
      received()
        .filter((r) => r.field === 'message_template_quality_update' && r.value.message_template_name === 'order_update')
        .map((r) => r.value.new_quality_score),
    ).toEqual(['RED', 'RED', 'RED']);
    const deleted = await call<GraphError>('DELETE', `/${WABA}/message_templates?name=order_update`);
    expect(deleted.status).toBe(400);
  });
});

describe('business profile and resumable upload', () => {
  test("GET answers in the guide's shape", async () => {
    const response = await call<{ data: Array<Record<string, unknown>> }>(
      'GET',
      `/${PHONE_ID}/whatsapp_business_profile?fields=about,address,description,email,websites,vertical`,
    );
    const sample = reference<{ data: Array<Record<string, unknown>> }>('responses/business-profile-get.json').data[0]!;
    const { profile_picture_url: _, ...withoutPicture } = sample;
    expect(response.body.data[0]).toEqual(withoutPicture);
  });

  test.each([
    { field: 'about', value: 'x'.repeat(140) },
    { field: 'about', value: '' },
    { field: 'description', value: 'x'.repeat(513) },
    { field: 'email', value: 'not-an-email' },
    { field: 'websites', value: ['https://a.example', 'https://b.example', 'https://c.example'] },
    { field: 'websites', value: ['www.example.com'] },
    { field: 'vertical', value: 'CACTI' },
    { field: 'profile_picture_handle', value: '4::unknown' },
  ])("refuses $field = $value with Meta's #100", async ({ field, value }) => {
    const response = await call<GraphError>('POST', `/${PHONE_ID}/whatsapp_business_profile`, { messaging_product: 'whatsapp', [field]: value });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(100);
    expect(response.body.error.error_data?.details).toContain(field);
  });

  test("Meta's update sample is accepted once its picture handle comes from a real upload", async () => {
    const png = new Uint8Array(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const session = await call<{ id: string }>('POST', `/1234567890123456/uploads?file_name=logo.png&file_length=${png.length}&file_type=image/png`);
    expect(session.body.id).toMatch(/^upload:/);
    // A first transfer breaks after 5 bytes; the session says where to resume.
    const partial = await call('POST', `/${session.body.id}`, png.subarray(0, 5), { authorization: `OAuth ${TOKEN}`, file_offset: '0' });
    expect(partial.body).toEqual({ id: session.body.id, file_offset: 5 });
    const wrongOffset = await call<GraphError>('POST', `/${session.body.id}`, png.subarray(5), { authorization: `OAuth ${TOKEN}`, file_offset: '0' });
    expect(wrongOffset.body.error.code).toBe(100);
    const status = await call<{ file_offset: number }>('GET', `/${session.body.id}`, undefined, { authorization: `OAuth ${TOKEN}` });
    const done = await call<{ h: string }>('POST', `/${session.body.id}`, png.subarray(status.body.file_offset), {
      authorization: `OAuth ${TOKEN}`,
      file_offset: String(status.body.file_offset),
    });
    expect(done.body.h).toMatch(/^4::aW1hZ2UvcG5n:/);
    const sample = reference<Record<string, unknown>>('requests/business-profile-update.json');
    const update = await call('POST', `/${PHONE_ID}/whatsapp_business_profile`, { ...sample, profile_picture_handle: done.body.h });
    expect(update.body).toEqual({ success: true });
    const profile = await call<{ data: Array<{ profile_picture_url: string }> }>('GET', `/${PHONE_ID}/whatsapp_business_profile`);
    const picture = await fetch(profile.body.data[0]!.profile_picture_url);
    expect(Buffer.from(await picture.arrayBuffer())).toEqual(Buffer.from(png));
  });

  test.each([
    { case: 'another app', path: '/999/uploads?file_name=a.png&file_length=10&file_type=image/png' },
    { case: 'an unsupported type', path: '/1234567890123456/uploads?file_name=a.gif&file_length=10&file_type=image/gif' },
    { case: 'no length', path: '/1234567890123456/uploads?file_name=a.png&file_type=image/png' },
  ])('refuses an upload session for $case', async ({ path }) => {
    expect((await call<GraphError>('POST', path)).body.error.code).toBe(100);
  });
});

describe('phone number, registration, subscription, token', () => {
  beforeEach(() => {
    simulator.management.number.status = 'CONNECTED';
  });

  test("the number's fields answer in the shape of Meta's sample; an unknown field is refused", async () => {
    const sample = reference<Record<string, unknown>>('responses/phone-number-get.json');
    const response = await call('GET', `/${PHONE_ID}?fields=${Object.keys(sample).join(',')}`);
    expect(keys(response.body)).toEqual(keys(sample));
    expect(response.body).toMatchObject({
      quality_rating: 'GREEN',
      name_status: 'APPROVED',
      whatsapp_business_manager_messaging_limit: 'TIER_2K',
      throughput: { level: 'STANDARD' },
      status: 'CONNECTED',
    });
    expect(keys((await call('GET', `/${PHONE_ID}`)).body)).toEqual(['display_phone_number', 'id', 'quality_rating', 'verified_name']);
    const unknown = await call<GraphError>('GET', `/${PHONE_ID}?fields=id,favourite_colour`);
    expect(unknown.body.error.error_data?.details).toMatch(/nonexisting field \(favourite_colour\)/);
  });

  test('registration needs a 6-digit PIN, which must match the two-step PIN once set, 10 times per 72 hours at most', async () => {
    simulator.management.number.status = 'PENDING';
    expect((await call<GraphError>('POST', `/${PHONE_ID}/register`, { messaging_product: 'whatsapp', pin: '12345' })).body.error.code).toBe(100);
    const ok = await call('POST', `/${PHONE_ID}/register`, reference('requests/register-phone.json'));
    expect(ok.body).toEqual({ success: true });
    expect(simulator.management.number.status).toBe('CONNECTED');
    expect((await call<GraphError>('POST', `/${PHONE_ID}/register`, { messaging_product: 'whatsapp', pin: '000000' })).body.error.code).toBe(133005);
    for (let i = 0; i < 8; i++) await call('POST', `/${PHONE_ID}/register`, reference('requests/register-phone.json'));
    expect((await call<GraphError>('POST', `/${PHONE_ID}/register`, reference('requests/register-phone.json'))).body.error.code).toBe(133016);
    clock.advance(73 * 3600_000);
    expect((await call('POST', `/${PHONE_ID}/register`, reference('requests/register-phone.json'))).status).toBe(200);
  });

  test("subscribed_apps answers in Meta's shape, and an override is verified by the GET handshake first", async () => {
    expect(keys((await call<{ data: object[] }>('GET', `/${WABA}/subscribed_apps`)).body.data[0]!)).toEqual(
      keys(reference<{ data: object[] }>('responses/subscribed-apps-get.json').data[0]!),
    );
    expect((await call('DELETE', `/${WABA}/subscribed_apps`)).body).toEqual({ success: true });
    expect((await call<{ data: object[] }>('GET', `/${WABA}/subscribed_apps`)).body.data).toEqual([]);

    const wrong = await call<GraphError>('POST', `/${WABA}/subscribed_apps`, { override_callback_uri: receiverUrl, verify_token: 'not-the-token' });
    expect(wrong.body.error).toMatchObject({ code: 2200 });
    expect(wrong.body.error.error_data?.details).toMatch(/HTTP Status Code = 403/);
    const unreachable = await call<GraphError>('POST', `/${WABA}/subscribed_apps`, {
      override_callback_uri: 'http://127.0.0.1:9/webhooks',
      verify_token: VERIFY,
    });
    expect(unreachable.body.error.error_data?.details).toMatch(/Couldn't connect/);
    expect((await call<{ data: object[] }>('GET', `/${WABA}/subscribed_apps`)).body.data).toEqual([]);

    expect((await call('POST', `/${WABA}/subscribed_apps`, { override_callback_uri: receiverUrl, verify_token: VERIFY })).body).toEqual({ success: true });
    expect((await call<{ data: Array<{ override_callback_uri?: string }> }>('GET', `/${WABA}/subscribed_apps`)).body.data[0]!.override_callback_uri).toBe(
      receiverUrl,
    );
  });

  test('debug_token reports the scopes and the WABA they cover', async () => {
    const response = await call<{ data: { is_valid: boolean; scopes: string[]; granular_scopes: Array<{ scope: string; target_ids?: string[] }> } }>(
      'GET',
      `/debug_token?input_token=${TOKEN}`,
    );
    expect(response.body.data).toMatchObject({ is_valid: true, app_id: '1234567890123456', type: 'SYSTEM_USER', expires_at: 0 });
    expect(response.body.data.scopes).toEqual(expect.arrayContaining(['whatsapp_business_management', 'whatsapp_business_messaging']));
    expect(response.body.data.granular_scopes.find((g) => g.scope === 'whatsapp_business_management')?.target_ids).toEqual([WABA]);
    expect((await call<{ data: { is_valid: boolean } }>('GET', '/debug_token?input_token=someone-else')).body.data.is_valid).toBe(false);
  });

  test('the WABA and its numbers are found; an unknown id is refused like Graph', async () => {
    expect((await call('GET', `/${WABA}`)).body).toMatchObject({ id: WABA, name: 'Lucky Shrub' });
    const numbers = await call<{ data: Array<{ id: string }> }>('GET', `/${WABA}/phone_numbers`);
    expect(numbers.body.data.map((n) => n.id)).toEqual([PHONE_ID]);
    const unknown = await call<GraphError>('GET', '/123');
    expect(unknown.body.error.error_data?.details).toMatch(/Object with ID '123' does not exist/);
  });
});
