/**
 * Every message type both ways through the real connector and the simulator:
 * what the agent sends reaches "Meta" in Meta's shape (with files uploaded and
 * their ids swapped), what the customer sends is stored and shown, files are
 * fetched, kept and served with range requests, and bad files are refused
 * with their reason.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MessageView, UploadedMedia } from '../../../connector/domain/views';
import { samplePdf, samplePng, sampleOggOpus, sampleMp4, sampleWebp } from '../../../connector/sandbox/simulator/samples';
import { advanceClock, ApiClient, customerSends as sendAsCustomer, customerWrites } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';
import { SHEENA, SHEENA_WA_ID } from '../../support/fixtures';

let running: RunningConnector;
let api: ApiClient;
let customerWamid: string;
let key = 0;
const nextKey = () => `types-${++key}-${Date.now()}`;
const sim = () => running.connector.simulator!;

beforeAll(async () => {
  running = await startConnector({ connector: { simulator: { statusDelays: { sent: 20, delivered: 40, read: 60 } } } });
  api = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
  customerWamid = await customerWrites(running.url, SHEENA_WA_ID, 'Can you send me the invoice?');
  await running.connector.webhooks.idle();
});

afterAll(async () => {
  await running?.close();
});

async function upload(kind: string, bytes: Buffer, contentType: string, options: { filename?: string; voice?: boolean } = {}) {
  const query = new URLSearchParams({ kind, ...(options.filename ? { filename: options.filename } : {}), ...(options.voice ? { voice: 'true' } : {}) });
  const response = await fetch(`${running.url}/api/media?${query}`, {
    method: 'POST',
    headers: { ...api.session.headers, 'content-type': contentType },
    body: new Uint8Array(bytes),
  });
  return { status: response.status, body: (await response.json()) as UploadedMedia & { error?: { code: string; message: string; action: string } } };
}

/** Sends and waits until the outbox has sent it and recorded Meta's answer; returns the stored message and what Meta got. */
async function sendAndDeliver(content: object): Promise<{ view: MessageView; atMeta: Record<string, any> }> {
  const before = sim().sent.length;
  const response = await api.send(SHEENA, content, nextKey());
  if (response.status !== 202) throw new Error(`send failed: ${JSON.stringify(response.body)}`);
  // drain() does not wait for later times: a send held back by the per-customer limit (PAIR_BURST) would fail here.
  await running.connector.outbox.drain();
  expect(sim().sent, 'the simulator received the send').toHaveLength(before + 1);
  const atMeta = sim().sent.at(-1)!;
  // Reactions are not listed in the thread: they show on the message they react to.
  if ((content as { type: string }).type === 'reaction') return { view: response.body.message, atMeta: atMeta.body as Record<string, any> };
  const view = await messageById(response.body.message.id);
  expect(view?.wamid, 'the send was accepted by Meta').toBeTruthy();
  return { view: view!, atMeta: atMeta.body as Record<string, any> };
}

async function messageById(id: number): Promise<MessageView | undefined> {
  const thread = await api.thread(SHEENA);
  return thread.messages.find((m) => m.id === id);
}

