/**
 * A customer's MMS (issue 11 §6): the simulator sends it as Twilio does (an MM
 * SID, NumMedia, MediaUrl{i} behind the account's basic auth), and the thread
 * says that files arrived, of what type and where to find them, instead of
 * showing the text alone as if nothing else came.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SANDBOX_DEFAULTS } from '../../connector/config/config';
import { samplePng } from '../../connector/sandbox/simulator/samples';
import { ApiClient } from '../support/api';
import { startConnector, type RunningConnector } from '../support/connector';
import { signIn } from '../support/sign-in';
import { waitFor } from '../support/wait';

const NINA = '+16505557788';
let running: RunningConnector;
let api: ApiClient;

beforeAll(async () => {
  running = await startConnector();
  api = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
});

afterAll(async () => {
  await running?.close();
});

async function customerSendsMms(body: string, media: Array<{ contentType: string }>): Promise<string> {
  const response = await fetch(`${running.url}/sandbox/sms/customers/${NINA.slice(1)}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body, media }) });
  const answer = (await response.json()) as { sid: string; webhook: { status: number } };
  expect(answer.webhook.status).toBe(200);
  return answer.sid;
}

test('an MMS with a picture shows its text and says a picture arrived, and where to see it', async () => {
  const sid = await customerSendsMms('This is the broken part', [{ contentType: 'image/png' }]);
  const message = await waitFor(async () => (await api.thread(NINA)).messages.find((m) => m.wamid === sid));
  expect(sid).toMatch(/^MM/);
  expect(message).toMatchObject({ direction: 'in', channel: 'sms', type: 'mms' });
  expect(message.text).toContain('This is the broken part');
  expect(message.text).toMatch(/sent a picture by MMS \(image\/png\)/);
  expect(message.text).toContain(sid);
  // The provider's file URLs (with the account SID) stay out of what the panel gets.
  expect(JSON.stringify(message)).not.toContain('/Media/');
});

test('an MMS of files alone says how many and of which types', async () => {
  const sid = await customerSendsMms('', [{ contentType: 'image/png' }, { contentType: 'application/pdf' }]);
  const message = await waitFor(async () => (await api.thread(NINA)).messages.find((m) => m.wamid === sid));
  expect(message.text).toMatch(/^📎 The customer sent 2 files by MMS \(image\/png, application\/pdf\)/);
});

test("the simulator keeps an MMS's files behind the account's basic auth, as Twilio does", async () => {
  const simulator = running.connector.sms.simulator!;
  const sid = await customerSendsMms('', [{ contentType: 'image/png' }]);
  const [path] = [...simulator.mmsMedia.keys()].filter((p) => p.includes(sid));
  const url = `${running.url}/sandbox/sms${path}`;
  const auth = `Basic ${Buffer.from(`${SANDBOX_DEFAULTS.twilioAccountSid}:${SANDBOX_DEFAULTS.twilioAuthToken}`).toString('base64')}`;
  expect((await fetch(url)).status).toBe(401);
  const file = await fetch(url, { headers: { authorization: auth } });
  expect(file.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await file.arrayBuffer()).equals(samplePng())).toBe(true);
});
