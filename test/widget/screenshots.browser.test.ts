/**
 * The main states of the panel, rendered in Chromium and saved under
 * docs/images/ for the README ("What the panel looks like"). Each test also
 * checks the state it pictures, so a broken state fails here too.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { Template } from '@domain/templates';
import type { MessageView } from '@domain/views';
import type { FakeConnector } from './support/fake-connector';
import { oggOpusFile, pdfFile, pngFile, pngImage } from './support/files';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { H, useFakeConnector } from './support/setup';
import { HELLO_WORLD_TEMPLATE, ORDER_UPDATE_TEMPLATE } from '../support/fixtures';

const ctx = useFakeConnector();
const ana = { teammateId: 7, name: 'Ana Souza' };
const M = 60_000;

const TEMPLATES: Template[] = [
  ORDER_UPDATE_TEMPLATE,
  HELLO_WORLD_TEMPLATE,
  { name: 'spring_sale', language: 'en_US', category: 'MARKETING', status: 'APPROVED', components: [{ type: 'BODY', text: '20% off everything this week.' }] },
  {
    name: 'pedido_atualizado',
    language: 'es',
    category: 'UTILITY',
    status: 'APPROVED',
    components: [{ type: 'BODY', text: 'Hola {{1}}, tu pedido fue {{2}}.' }],
  },
];

async function conversation(f: FakeConnector): Promise<MessageView[]> {
  const now = f.serverNow;
  const question = f.message({ text: 'Hi! My order #4821 has not arrived yet. Can you check?', at: now - 40 * M });
  const photo = f.message({ type: 'image', text: 'This is the label on the box', content: { caption: 'This is the label on the box' }, at: now - 39 * M });
  photo.media = f.media('image', await pngImage('Order #4821'));
  photo.reactions = [{ emoji: '👍', direction: 'out', sender: ana, at: now - 30 * M }];
  const answer = f.message({
    direction: 'out',
    sender: ana,
    status: 'read',
    text: 'Thanks Sheena! It left our warehouse this morning; here is the invoice.',
    at: now - 30 * M,
    replyTo: { wamid: question.wamid!, id: question.id, direction: 'in', type: 'text', text: question.text },
  });
  const invoice = f.message({
    direction: 'out',
    sender: ana,
    status: 'delivered',
    type: 'document',
    text: null,
    content: { filename: 'invoice-4821.pdf' },
    at: now - 29 * M,
  });
  invoice.media = f.media('document', pdfFile(), { filename: 'invoice-4821.pdf', mimeType: 'application/pdf', size: 48_213 });
  const voice = f.message({ type: 'audio', text: null, content: {}, at: now - 5 * M });
  voice.media = f.media('audio', oggOpusFile(), { voice: true });
  const thanks = f.message({ text: 'Great, thank you! ❤️', at: now - 4 * M });
  thanks.reactions = [{ emoji: '❤️', direction: 'out', sender: ana, at: now - 3 * M }];
  return [question, photo, answer, invoice, voice, thanks];
}

beforeEach(() => {
  signInPanelSession();
  ctx.fake.templates = TEMPLATES;
  ctx.fake.businessProfile = { name: 'Acme Shop', verified: true };
  ctx.fake.numberHealth = { qualityRating: 'GREEN', messagingTier: 'TIER_1K' };
});

describe('what the panel looks like', () => {
  test('open window: media, a quoted reply, reactions, read ticks, the sending number', async () => {
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 4 * M;
    ctx.fake.messages = await conversation(ctx.fake);
    const panel = await ThreadPanelHarness.ready({ height: 600 });
    await until(() => panel.q<HTMLImageElement>('.thumb img')?.complete && panel.q('.audio audio'));
    await until(() => panel.text('.business-name') === 'Sending as Acme Shop');
    await panel.typeMessage('You can follow it with the tracking link.');
    expect(panel.badge().state).toBe('open');
    await panel.screenshot('panel-open-window');
  });

  test('an attachment uploading, and quick-reply buttons', async () => {
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 4 * M;
    ctx.fake.messages = (await conversation(ctx.fake)).slice(-2);
    ctx.fake.holdUploads = new Promise(() => {});
    const panel = await ThreadPanelHarness.ready({ height: 620 });
    await panel.attach(await pngFile('return-label.png', 'RETURN'));
    await until(() => panel.attachment()?.progress === 50);
    await panel.typeMessage('Here is your return label.');
    await panel.screenshot('panel-attachment-uploading');
    await panel.click('Cancel upload');
    await panel.typeMessage('Did the parcel arrive?');
    await panel.click('Quick-reply buttons');
    await panel.setInput('input[aria-label="Button 1"]', 'Yes, thanks');
    await panel.click('+ Add a button');
    await panel.setInput('input[aria-label="Button 2"]', 'Not yet');
    await panel.screenshot('panel-quick-replies');
  });

  test('saved replies: "/" and part of a name, the typed part marked, placeholders filled', async () => {
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 4 * M;
    ctx.fake.messages = (await conversation(ctx.fake)).slice(-2);
    ctx.fake.routes.push((_request, path) =>
      path === '/api/saved-replies'
        ? new Response(
            JSON.stringify({
              data: [
                {
                  id: 1,
                  name: 'Order status',
                  language: 'en',
                  text: 'Thanks {{customer.first_name}}! Could you send me your order number? I will check where it is right away.',
                  updatedAt: 0,
                },
                {
                  id: 2,
                  name: 'Order delayed',
                  language: 'en',
                  text: 'Sorry {{customer.first_name}}, your order is running late. It should arrive within two days.',
                  updatedAt: 0,
                },
                { id: 3, name: 'Estado del pedido', language: 'es', text: '¡Gracias, {{customer.first_name}}! ¿Me envías tu número de pedido?', updatedAt: 0 },
              ],
            }),
            { headers: { 'content-type': 'application/json' } },
          )
        : null,
    );
    const panel = await ThreadPanelHarness.ready({ height: 600 });
    await panel.typeMessage('/order');
    await until(() => panel.qa('.saved-option').length === 2);
    await panel.screenshot('panel-saved-replies');
  });

  test('closing soon', async () => {
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 23 * H - 18 * M;
    ctx.fake.messages = (await conversation(ctx.fake)).map((m) => ({ ...m, at: m.at - 23 * H }));
    const panel = await ThreadPanelHarness.ready({ height: 560 });
    await until(() => panel.badge().state === 'closing_soon');
    await panel.screenshot('panel-closing-soon');
  });

  test('closed: the template picker with its preview, and why', async () => {
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 30 * H;
    ctx.fake.messages = (await conversation(ctx.fake)).slice(0, 3).map((m) => ({ ...m, at: m.at - 30 * H }));
    // A 600 px host frame: the picker is a sheet over the thread, its Send button in view.
    const panel = await ThreadPanelHarness.ready({ height: 600 });
    await panel.pickTemplate('order_update · en_US · UTILITY');
    await panel.fillTemplateField('Header: {{1}}', '#4821');
    await panel.fillTemplateField('Body: {{1}}', 'Sheena');
    expect(panel.badge().state).toBe('closed');
    await panel.screenshot('panel-closed-templates');
  });

  test('a failed message with its reason, and a send that could not reach the connector with Retry', async () => {
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 10 * M;
    ctx.fake.messages = [
      ctx.fake.message({ text: 'Can you send me the code again?', at: ctx.fake.serverNow - 10 * M }),
      ctx.fake.message({
        direction: 'out',
        sender: ana,
        status: 'failed',
        text: 'Sure, here it is: 482913',
        at: ctx.fake.serverNow - 9 * M,
        failure: {
          code: 131026,
          title: 'Message undeliverable',
          details: null,
          reason: 'WhatsApp could not deliver the message to this phone.',
          action: 'Check that the customer still uses WhatsApp on this number.',
        },
      }),
    ];
    ctx.fake.failNextSends.push({ status: 503, code: 'PROVIDER_UNAVAILABLE', message: 'WhatsApp could not be reached.', action: 'Try again in a moment.' });
    const panel = await ThreadPanelHarness.ready({ height: 560 });
    await panel.typeMessage('Let me try another way.');
    await panel.pressEnter();
    await until(() => panel.pending()[0]?.dataset.status === 'failed');
    await panel.screenshot('panel-failed-retry');
  });

  test('dark theme', async () => {
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 4 * M;
    ctx.fake.messages = await conversation(ctx.fake);
    const panel = await ThreadPanelHarness.ready({ height: 600, attributes: { theme: 'dark' } });
    await until(() => panel.q<HTMLImageElement>('.thumb img')?.complete);
    await panel.screenshot('panel-dark');
  });

  test('in Spanish', async () => {
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 30 * H;
    ctx.fake.messages = [ctx.fake.message({ text: '¿Dónde está mi pedido?', at: ctx.fake.serverNow - 30 * H })];
    const panel = await ThreadPanelHarness.ready({ height: 640, attributes: { lang: 'es' } });
    await panel.pickTemplate('pedido_atualizado · es · UTILITY');
    await panel.fillTemplateField('Cuerpo: {{1}}', 'Sheena');
    expect(panel.badge().text).toBe('Cerrada');
    await panel.screenshot('panel-spanish');
  });
});
