/**
 * axe-core, the outside oracle, on the panel's shadow DOM in its main states and
 * in both themes: no violation. Anything axe finds is printed
 * with its rule, impact and nodes so a failure says what to fix.
 */
import axe from 'axe-core';
import { beforeEach, describe, expect, test } from 'vitest';
import type { Template } from '@domain/templates';
import type { MessageView } from '@domain/views';
import type { FakeConnector } from './support/fake-connector';
import { oggOpusFile, pdfFile, pngImage } from './support/files';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { H, useFakeConnector } from './support/setup';

const ctx = useFakeConnector();
const ana = { teammateId: 7, name: 'Ana Souza' };
const M = 60_000;

const TEMPLATES: Template[] = [
  { name: 'order_update', language: 'en_US', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hi {{1}}, your order was {{2}}.' }] },
  { name: 'hello_world', language: 'en_US', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hello from Acme!' }] },
];

/** One message of every kind the thread draws, in and out, with every status and a failure. */
async function everyKind(f: FakeConnector): Promise<MessageView[]> {
  const now = f.serverNow;
  const question = f.message({ text: 'Hi! My order #4821 has not arrived yet.', at: now - 50 * M, forwarded: 'forwarded' });
  const photo = f.message({ type: 'image', text: 'The label', content: { caption: 'The label' }, at: now - 49 * M });
  photo.media = f.media('image', await pngImage('Order #4821'));
  photo.reactions = [{ emoji: '👍', direction: 'out', sender: ana, at: now - 40 * M }];
  const answer = f.message({
    direction: 'out',
    sender: ana,
    status: 'read',
    text: 'It left our warehouse this morning.',
    at: now - 40 * M,
    replyTo: { wamid: question.wamid!, id: question.id, direction: 'in', type: 'text', text: question.text },
  });
  const invoice = f.message({
    direction: 'out',
    sender: ana,
    status: 'delivered',
    type: 'document',
    text: null,
    content: { filename: 'invoice-4821.pdf' },
    at: now - 39 * M,
  });
  invoice.media = f.media('document', pdfFile(), { filename: 'invoice-4821.pdf', mimeType: 'application/pdf', size: 48_213 });
  const voice = f.message({ type: 'audio', text: null, content: {}, at: now - 30 * M });
  voice.media = f.media('audio', oggOpusFile(), { voice: true });
  const video = f.message({ type: 'video', text: null, content: {}, at: now - 29 * M });
  video.media = f.media('video', new Blob([new Uint8Array(2048)], { type: 'video/mp4' }));
  const pendingImage = f.message({ type: 'image', text: null, content: {}, at: now - 28 * M });
  pendingImage.media = f.media('image', new Blob([]), { status: 'pending' });
  const sent = f.message({ direction: 'out', sender: ana, status: 'sent', text: 'Sent, not yet delivered.', at: now - 20 * M });
  const queued = f.message({ direction: 'out', sender: ana, status: 'queued', text: 'Still queued.', at: now - 19 * M });
  const failed = f.message({
    direction: 'out',
    sender: ana,
    status: 'failed',
    text: 'This one failed.',
    at: now - 18 * M,
    failure: {
      code: 131026,
      title: 'Message undeliverable',
      details: null,
      reason: 'WhatsApp could not deliver the message.',
      action: 'Reach them another way.',
    },
  });
  return [
    question,
    photo,
    answer,
    invoice,
    voice,
    video,
    pendingImage,
    f.message({
      type: 'location',
      text: null,
      content: { latitude: 38.8977, longitude: -77.0365, name: 'Pickup point', address: '1600 Pennsylvania Ave' },
      at: now - 27 * M,
    }),
    f.message({
      type: 'contacts',
      text: null,
      content: { contacts: [{ name: { formatted_name: 'Barbara Johnson' }, phones: [{ phone: '+1 (650) 555-1234', type: 'CELL' }] }] },
      at: now - 26 * M,
    }),
    f.message({ type: 'interactive', text: 'Yes', content: { type: 'button_reply', button_reply: { id: 'option-1', title: 'Yes' } }, at: now - 25 * M }),
    f.message({
      direction: 'out',
      sender: ana,
      status: 'read',
      type: 'interactive',
      text: 'Did it arrive?',
      content: {
        type: 'button',
        body: { text: 'Did it arrive?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'a', title: 'Yes' } },
            { type: 'reply', reply: { id: 'b', title: 'No' } },
          ],
        },
      },
      at: now - 24 * M,
    }),
    f.message({ type: 'unsupported', text: null, content: {}, at: now - 23 * M }),
    f.message({
      text: 'From the ad',
      referral: { sourceUrl: 'https://acme.example/ad', sourceType: 'ad', headline: 'Spring sale', body: '20% off' },
      at: now - 22 * M,
    }),
    f.message({
      direction: 'out',
      sender: { ...ana, host: 'zendesk:acme.zendesk.com' },
      status: 'delivered',
      channel: 'sms',
      text: 'By SMS too.',
      at: now - 21 * M,
    }),
    sent,
    queued,
    failed,
    f.message({ text: 'Thanks!', at: now - 4 * M }),
  ];
}

/** The violations axe finds in the panel, as "rule (impact) ×n: html — why". */
async function violations(element: HTMLElement): Promise<string[]> {
  const results = await axe.run(element, { resultTypes: ['violations'] });
  return results.violations.map(
    (v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0]?.html.slice(0, 160)} — ${v.nodes[0]?.failureSummary?.replace(/\s+/g, ' ').slice(0, 200)}`,
  );
}

const THEMES = ['light', 'dark'] as const;

describe('accessibility, checked by axe-core', () => {
  beforeEach(() => {
    ctx.fake.templates = TEMPLATES;
    ctx.fake.businessProfile = { name: 'Acme Shop', verified: true };
    ctx.fake.numberHealth = { qualityRating: 'YELLOW', messagingTier: 'TIER_1K' };
  });

  test.each(THEMES)('signed out, %s theme: no violation', async (theme) => {
    const panel = await ThreadPanelHarness.mount({ attributes: { theme } });
    await panel.find('.signin button');
    expect(await violations(panel.element)).toEqual([]);
  });

  test.each(THEMES)('a thread with messages of every kind and a failed send, %s theme: no violation', async (theme) => {
    signInPanelSession();
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 4 * M;
    ctx.fake.messages = await everyKind(ctx.fake);
    const panel = await ThreadPanelHarness.ready({ attributes: { theme }, height: 900 });
    await until(() => panel.q<HTMLImageElement>('.thumb img')?.complete && panel.q('.audio audio'));
    // A send the connector refuses stays in the thread with its reason.
    ctx.fake.failNextSends.push({ status: 422, code: 'TEXT_TOO_LONG', message: 'The message is longer than WhatsApp allows.', action: 'Shorten it.' });
    await panel.typeMessage('A refused reply');
    await panel.pressEnter();
    await panel.find('.log.pending .failure');
    expect(await violations(panel.element)).toEqual([]);
  });

  test.each(THEMES)('a closed window with the template picker and a template chosen, %s theme: no violation', async (theme) => {
    signInPanelSession();
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 30 * H;
    ctx.fake.messages = [ctx.fake.message({ text: 'Hello?', at: ctx.fake.serverNow - 30 * H })];
    const panel = await ThreadPanelHarness.ready({ attributes: { theme } });
    await panel.pickTemplate('order_update · en_US · UTILITY');
    await until(() => panel.templateFields().length > 0);
    expect(await violations(panel.element)).toEqual([]);
  });
});
