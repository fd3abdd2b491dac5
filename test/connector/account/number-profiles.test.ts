/**
 * The business profile per number, through the real connector and the Cloud API simulator (the
 * sandbox's Support and Sales), on SQLite and PostgreSQL. Meta keeps one profile per phone number
 * (GET/POST /{phone-number-id}/whatsapp_business_profile): `?number=` names which one, the default
 * when absent; a number that is not one of ours is refused with the list of ours.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BusinessProfileView } from '../../../connector/domain/account-views';
import { ApiClient } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { signIn } from '../../support/sign-in';
import { openStream } from '../../support/sse';
import { waitFor } from '../../support/wait';
import { SALES_DISPLAY_NUMBER, SALES_NUMBER_ID, SHEENA, SUPPORT_NUMBER_ID } from '../../support/fixtures';

interface ProfileBody {
  profile: BusinessProfileView;
  phoneNumberId: string;
}
interface ErrorBody {
  error: { code: string; message: string; action: string; details?: Record<string, unknown> };
}

describe.each(DB_KINDS)('the business profile of each number on %s', (kind) => {
  let running: RunningConnector;
  let agent: ApiClient;
  let admin: ApiClient;
  const management = () => running.connector.simulator!.management;

  beforeAll(async () => {
    running = await startConnector({ db: kind });
    agent = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
    admin = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'alex'));
  });

  afterAll(async () => {
    await running?.close();
  });

  test("an admin changes Sales's profile: Meta's Sales profile changes, Support's stays, the audit names Sales", async () => {
    await agent.thread(SHEENA);
    const stream = openStream(`${running.url}/api/contacts/${encodeURIComponent(SHEENA)}/events`, agent.session.headers);
    expect(await stream.status).toBe(200);
    try {
      const update = { about: 'Sales: bulk orders and gifts.', email: 'sales@luckyshrub.com' };
      const changed = await admin.call<ProfileBody>(`/api/admin/business-profile?number=${SALES_NUMBER_ID}`, {
        method: 'PATCH',
        body: JSON.stringify(update),
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ phoneNumberId: SALES_NUMBER_ID, profile: update });

      // Meta's side: only Sales's profile changed.
      expect(management().getProfile(null, '', SALES_NUMBER_ID).data).toEqual([expect.objectContaining(update)]);
      expect(management().profile.about).toBe('Succulents, delivered.');

      // Every teammate reads each number's own profile; without ?number= the default's (Support).
      const sales = await agent.call<ProfileBody>(`/api/business-profile?number=${SALES_NUMBER_ID}`);
      expect(sales.body).toMatchObject({ phoneNumberId: SALES_NUMBER_ID, profile: update });
      const support = await agent.call<ProfileBody>('/api/business-profile');
      expect(support.body).toMatchObject({ phoneNumberId: SUPPORT_NUMBER_ID, profile: { about: 'Succulents, delivered.', email: 'support@luckyshrub.com' } });
      const named = await agent.call<ProfileBody>(`/api/business-profile?number=${SUPPORT_NUMBER_ID}`);
      expect(named.body.profile.about).toBe('Succulents, delivered.');

      const rows = await running.connector.db('audit_log').where({ action: 'profile.changed' }).orderBy('id');
      expect(JSON.parse(rows.at(-1).details)).toMatchObject({
        number: { id: SALES_NUMBER_ID, label: 'Sales', displayPhoneNumber: SALES_DISPLAY_NUMBER },
        fields: ['about', 'email'],
        before: { about: 'Succulents, delivered.', email: 'support@luckyshrub.com' },
        after: update,
      });

      // The panels' header shows the default number's profile: a change to Sales's is not pushed as theirs.
      const supportUpdate = { about: 'Support: we answer within the hour.' };
      await admin.call<ProfileBody>('/api/admin/business-profile', { method: 'PATCH', body: JSON.stringify(supportUpdate) });
      await waitFor(() => stream.events.some((e) => e.event === 'profile' && (e.data.profile as BusinessProfileView).about === supportUpdate.about));
      const pushed = stream.events.filter((e) => e.event === 'profile').map((e) => (e.data.profile as BusinessProfileView).about);
      expect(pushed).not.toContain(update.about);
      const [last] = await running.connector.db('audit_log').where({ action: 'profile.changed' }).orderBy('id', 'desc');
      expect(JSON.parse(last.details).number).toMatchObject({ id: SUPPORT_NUMBER_ID, label: 'Support' });
    } finally {
      stream.close();
    }
  });

  test("a new picture for Sales is Sales's only", async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const upload = await fetch(`${running.url}/api/admin/uploads?purpose=profile_picture&fileName=sales.png`, {
      method: 'POST',
      headers: { ...admin.session.headers, 'content-type': 'image/png' },
      body: png,
    });
    const { handle } = (await upload.json()) as { handle: string };
    const response = await admin.call<ProfileBody>(`/api/admin/business-profile?number=${SALES_NUMBER_ID}`, {
      method: 'PATCH',
      body: JSON.stringify({ profilePictureHandle: handle }),
    });
    expect(response.status).toBe(200);
    expect(response.body.profile.profilePictureUrl).toMatch(/\/pps\/[0-9a-f]+$/);
    const support = await agent.call<ProfileBody>('/api/business-profile');
    expect(support.body.profile.profilePictureUrl).not.toBe(response.body.profile.profilePictureUrl);
  });

  test('a number that is not one of ours is refused, saying which are and what to do; Meta is not asked', async () => {
    const before = JSON.stringify([...management().otherProfiles]);
    const read = await agent.call<ErrorBody>('/api/business-profile?number=999999999999999');
    expect(read.status).toBe(400);
    expect(read.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(read.body.error)).toContain(SALES_NUMBER_ID);
    expect(JSON.stringify(read.body.error)).toContain('WHATSAPP_PHONE_NUMBERS');

    const write = await admin.call<ErrorBody>('/api/admin/business-profile?number=999999999999999', {
      method: 'PATCH',
      body: JSON.stringify({ about: 'Nobody' }),
    });
    expect(write.status).toBe(400);
    expect(write.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify([...management().otherProfiles])).toBe(before);
  });

  test("an agent cannot change another number's profile either", async () => {
    const response = await agent.call<ErrorBody>(`/api/admin/business-profile?number=${SALES_NUMBER_ID}`, {
      method: 'PATCH',
      body: JSON.stringify({ about: 'Hacked' }),
    });
    expect(response.status).toBe(403);
    expect(management().getProfile(null, '', SALES_NUMBER_ID).data).not.toEqual([expect.objectContaining({ about: 'Hacked' })]);
  });
});
