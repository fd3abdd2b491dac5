/**
 * A customer's MMS (issue 11 §6), on both databases: the simulator sends it as
 * Twilio does (an MM SID, NumMedia, MediaUrl{i} behind the account's basic
 * auth); each file becomes a message of the thread, fetched by the connector
 * with the account's credentials and served to the panel like WhatsApp media.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SANDBOX_DEFAULTS } from '../../../connector/config/config';
import type { MessageView } from '../../../connector/domain/views';
import { samplePdf, samplePng } from '../../../connector/sandbox/simulator/samples';
import { ApiClient } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { DB_KINDS } from '../../support/databases';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';

const NINA = '+16505557788';

describe.each(DB_KINDS)('on %s', (db) => {
  let running: RunningConnector;
  let api: ApiClient;

  beforeAll(async () => {
    running = await startConnector({ db });
    api = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  });

  afterAll(async () => {
    await running?.close();
  });

  async function customerSendsMms(body: string, media: Array<{ contentType: string }>): Promise<string> {
    const response = await fetch(`${running.url}/sandbox/sms/customers/${NINA.slice(1)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body, media }),
    });
    const answer = (await response.json()) as { sid: string; webhook: { status: number } };
    expect(answer.webhook.status).toBe(200);
    return answer.sid;
  }

  /** The thread's message with this provider id, once its file has been fetched. */
  const fetched = (wamid: string) =>
    waitFor(
      async () => {
        const m = (await api.thread(NINA)).messages.find((x) => x.wamid === wamid);
        return m?.media?.status === 'ready' ? m : undefined;
      },
      { what: `the file of ${wamid} to be fetched` },
    );

  async function served(message: MessageView): Promise<Buffer> {
    const response = await fetch(`${running.url}${message.media!.url}`, { headers: api.session.headers });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  test('an MMS picture is fetched with the account and shown with its text as the caption', async () => {
    const sid = await customerSendsMms('This is the broken part', [{ contentType: 'image/png' }]);
    expect(sid).toMatch(/^MM/);
    const message = await fetched(sid);
    expect(message).toMatchObject({
      direction: 'in',
      channel: 'sms',
      type: 'image',
      text: 'This is the broken part',
      content: { caption: 'This is the broken part' },
      media: { kind: 'image', mimeType: 'image/png' },
    });
    expect((await served(message)).equals(samplePng())).toBe(true);
    // The provider's file URL (with the account SID) stays out of what the panel gets.
    expect(JSON.stringify(message)).not.toContain('/Media/');
  });

  test('an MMS with several files shows each one, a PDF as a document', async () => {
    const sid = await customerSendsMms('', [{ contentType: 'image/png' }, { contentType: 'application/pdf' }]);
    const [picture, document] = [await fetched(sid), await fetched(`${sid}/1`)];
    expect(picture).toMatchObject({ type: 'image', text: null });
    expect(document).toMatchObject({ type: 'document', media: { kind: 'document', mimeType: 'application/pdf' } });
    expect((await served(document)).equals(samplePdf('Receipt sent by MMS'))).toBe(true);
  });
});

test("the simulator keeps an MMS's files behind the account's basic auth, as Twilio does", async () => {
  const running = await startConnector();
  try {
    const response = await fetch(`${running.url}/sandbox/sms/customers/${NINA.slice(1)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ media: [{ contentType: 'image/png' }] }),
    });
    const { sid } = (await response.json()) as { sid: string };
    const [path] = [...running.connector.sms.simulator!.mmsMedia.keys()].filter((p) => p.includes(sid));
    const url = `${running.url}/sandbox/sms${path}`;
    const auth = `Basic ${Buffer.from(`${SANDBOX_DEFAULTS.twilioAccountSid}:${SANDBOX_DEFAULTS.twilioAuthToken}`).toString('base64')}`;
    expect((await fetch(url)).status).toBe(401);
    const file = await fetch(url, { headers: { authorization: auth } });
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(samplePng())).toBe(true);
  } finally {
    await running.close();
  }
});
