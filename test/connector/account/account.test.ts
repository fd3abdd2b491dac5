/**
 * The business profile and the number's health through the real connector and
 * the simulator: every teammate reads them, only admins change the profile
 * (within Meta's limits, audited), the picture goes through Meta's resumable
 * upload, and account webhooks raise alerts in every panel.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AccountAlert, BusinessProfileView, NumberHealthResponse } from '../../../connector/domain/account-views';
import { ApiClient } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { reference, referenceFiles } from '../../support/reference';
import { signIn } from '../../support/sign-in';
import { openStream } from '../../support/sse';
import { waitFor } from '../../support/wait';
import { postWebhook } from '../../support/webhooks';
import { SHEENA, SUPPORT_DISPLAY_NUMBER, SUPPORT_NUMBER_ID } from '../../support/fixtures';

interface ErrorBody {
  error: { code: string; message: string; action: string; details?: { violations?: Array<{ rule: string; path: string }> } & Record<string, unknown> };
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const GIF = Buffer.from('47494638396101000100', 'hex');

let running: RunningConnector;
let agent: ApiClient;
let admin: ApiClient;
const management = () => running.connector.simulator!.management;

beforeAll(async () => {
  running = await startConnector();
  agent = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  admin = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'alex'));
});

afterAll(async () => {
  await running?.close();
});

async function sandboxNumber(patch: Record<string, string>): Promise<void> {
  const response = await fetch(`${running.url}/sandbox/number`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  expect(response.status).toBe(200);
}

const health = async () => (await agent.call<NumberHealthResponse>('/api/number-health')).body;

describe('business profile', () => {
  test('every teammate reads the profile customers see', async () => {
    const response = await agent.call<{ profile: BusinessProfileView }>('/api/business-profile');
    expect(response.status).toBe(200);
    const sample = reference<{ data: Array<Record<string, unknown>> }>('responses/business-profile-get.json').data[0]!;
    expect(response.body.profile).toMatchObject({
      about: sample.about,
      address: sample.address,
      email: sample.email,
      vertical: sample.vertical,
      websites: sample.websites,
    });
  });

  test('an agent may not change it', async () => {
    const response = await agent.call<ErrorBody>('/api/admin/business-profile', { method: 'PATCH', body: JSON.stringify({ about: 'Hacked' }) });
    expect(response.status).toBe(403);
    expect(management().profile.about).toBe('Succulents, delivered.');
  });

  test.each([
    { rule: 'about.length', update: { about: 'x'.repeat(140) } },
    { rule: 'about.length', update: { about: '' } },
    { rule: 'websites.count', update: { websites: ['https://a.example', 'https://b.example', 'https://c.example'] } },
    { rule: 'websites.format', update: { websites: ['luckyshrub.com'] } },
    { rule: 'email.format', update: { email: 'support(at)luckyshrub.com' } },
    { rule: 'description.length', update: { description: 'x'.repeat(513) } },
    { rule: 'vertical.known', update: { vertical: 'CACTI' } },
  ])("Meta's limit $rule is enforced before anything reaches Meta", async ({ rule, update }) => {
    const before = JSON.stringify(management().profile);
    const response = await admin.call<ErrorBody>('/api/admin/business-profile', { method: 'PATCH', body: JSON.stringify(update) });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('PROFILE_INVALID');
    expect(response.body.error.details!.violations!.map((v) => v.rule)).toEqual([rule]);
    expect(response.body.error.message).toContain(rule);
    expect(JSON.stringify(management().profile)).toBe(before);
  });

  test('an admin changes it: Meta has it, it reads back, audited with before and after, pushed live', async () => {
    await agent.thread(SHEENA);
    const stream = openStream(`${running.url}/api/contacts/${encodeURIComponent(SHEENA)}/events`, agent.session.headers);
    expect(await stream.status).toBe(200);
    const update = { about: 'Cacti and succulents, delivered.', websites: ['https://www.luckyshrub.com/'] };
    const response = await admin.call<{ profile: BusinessProfileView }>('/api/admin/business-profile', { method: 'PATCH', body: JSON.stringify(update) });
    expect(response.status).toBe(200);
    expect(response.body.profile).toMatchObject(update);
    expect(management().profile).toMatchObject(update);
    expect((await agent.call<{ profile: BusinessProfileView }>('/api/business-profile')).body.profile).toMatchObject({
      ...update,
      email: 'support@luckyshrub.com',
    });

    const [row] = await running.connector.db('audit_log').where({ action: 'profile.changed' });
    expect(row.teammate_id).toBe(admin.session.teammate.id);
    expect(JSON.parse(row.details)).toEqual({
      // The default number's profile, named like any other number's (Meta keeps one per number).
      number: { id: SUPPORT_NUMBER_ID, label: 'Support', displayPhoneNumber: SUPPORT_DISPLAY_NUMBER },
      fields: ['about', 'websites'],
      before: { about: 'Succulents, delivered.', websites: ['https://www.luckyshrub.com/', 'https://www.instagram.com/luckyshrub'] },
      after: update,
    });
    await waitFor(() => stream.events.some((e) => e.event === 'profile' && (e.data.profile as BusinessProfileView).about === update.about));
    stream.close();
  });

  test("a new picture goes through Meta's resumable upload and shows in the profile", async () => {
    const upload = await fetch(`${running.url}/api/admin/uploads?purpose=profile_picture&fileName=logo.png`, {
      method: 'POST',
      headers: { ...admin.session.headers, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(upload.status).toBe(201);
    const { handle, type } = (await upload.json()) as { handle: string; type: string };
    expect(type).toBe('image/png');
    expect(handle).toMatch(/^4::/);
    const response = await admin.call<{ profile: BusinessProfileView }>('/api/admin/business-profile', {
      method: 'PATCH',
      body: JSON.stringify({ profilePictureHandle: handle }),
    });
    expect(response.status).toBe(200);
    const url = response.body.profile.profilePictureUrl!;
    const picture = await fetch(url);
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await picture.arrayBuffer())).toEqual(PNG);
    const rows = await running.connector.db('audit_log').where({ action: 'profile.changed' }).orderBy('id');
    expect(JSON.parse(rows.at(-1).details).fields).toEqual(['profilePicture']);
  });

  test.each([
    { case: 'a GIF as profile picture', purpose: 'profile_picture', body: GIF, status: 422, code: 'UPLOAD_INVALID' },
    { case: 'an empty file', purpose: 'profile_picture', body: Buffer.alloc(0), status: 422, code: 'UPLOAD_INVALID' },
    { case: 'an unknown purpose', purpose: 'wallpaper', body: PNG, status: 400, code: 'VALIDATION_FAILED' },
  ])('refuses $case with $code', async ({ purpose, body, status, code }) => {
    const response = await fetch(`${running.url}/api/admin/uploads?purpose=${purpose}`, {
      method: 'POST',
      headers: { ...admin.session.headers, 'content-type': 'application/octet-stream' },
      body,
    });
    expect(response.status).toBe(status);
    expect(((await response.json()) as ErrorBody).error.code).toBe(code);
  });

  test('an agent may not upload', async () => {
    const response = await fetch(`${running.url}/api/admin/uploads?purpose=profile_picture`, {
      method: 'POST',
      headers: { ...agent.session.headers, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(response.status).toBe(403);
  });
});

describe('number health', () => {
  test('shows the display name and its approval, quality, messaging limit and throughput', async () => {
    const { health: h, alerts } = await health();
    expect(h).toMatchObject({
      phoneNumberId: '106540352242922',
      displayPhoneNumber: '15550783881',
      verifiedName: 'Lucky Shrub',
      nameStatus: 'APPROVED',
      qualityRating: 'GREEN',
      messagingLimit: { tier: 'TIER_2K', perDay: 2000 },
      throughput: { level: 'STANDARD', perSecond: 80 },
      status: 'CONNECTED',
    });
    expect(alerts).toEqual([]);
  });

  test('a quality drop reaches every panel as an alert', async () => {
    await agent.thread('+34612345678');
    const stream = openStream(`${running.url}/api/contacts/${encodeURIComponent('+34612345678')}/events`, agent.session.headers);
    expect(await stream.status).toBe(200);
    await sandboxNumber({ quality_rating: 'YELLOW' });
    const medium = await waitFor(() => stream.events.find((e) => e.event === 'health' && (e.data.alerts as AccountAlert[]).some((a) => a.kind === 'quality')));
    expect((medium.data.alerts as AccountAlert[]).find((a) => a.kind === 'quality')).toMatchObject({ severity: 'warning', value: 'YELLOW' });

    // RED: Meta flags the number with a phone_number_quality_update webhook.
    await sandboxNumber({ quality_rating: 'RED' });
    await waitFor(async () => (await health()).alerts.some((a) => a.kind === 'quality' && a.severity === 'critical'));
    const events = await admin.call<{ data: Array<{ field: string; event: string }> }>('/api/admin/account-events?limit=5');
    expect(events.body.data.map((e) => `${e.field}:${e.event}`)).toContain('phone_number_quality_update:FLAGGED');
    stream.close();

    await sandboxNumber({ quality_rating: 'GREEN' });
    await waitFor(async () => (await health()).health?.qualityRating === 'GREEN');
    expect((await health()).alerts.filter((a) => a.kind === 'quality')).toEqual([]);
  });

  test('a lowered messaging limit and a declined display name raise alerts; a raised limit does not', async () => {
    await sandboxNumber({ messaging_limit: 'TIER_250' });
    const lowered = await waitFor(async () => (await health()).alerts.find((a) => a.kind === 'limit_lowered'));
    expect(lowered).toMatchObject({ value: 'TIER_250', previous: 'TIER_2K' });
    await sandboxNumber({ verified_name: 'Lucky Shrub Cacti', name_status: 'DECLINED' });
    await waitFor(async () => (await health()).alerts.some((a) => a.kind === 'display_name'));
    expect((await health()).health).toMatchObject({ nameStatus: 'DECLINED', messagingLimit: { tier: 'TIER_250', perDay: 250 } });
    await sandboxNumber({ messaging_limit: 'TIER_10K', name_status: 'APPROVED' });
    await waitFor(async () => (await health()).health?.messagingLimit.tier === 'TIER_10K');
    expect((await health()).health?.nameStatus).toBe('APPROVED');
  });

  test('an admin can ask Meta for the health now; an agent cannot, and cannot read the raw events', async () => {
    management().number.throughput = 'HIGH';
    expect((await agent.call('/api/admin/number-health/refresh', { method: 'POST' })).status).toBe(403);
    expect((await agent.call('/api/admin/account-events')).status).toBe(403);
    const refreshed = await admin.call<NumberHealthResponse>('/api/admin/number-health/refresh', { method: 'POST' });
    expect(refreshed.body.health?.throughput).toEqual({ level: 'HIGH', perSecond: 1000 });
  });
});

describe("Meta's account webhooks", () => {
  const fieldOf = (file: string) => reference<{ entry: Array<{ changes: Array<{ field: string }> }> }>(`webhooks/${file}`).entry[0]!.changes[0]!.field;
  // Fields about one customer (their messages, marketing preference, the phone app's echoes, history and address book) belong to messaging.
  const customerFields = new Set(['messages', 'user_preferences', 'smb_message_echoes', 'history', 'smb_app_state_sync']);
  const accountSamples = referenceFiles('webhooks').filter((f) => !customerFields.has(fieldOf(f)));

  test('the samples cover every field handled', () => {
    expect(accountSamples.length).toBeGreaterThanOrEqual(9);
  });

  test.each(accountSamples)('%s is kept as Meta sent it', async (file) => {
    const sample = reference<{ entry: Array<{ changes: Array<{ field: string; value: Record<string, unknown> }> }> }>(`webhooks/${file}`);
    const { field, value } = sample.entry[0]!.changes[0]!;
    expect((await postWebhook(running.url, sample)).status).toBe(200);
    await running.connector.webhooks.idle();
    const [row] = await running.connector.db('account_events').where({ field }).orderBy('id', 'desc').limit(1);
    expect(JSON.parse(row.value)).toEqual(value);
    const failed = await running.connector.db('webhook_inbox').whereNotNull('last_error');
    expect(failed).toEqual([]);
  });

  test("a rejection webhook shows Meta's reason and its words in the list (matched by name when the id differs, en-US read as en_US)", async () => {
    await postWebhook(running.url, reference('webhooks/webhook-message-template-status-update-rejected.json'));
    await running.connector.webhooks.idle();
    const templates = (
      await agent.call<{ data: Array<{ name: string; status: string; rejectedReason: string | null; statusDetail: { description: string } | null }> }>(
        '/api/templates',
      )
    ).body.data;
    expect(templates.find((t) => t.name === 'order_update')).toMatchObject({
      status: 'REJECTED',
      rejectedReason: 'INVALID_FORMAT',
      statusDetail: { description: expect.stringContaining('{{1}}{{2}}') },
    });
  });

  test('an active account alert from Meta shows in every panel until Meta resolves it', async () => {
    const sample = reference<{ entry: Array<{ changes: Array<{ value: { alert_info: Record<string, string> } }> }> }>('webhooks/webhook-account-alerts.json');
    expect((await health()).alerts.map((a) => a.key)).toContain('meta:INCREASED_CAPABILITIES_ELIGIBILITY_DEFERRED');
    sample.entry[0]!.changes[0]!.value.alert_info.alert_status = 'RESOLVED';
    await postWebhook(running.url, sample);
    await running.connector.webhooks.idle();
    expect((await health()).alerts.map((a) => a.key)).not.toContain('meta:INCREASED_CAPABILITIES_ELIGIBILITY_DEFERRED');
  });
});