describe('outbound', () => {
  test('an image is uploaded to Meta once and sent by its Meta id, with its caption', async () => {
    const file = await upload('image', samplePng(), 'image/png', { filename: 'shrub.png' });
    expect(file.status).toBe(201);
    expect(file.body).toMatchObject({ kind: 'image', mimeType: 'image/png', filename: 'shrub.png', size: samplePng().length });
    const { view, atMeta } = await sendAndDeliver({ type: 'image', image: { id: file.body.id, caption: 'Here it is' } });
    expect(atMeta).toMatchObject({ type: 'image', to: SHEENA, image: { caption: 'Here it is' } });
    expect(sim().media.get(atMeta.image.id)?.bytes.equals(samplePng())).toBe(true);
    expect(view.media).toMatchObject({ id: file.body.id, kind: 'image', mimeType: 'image/png', status: 'ready' });
    expect(view.text).toBe('Here it is');
    const served = await fetch(`${running.url}${view.media!.url}`, { headers: api.session.headers });
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(samplePng())).toBe(true);
    // The same file sent again is not uploaded again.
    const uploads = sim().media;
    const again = await sendAndDeliver({ type: 'image', image: { id: file.body.id } });
    expect(again.atMeta.image.id).toBe(atMeta.image.id);
    expect(uploads.get(atMeta.image.id)).toBeDefined();
  });

  test.each([
    { kind: 'video', bytes: sampleMp4(), type: 'video/mp4', content: (id: string) => ({ type: 'video', video: { id, caption: 'How it works' } }) },
    { kind: 'audio', bytes: sampleOggOpus(), type: 'audio/ogg', voice: true, content: (id: string) => ({ type: 'audio', audio: { id, voice: true } }) },
    {
      kind: 'document',
      bytes: samplePdf(),
      type: 'application/pdf',
      filename: 'invoice-4821.pdf',
      content: (id: string) => ({ type: 'document', document: { id, filename: 'invoice-4821.pdf', caption: 'Your invoice' } }),
    },
    { kind: 'sticker', bytes: sampleWebp(), type: 'image/webp', content: (id: string) => ({ type: 'sticker', sticker: { id } }) },
  ])('sends a $kind', async ({ kind, bytes, type, voice, filename, content }) => {
    const file = await upload(kind, bytes, type, { voice, filename });
    expect(file.status).toBe(201);
    const { view, atMeta } = await sendAndDeliver(content(file.body.id));
    expect(atMeta.type).toBe(kind);
    expect(sim().media.get(atMeta[kind].id)).toBeDefined();
    expect(view.media).toMatchObject({ kind, status: 'ready', voice: Boolean(voice) });
  });

  test.each([
    {
      description: 'a location',
      content: { type: 'location', location: { latitude: 37.4847, longitude: -122.1477, name: 'Lucky Shrub', address: '1 Hacker Way' } },
      text: 'Lucky Shrub',
    },
    {
      description: 'a contact card',
      content: { type: 'contacts', contacts: [{ name: { formatted_name: 'John Smith' }, phones: [{ phone: '+19405551234', type: 'WORK' }] }] },
      text: 'John Smith',
    },
    {
      description: 'reply buttons',
      content: {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Was this helpful?' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'yes', title: 'Yes' } },
              { type: 'reply', reply: { id: 'no', title: 'No' } },
            ],
          },
        },
      },
      text: 'Was this helpful?',
    },
    {
      description: 'a list',
      content: {
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'Pick a shipping option' },
          action: { button: 'Options', sections: [{ title: 'Fast', rows: [{ id: 'express', title: 'Express', description: 'Next day' }] }] },
        },
      },
      text: 'Pick a shipping option',
    },
    {
      description: 'a call-to-action URL',
      content: {
        type: 'interactive',
        interactive: {
          type: 'cta_url',
          body: { text: 'Track your order' },
          action: { name: 'cta_url', parameters: { display_text: 'Track', url: 'https://luckyshrub.example/track/4821' } },
        },
      },
      text: 'Track your order',
    },
    {
      description: 'a text with a link preview',
      content: { type: 'text', text: { body: 'See https://luckyshrub.example', preview_url: true } },
      text: 'See https://luckyshrub.example',
    },
  ])('sends $description in Meta’s shape', async ({ content, text }) => {
    const { view, atMeta } = await sendAndDeliver(content);
    const { type, ...rest } = content as Record<string, unknown>;
    expect(atMeta).toMatchObject({ messaging_product: 'whatsapp', to: SHEENA, type, ...rest });
    expect(view.text).toBe(text);
  });

  test("a reply quotes the customer's message", async () => {
    const { view, atMeta } = await sendAndDeliver({ type: 'text', text: { body: 'Sure, attached.' }, context: { message_id: customerWamid } });
    expect(atMeta.context).toEqual({ message_id: customerWamid });
    expect(view.replyTo).toMatchObject({ wamid: customerWamid, direction: 'in', text: 'Can you send me the invoice?' });
  });

  test("a reaction shows on the customer's message, and removing it takes it away", async () => {
    const customerMessage = () => api.thread(SHEENA).then((t) => t.messages.find((m) => m.wamid === customerWamid)!);
    await sendAndDeliver({ type: 'reaction', reaction: { message_id: customerWamid, emoji: '👍' } });
    await waitFor(async () => (await customerMessage()).reactions.some((r) => r.emoji === '👍'));
    expect((await customerMessage()).reactions).toEqual([
      expect.objectContaining({ emoji: '👍', direction: 'out', sender: expect.objectContaining({ name: 'Ana Souza' }) }),
    ]);
    expect((await api.thread(SHEENA)).messages.some((m) => m.type === 'reaction')).toBe(false);
    await sendAndDeliver({ type: 'reaction', reaction: { message_id: customerWamid, emoji: '' } });
    await waitFor(async () => (await customerMessage()).reactions.length === 0);
  });

  test('a template with an image header, currency and date values', async () => {
    const banner = await upload('image', samplePng(), 'image/png');
    const { view, atMeta } = await sendAndDeliver({
      type: 'template',
      template: {
        name: 'payment_reminder',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { id: banner.body.id } }] },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Sheena' },
              { type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } },
              { type: 'date_time', date_time: { fallback_value: 'February 25, 2026' } },
            ],
          },
        ],
      },
    });
    expect(view.text).toBe('Hi Sheena, a payment of $100.99 is due on February 25, 2026.');
    expect(sim().media.get(atMeta.template.components[0].parameters[0].image.id)).toBeDefined();
  });

  test('a template with a URL button value and a named-variable template', async () => {
    const withButton = await sendAndDeliver({
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'text', text: '#4821' }] },
          { type: 'body', parameters: ['Sheena', 'shipped', 'June 30'].map((text) => ({ type: 'text', text })) },
          { type: 'button', sub_type: 'url', index: 0, parameters: [{ type: 'text', text: '4821' }] },
        ],
      },
    });
    expect(withButton.view.text).toBe('Hi Sheena, your order was shipped and should arrive by June 30.');
    const named = await sendAndDeliver({
      type: 'template',
      template: {
        name: 'order_confirmation',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', parameter_name: 'customer_name', text: 'Sheena' },
              { type: 'text', parameter_name: 'order_number', text: '860198' },
            ],
          },
        ],
      },
    });
    expect(named.view.text).toBe('Thank you, Sheena! Your order 860198 is confirmed.');
  });

  test('refuses a named template whose values do not name their variables, before anything reaches Meta', async () => {
    const before = sim().sent.length;
    const unnamed = {
      type: 'template',
      template: {
        name: 'order_confirmation',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Sheena' },
              { type: 'text', text: '860198' },
            ],
          },
        ],
      },
    };
    const response = await api.send(SHEENA, unnamed, nextKey());
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({
      code: 'TEMPLATE_PARAMS_MISMATCH',
      action: expect.stringContaining('by name'),
      details: { expected: '{{customer_name}}, {{order_number}}' },
    });
    expect(sim().sent.length).toBe(before);
  });

  test.each([
    {
      description: 'four reply buttons',
      content: {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Pick' },
          action: { buttons: ['a', 'b', 'c', 'd'].map((id) => ({ type: 'reply', reply: { id, title: id } })) },
        },
      },
      rule: /1 to 3/,
    },
    {
      description: 'a button title over 20 characters',
      content: {
        type: 'interactive',
        interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons: [{ type: 'reply', reply: { id: 'x', title: 'A title far too long!' } }] } },
      },
      rule: /at most 20 characters/,
    },
    {
      description: 'two buttons with the same title',
      content: {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Pick' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'a', title: 'Same' } },
              { type: 'reply', reply: { id: 'b', title: 'Same' } },
            ],
          },
        },
      },
      rule: /different/,
    },
    {
      description: 'eleven list rows',
      content: {
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'Pick' },
          action: { button: 'Open', sections: [{ title: 'All', rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` })) }] },
        },
      },
      rule: /1 to 10 rows/,
    },
    { description: 'a reaction of two emoji', content: { type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍👍' } }, rule: /one emoji/ },
    {
      description: 'a reaction to a message not in the conversation',
      content: { type: 'reaction', reaction: { message_id: 'wamid.not-here', emoji: '👍' } },
      rule: /not in this conversation/,
    },
    {
      description: 'a reply quoting a message not in the conversation',
      content: { type: 'text', text: { body: 'x' }, context: { message_id: 'wamid.unknown' } },
      rule: /quoted message is not in this conversation/,
    },
    { description: 'a location out of range', content: { type: 'location', location: { latitude: 91, longitude: 0 } }, rule: /latitude/ },
  ])('refuses $description, naming the rule, and sends nothing', async ({ content, rule }) => {
    const before = sim().sent.length;
    const response = await api.send(SHEENA, content, nextKey());
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'MESSAGE_INVALID', message: expect.stringMatching(rule), action: expect.any(String) });
    expect(sim().sent.length).toBe(before);
  });
});

describe('media checks', () => {
  const png = samplePng();
  test.each([
    {
      description: 'an image over 5 MB',
      kind: 'image',
      bytes: Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)]),
      type: 'image/png',
      code: 'MEDIA_TOO_LARGE',
      status: 413,
      message: /at most 5 MB for image/,
    },
    {
      description: 'a sticker over 100 KB (static)',
      kind: 'sticker',
      bytes: Buffer.concat([sampleWebp(), Buffer.alloc(101 * 1024)]),
      type: 'image/webp',
      code: 'MEDIA_TOO_LARGE',
      status: 413,
      message: /at most 100 KB/,
    },
    {
      description: 'a PNG that says it is a JPEG',
      kind: 'image',
      bytes: png,
      type: 'image/jpeg',
      code: 'MEDIA_TYPE_MISMATCH',
      status: 422,
      message: /claims to be image\/jpeg but its content is image\/png/,
    },
    {
      description: 'a PDF sent as an image',
      kind: 'image',
      bytes: samplePdf(),
      type: 'application/octet-stream',
      code: 'MEDIA_TYPE_UNSUPPORTED',
      status: 422,
      message: /as image/,
    },
    {
      description: 'an executable named as a document',
      kind: 'document',
      bytes: Buffer.from('4d5a900003000000', 'hex'),
      type: 'application/pdf',
      code: 'MEDIA_TYPE_UNSUPPORTED',
      status: 422,
      message: /as document/,
    },
    { description: 'an empty file', kind: 'image', bytes: Buffer.alloc(0), type: 'image/png', code: 'MEDIA_EMPTY', status: 422, message: /empty/ },
    {
      description: 'a voice note that is not OGG/Opus',
      kind: 'audio',
      bytes: Buffer.from('4944330300000000000a', 'hex'),
      type: 'audio/mpeg',
      voice: true,
      code: 'MEDIA_TYPE_UNSUPPORTED',
      status: 422,
      message: /audio/,
    },
  ])('refuses $description with $code and the reason', async ({ kind, bytes, type, code, status, message, voice }) => {
    const response = await upload(kind, bytes, type, { voice });
    expect(response.status).toBe(status);
    expect(response.body.error).toMatchObject({ code, message: expect.stringMatching(message), action: expect.any(String) });
  });

  test('a voice note is held to 512 KB, the most WhatsApp shows as a voice message; the same file still goes as audio (16 MB)', async () => {
    const long = Buffer.concat([sampleOggOpus(), Buffer.alloc(600 * 1024)]);
    const asVoice = await upload('audio', long, 'audio/ogg', { voice: true });
    expect(asVoice.status).toBe(413);
    expect(asVoice.body.error).toMatchObject({ code: 'MEDIA_TOO_LARGE', message: expect.stringMatching(/512 KB/) });
    const asAudio = await upload('audio', long, 'audio/ogg');
    expect(asAudio.status).toBe(201);
    const sent = await api.send(SHEENA, { type: 'audio', audio: { id: asAudio.body.id, voice: true } }, nextKey());
    expect(sent.body.error).toMatchObject({ code: 'MEDIA_TOO_LARGE', message: expect.stringMatching(/512 KB/) });
  });

  test('refuses a file too large for its kind from its declared length, before reading it', async () => {
    const response = await fetch(`${running.url}/api/media?kind=image`, {
      method: 'POST',
      headers: { ...api.session.headers, 'content-type': 'image/png', 'content-length': String(6 * 1024 * 1024) },
      body: new Uint8Array(6 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
  });

  test('refuses to send a file as the wrong kind of message', async () => {
    const doc = await upload('document', samplePdf(), 'application/pdf');
    const response = await api.send(SHEENA, { type: 'image', image: { id: doc.body.id } }, nextKey());
    expect(response.body.error).toMatchObject({ code: 'MESSAGE_INVALID', message: expect.stringMatching(/needs an image/) });
  });
});

describe('inbound', () => {
  async function customerSends(message: object): Promise<string> {
    const wamid = await sendAsCustomer(running.url, SHEENA_WA_ID, message);
    await running.connector.webhooks.idle();
    return wamid;
  }

  const byWamid = async (wamid: string) => (await api.thread(SHEENA)).messages.find((m) => m.wamid === wamid);

  test('an image is stored first, then fetched from Meta and served to the panel', async () => {
    const wamid = await customerSends({ type: 'image', image: { caption: 'My plant' } });
    const message = await waitFor(async () => {
      const m = await byWamid(wamid);
      return m?.media?.status === 'ready' && m;
    });
    expect(message).toMatchObject({ type: 'image', text: 'My plant', media: { kind: 'image', mimeType: 'image/png' } });
    const served = await fetch(`${running.url}${message.media!.url}`, { headers: api.session.headers });
    expect(Buffer.from(await served.arrayBuffer()).equals(samplePng())).toBe(true);
    expect((await fetch(`${running.url}${message.media!.url}`)).status).toBe(401);
  });

  test('a voice note is marked as one and served with range requests', async () => {
    const wamid = await customerSends({ type: 'audio', audio: { voice: true } });
    const message = await waitFor(async () => {
      const m = await byWamid(wamid);
      return m?.media?.status === 'ready' && m;
    });
    expect(message.media).toMatchObject({ kind: 'audio', voice: true });
    const partial = await fetch(`${running.url}${message.media!.url}`, { headers: { ...api.session.headers, range: 'bytes=0-3' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 0-3/${sampleOggOpus().length}`);
    expect(Buffer.from(await partial.arrayBuffer()).toString('ascii')).toBe('OggS');
  });

  test('a document keeps its file name; a failed download is retried later, never lost', async () => {
    sim().media.failNextDownloads = 1;
    const wamid = await customerSends({
      type: 'document',
      document: { caption: 'Receipt' },
      media: { data: samplePdf('Receipt 99').toString('base64'), mimeType: 'application/pdf', filename: 'receipt.pdf' },
    });
    await running.connector.mediaFetcher.drain();
    const pending = await byWamid(wamid);
    expect(pending?.media).toMatchObject({ status: 'pending', filename: 'receipt.pdf' });
    await advanceClock(running.url, 60);
    await running.connector.mediaFetcher.drain();
    const ready = await byWamid(wamid);
    expect(ready?.media).toMatchObject({ status: 'ready', filename: 'receipt.pdf' });
  });

  test('location, contacts, a button tap and a list choice are stored with what a person reads', async () => {
    const location = await customerSends({ type: 'location', location: { latitude: 51.5, longitude: -0.12, name: 'Home' } });
    const contacts = await customerSends({ type: 'contacts', contacts: [{ name: { formatted_name: 'Jane Doe' }, phones: [{ phone: '+441234567890' }] }] });
    const button = await customerSends({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } } });
    const list = await customerSends({
      type: 'interactive',
      interactive: { type: 'list_reply', list_reply: { id: 'express', title: 'Express', description: 'Next day' } },
    });
    expect(await byWamid(location)).toMatchObject({ type: 'location', text: 'Home', content: { latitude: 51.5, longitude: -0.12 } });
    expect((await byWamid(contacts))?.text).toBe('Jane Doe');
    expect((await byWamid(button))?.text).toBe('Yes');
    expect((await byWamid(list))?.text).toBe('Express');
  });

  test("the customer's reaction and quoted reply attach to our message", async () => {
    const { body } = await api.send(SHEENA, { type: 'text', text: { body: 'Anything else?' } }, nextKey());
    const ours: MessageView = await waitFor(async () => {
      const m = (await api.thread(SHEENA)).messages.find((x) => x.id === body.message.id);
      return m?.wamid ? m : undefined;
    });
    await customerSends({ type: 'reaction', reaction: { message_id: ours.wamid, emoji: '❤️' } });
    const reply = await customerSends({ type: 'text', text: { body: 'No, thanks!' }, context: { id: ours.wamid } });
    const thread = await api.thread(SHEENA);
    expect(thread.messages.find((m) => m.id === ours.id)?.reactions).toEqual([expect.objectContaining({ emoji: '❤️', direction: 'in', sender: null })]);
    expect(thread.messages.find((m) => m.wamid === reply)?.replyTo).toMatchObject({ id: ours.id, text: 'Anything else?', direction: 'out' });
  });
});

describe('read receipts and typing', () => {
  test('marks the newest customer message read once', async () => {
    const wamid = await customerWrites(running.url, SHEENA_WA_ID, 'Are you there?');
    await running.connector.webhooks.idle();
    const before = sim().receipts.length;
    expect((await api.call(`/api/contacts/${encodeURIComponent(SHEENA)}/read`, { method: 'POST' })).status).toBe(204);
    expect(sim().receipts.slice(before)).toEqual([{ messageId: wamid, typing: false }]);
    await api.call(`/api/contacts/${encodeURIComponent(SHEENA)}/read`, { method: 'POST' });
    expect(sim().receipts.length).toBe(before + 1);
  });

  test('shows typing, at most once every 20 seconds', async () => {
    const before = sim().receipts.length;
    await api.call(`/api/contacts/${encodeURIComponent(SHEENA)}/typing`, { method: 'POST' });
    await api.call(`/api/contacts/${encodeURIComponent(SHEENA)}/typing`, { method: 'POST' });
    expect(sim().receipts.slice(before)).toEqual([expect.objectContaining({ typing: true })]);
  });
});
