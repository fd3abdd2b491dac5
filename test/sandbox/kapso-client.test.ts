/**
 * An independent check that the simulator answers like Meta: the npm client
 * @kapso/whatsapp-cloud-api, pointed at the simulator's base URL, sends every
 * message type and reads every response without error.
 */
import { WhatsAppClient } from '@kapso/whatsapp-cloud-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { samplePdf, samplePng, sampleMp4, sampleOggOpus, sampleWebp } from '../../connector/sandbox/simulator/samples';
import { customerWrites } from '../support/api';
import { startConnector, type RunningConnector } from '../support/connector';
import { SHEENA, SHEENA_WA_ID } from '../support/fixtures';

const PHONE = '106540352242922';
const TO = SHEENA;
let running: RunningConnector;
let client: WhatsAppClient;
const media: Record<string, string> = {};

beforeAll(async () => {
  running = await startConnector();
  client = new WhatsAppClient({ accessToken: 'sandbox-access-token', baseUrl: `${running.url}/graph`, graphVersion: 'v24.0' });
  await customerWrites(running.url, SHEENA_WA_ID, 'hello');
  for (const [kind, bytes, type] of [
    ['image', samplePng(), 'image/png'],
    ['document', samplePdf(), 'application/pdf'],
    ['sticker', sampleWebp(), 'image/webp'],
    ['audio', sampleOggOpus(), 'audio/ogg'],
    ['video', sampleMp4(), 'video/mp4'],
  ] as const) {
    const uploaded = await client.media.upload({ phoneNumberId: PHONE, type, file: new Blob([new Uint8Array(bytes)], { type }), fileName: `${kind}.bin` });
    media[kind] = uploaded.id;
  }
});

afterAll(async () => {
  await running?.close();
});

const wamid = (response: { messages: Array<{ id: string }> }) => response.messages[0]!.id;

describe('@kapso/whatsapp-cloud-api against the simulator', () => {
  test('uploads, reads metadata of and downloads media', async () => {
    const metadata = await client.media.get({ mediaId: media.image!, phoneNumberId: PHONE });
    expect(metadata).toMatchObject({ mimeType: 'image/png', id: media.image });
    const bytes = (await client.media.download({ mediaId: media.image!, phoneNumberId: PHONE, auth: 'always' })) as ArrayBuffer;
    expect(Buffer.from(bytes).equals(samplePng())).toBe(true);
  });

  test.each([
    ['text', () => client.messages.sendText({ phoneNumberId: PHONE, to: TO, body: 'Hello', previewUrl: true })],
    ['image', () => client.messages.sendImage({ phoneNumberId: PHONE, to: TO, image: { id: media.image!, caption: 'A photo' } })],
    ['video', () => client.messages.sendVideo({ phoneNumberId: PHONE, to: TO, video: { id: media.video! } })],
    ['audio (voice)', () => client.messages.sendAudio({ phoneNumberId: PHONE, to: TO, audio: { id: media.audio!, voice: true } })],
    [
      'document',
      () => client.messages.sendDocument({ phoneNumberId: PHONE, to: TO, document: { id: media.document!, filename: 'invoice.pdf', caption: 'Invoice' } }),
    ],
    ['sticker', () => client.messages.sendSticker({ phoneNumberId: PHONE, to: TO, sticker: { id: media.sticker! } })],
    [
      'location',
      () =>
        client.messages.sendLocation({
          phoneNumberId: PHONE,
          to: TO,
          location: { latitude: 37.48, longitude: -122.15, name: 'Lucky Shrub', address: '1 Hacker Way' },
        }),
    ],
    [
      'contacts',
      () =>
        client.messages.sendContacts({
          phoneNumberId: PHONE,
          to: TO,
          contacts: [{ name: { formattedName: 'John Smith', firstName: 'John' }, phones: [{ phone: '+19405551234', type: 'WORK' }] }],
        }),
    ],
    [
      'reply buttons',
      () =>
        client.messages.sendInteractiveButtons({
          phoneNumberId: PHONE,
          to: TO,
          bodyText: 'Pick one',
          buttons: [
            { id: 'yes', title: 'Yes' },
            { id: 'no', title: 'No' },
          ],
        }),
    ],
    [
      'list',
      () =>
        client.messages.sendInteractiveList({
          phoneNumberId: PHONE,
          to: TO,
          bodyText: 'Shipping?',
          buttonText: 'Options',
          sections: [{ title: 'Fast', rows: [{ id: 'express', title: 'Express' }] }],
        }),
    ],
    [
      'call-to-action URL',
      () =>
        client.messages.sendInteractiveCtaUrl({
          phoneNumberId: PHONE,
          to: TO,
          bodyText: 'See dates',
          parameters: { displayText: 'Open', url: 'https://example.com' },
        }),
    ],
    ['template', () => client.messages.sendTemplate({ phoneNumberId: PHONE, to: TO, template: { name: 'hello_world', language: { code: 'en_US' } } })],
  ])('sends %s and reads the answer', async (_type, send) => {
    const response = await send();
    expect(wamid(response)).toMatch(/^wamid\./);
    expect(response.contacts?.[0]).toMatchObject({ input: TO, waId: SHEENA_WA_ID });
  });

  test('reacts to a message and removes the reaction', async () => {
    const target = wamid(await client.messages.sendText({ phoneNumberId: PHONE, to: TO, body: 'React to me' }));
    expect(wamid(await client.messages.sendReaction({ phoneNumberId: PHONE, to: TO, reaction: { messageId: target, emoji: '👍' } }))).toMatch(/^wamid\./);
    expect(wamid(await client.messages.sendReaction({ phoneNumberId: PHONE, to: TO, reaction: { messageId: target, emoji: '' } }))).toMatch(/^wamid\./);
  });

  test('marks a message read with the typing indicator', async () => {
    const response = await client.messages.markRead({ phoneNumberId: PHONE, messageId: 'wamid.customer-message', typingIndicator: { type: 'text' } });
    expect(response).toMatchObject({ success: true });
  });

  test('lists the templates', async () => {
    const page = await client.templates.list({ businessAccountId: '102290129340398', limit: 50 });
    expect(page.data.map((t) => t.name)).toContain('hello_world');
  });

  test("turns the simulator's error into the client's GraphApiError with Meta's code", async () => {
    await expect(
      client.messages.sendTemplate({ phoneNumberId: PHONE, to: TO, template: { name: 'no_such_template', language: { code: 'en_US' } } }),
    ).rejects.toMatchObject({ code: 132001 });
  });
});
