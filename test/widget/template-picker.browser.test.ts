/** The template picker: only approved templates, filters, every variable, a WhatsApp-like preview. */
import { beforeEach, describe, expect, test } from 'vitest';
import type { Template } from '@domain/templates';
import { pdfFile, pngFile } from './support/files';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { H, useFakeConnector } from './support/setup';

const ctx = useFakeConnector();

const TEMPLATES: Template[] = [
  {
    name: 'order_update',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
      { type: 'BODY', text: 'Hi {{1}}, your order was {{2}}.' },
      { type: 'FOOTER', text: 'Acme Shop' },
    ],
  },
  { name: 'order_update', language: 'es', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hola {{1}}, tu pedido fue {{2}}.' }] },
  {
    name: 'order_confirmation',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    components: [{ type: 'BODY', text: 'Thank you, {{customer_name}}! Your order {{order_number}} is confirmed.' }],
  },
  {
    name: 'pickup_ready',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    components: [
      { type: 'HEADER', format: 'LOCATION' },
      { type: 'BODY', text: 'Your order {{1}} is ready for pickup here.' },
    ],
  },
  {
    name: 'track_parcel',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'Your parcel is on its way.' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Track it', url: 'https://acme.example/track/{{1}}' },
          { type: 'QUICK_REPLY', text: 'Thanks' },
        ],
      },
    ],
  },
  {
    name: 'invoice_ready',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    components: [
      { type: 'HEADER', format: 'DOCUMENT' },
      { type: 'BODY', text: 'Your invoice is attached.' },
    ],
  },
  { name: 'spring_sale', language: 'en_US', category: 'MARKETING', status: 'APPROVED', components: [{ type: 'BODY', text: '20% off everything this week.' }] },
  {
    name: 'login_code',
    language: 'en_US',
    category: 'AUTHENTICATION',
    status: 'APPROVED',
    components: [{ type: 'BODY', text: '{{1}} is your verification code.' }],
  },
  { name: 'draft_promo', language: 'en_US', category: 'MARKETING', status: 'PENDING', components: [{ type: 'BODY', text: 'Sale' }] },
  { name: 'old_notice', language: 'en_US', category: 'UTILITY', status: 'REJECTED', components: [{ type: 'BODY', text: 'Old' }] },
];

beforeEach(() => {
  signInPanelSession();
  ctx.fake.templates = TEMPLATES;
  ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 30 * H;
});

/** Sends the template once its fields allow it; what reached the connector. */
async function sendPickedTemplate(panel: ThreadPanelHarness): Promise<unknown> {
  await until(() => !panel.sendTemplateButton()!.disabled);
  panel.sendTemplateButton()!.click();
  await until(() => ctx.fake.sent.length === 1);
  return ctx.fake.sent[0]!.body;
}

describe('the template picker', () => {
  test('lists approved templates only, never an authentication one (one-time codes have their own route)', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.openTemplates();
    await until(() => panel.templateOptions().length > 0);
    expect(panel.templateOptions()).toEqual([
      'order_update · en_US · UTILITY',
      'order_update · es · UTILITY',
      'order_confirmation · en_US · UTILITY',
      'pickup_ready · en_US · UTILITY',
      'track_parcel · en_US · UTILITY',
      'invoice_ready · en_US · UTILITY',
      'spring_sale · en_US · MARKETING',
    ]);
    expect(panel.qa('.chip').map((c) => c.textContent!.trim())).toEqual(['All', 'Utility', 'Marketing']);
  });

  test('a customer who stopped marketing messages is named with the date, and a marketing template cannot be sent to them; a utility one can', async () => {
    ctx.fake.contact.marketing = { value: 'stop', at: Date.UTC(2026, 11, 3, 12), source: 'user_preferences' };
    const panel = await ThreadPanelHarness.ready();
    await panel.openTemplates();
    await until(() => panel.q('.opted-out') !== null, 4000, 'the opt-out note');
    expect(panel.text('.opted-out')).toBe('Stopped marketing messages on Dec 3');
    await panel.pickTemplate('spring_sale · en_US · MARKETING');
    expect(panel.sendTemplateButton()!.disabled).toBe(true);
    expect(panel.text('.picker-panel .hint')).toBe(
      'This customer stopped marketing messages: marketing templates are not sent to them. Choose a utility template.',
    );
    await panel.pickTemplate('invoice_ready · en_US · UTILITY');
    expect(panel.text('.picker-panel .hint')).toBe('Fill in every field to send this template.');
    // The customer resumes: the note goes, live, and the marketing template can go.
    ctx.fake.push({ type: 'contact', contact: { ...ctx.fake.contact, marketing: { value: 'resume', at: Date.UTC(2026, 11, 5), source: 'user_preferences' } } });
    await until(() => panel.q('.opted-out') === null, 4000, 'the note to go');
    await panel.pickTemplate('spring_sale · en_US · MARKETING');
    expect(await sendPickedTemplate(panel)).toMatchObject({ type: 'template', template: { name: 'spring_sale' } });
  });

  test('the opt-out note speaks the panel’s language', async () => {
    ctx.fake.contact.marketing = { value: 'stop', at: Date.UTC(2026, 11, 3, 12), source: 'error_131050' };
    const panel = await ThreadPanelHarness.ready({ attributes: { lang: 'pt-BR' } });
    await panel.openTemplates();
    // The Portuguese strings load after the English ones show.
    await until(() => panel.text('.opted-out') === 'Parou de receber mensagens de marketing em 3 de dez.', 4000, 'the opt-out note in Portuguese');
  });

  test('filters by category, says what each category means, and by language and search', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.pickCategory('Marketing');
    expect(panel.templateOptions()).toEqual(['spring_sale · en_US · MARKETING']);
    expect(panel.text('.category-help')).toBe('Offers and promotions. Meta bills every marketing message, and customers can opt out.');
    await panel.pickCategory('Utility');
    expect(panel.templateOptions()).toHaveLength(6);
    await panel.pickLanguage('es');
    expect(panel.templateOptions()).toEqual(['order_update · es · UTILITY']);
    await panel.pickLanguage('');
    await panel.pickCategory('All');
    await panel.searchTemplates('parcel');
    expect(panel.templateOptions()).toEqual(['track_parcel · en_US · UTILITY']);
    await panel.searchTemplates('nothing like this');
    expect(panel.text('.picker-panel .hint')).toBe('No approved template matches.');
    expect(panel.sendTemplateButton()).toBeNull();
  });

  test('needs the header image and the URL button value, and sends them in Meta’s shape', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.pickTemplate('track_parcel · en_US · UTILITY');
    expect(panel.templateFields().map((f) => f.label)).toEqual(['Header Image', 'Link of “Track it”']);
    expect(panel.sendTemplateButton()!.disabled).toBe(true);
    expect(panel.text('.picker-panel .hint')).toBe('Fill in every field to send this template.');
    await panel.fillTemplateField('Link of “Track it”', 'ZX4821');
    expect(panel.sendTemplateButton()!.disabled).toBe(true);
    await panel.fillTemplateField('Header Image', await pngFile('parcel.png'));
    await until(() => !panel.sendTemplateButton()!.disabled);
    expect(ctx.fake.uploads[0]).toMatchObject({ kind: 'image', contentType: 'image/png' });
    expect(panel.text('.wa-media')).toBe('🖼 parcel.png');
    expect(panel.qa('.wa-buttons li').map((b) => b.textContent!.trim())).toEqual(['↗ Track it', '↩ Thanks']);
    expect(await sendPickedTemplate(panel)).toEqual({
      type: 'template',
      template: {
        name: 'track_parcel',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { id: 'med_1' } }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'ZX4821' }] },
        ],
      },
    });
  });

  test('checks a header file against the media table of its kind before uploading it', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.pickTemplate('invoice_ready · en_US · UTILITY');
    await panel.fillTemplateField('Header Document', await pngFile('not-a-document.png'));
    await until(() => panel.text('.fields .error'));
    expect(panel.text('.fields .error')).toMatch(/WhatsApp does not accept this file as document/);
    expect(ctx.fake.uploads).toEqual([]);
    await panel.fillTemplateField('Header Document', pdfFile('invoice.pdf'));
    await until(() => !panel.sendTemplateButton()!.disabled);
  });

  test('draws the preview as WhatsApp shows it, with empty variables visible', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.pickTemplate('order_update · en_US · UTILITY');
    expect(panel.text('.wa-header')).toBe('Order {{1}}');
    expect(panel.qa('.wa-body .var.empty').map((v) => v.textContent)).toEqual(['{{1}}', '{{2}}']);
    expect(panel.text('.wa-footer')).toBe('Acme Shop');
    await panel.fillTemplateField('Header: {{1}}', '#4821');
    await panel.fillTemplateField('Body: {{1}}', 'Sheena');
    expect(panel.text('.wa-header')).toBe('Order #4821');
    expect(panel.text('.wa-body')).toBe('Hi Sheena, your order was {{2}}.');
    // A variable of spaces is still empty.
    await panel.fillTemplateField('Body: {{2}}', '   ');
    expect(panel.sendTemplateButton()!.disabled).toBe(true);
  });

  test('fills a template with named variables by name, and sends each value with its parameter_name', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.pickTemplate('order_confirmation · en_US · UTILITY');
    expect(panel.templateFields().map((f) => f.label)).toEqual(['Body: {{customer_name}}', 'Body: {{order_number}}']);
    expect(panel.qa('.wa-body .var.empty').map((v) => v.textContent)).toEqual(['{{customer_name}}', '{{order_number}}']);
    await panel.fillTemplateField('Body: {{order_number}}', '860198');
    await panel.fillTemplateField('Body: {{customer_name}}', 'Sheena');
    expect(panel.text('.wa-body')).toBe('Thank you, Sheena! Your order 860198 is confirmed.');
    expect(await sendPickedTemplate(panel)).toEqual({
      type: 'template',
      template: {
        name: 'order_confirmation',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Sheena', parameter_name: 'customer_name' },
              { type: 'text', text: '860198', parameter_name: 'order_number' },
            ],
          },
        ],
      },
    });
  });

  test('a map header asks for the place, refuses one off the map, and sends it as a location', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.pickTemplate('pickup_ready · en_US · UTILITY');
    expect(panel.templateFields().map((f) => f.label)).toEqual([
      'Header map: latitude',
      'Header map: longitude',
      'Place name (optional)',
      'Address (optional)',
      'Body: {{1}}',
    ]);
    await panel.fillTemplateField('Body: {{1}}', '#4821');
    await panel.fillTemplateField('Header map: latitude', '91');
    await panel.fillTemplateField('Header map: longitude', '-122.4194');
    expect(panel.sendTemplateButton()!.disabled).toBe(true);
    await panel.fillTemplateField('Header map: latitude', '37.7749');
    await panel.fillTemplateField('Place name (optional)', 'Lucky Shrub, Mission St');
    expect(panel.text('.wa-media')).toBe('📍 Lucky Shrub, Mission St');
    expect(await sendPickedTemplate(panel)).toEqual({
      type: 'template',
      template: {
        name: 'pickup_ready',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'location', location: { latitude: 37.7749, longitude: -122.4194, name: 'Lucky Shrub, Mission St' } }] },
          { type: 'body', parameters: [{ type: 'text', text: '#4821' }] },
        ],
      },
    });
  });

  test('can be opened while the window is open, and closed again', async () => {
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - H;
    const panel = await ThreadPanelHarness.ready();
    expect(panel.q('.picker-panel')).toBeNull();
    await panel.openTemplates();
    expect(panel.q('.reason')).toBeNull();
    await panel.pickTemplate('spring_sale · en_US · MARKETING');
    expect(panel.text('.category-help')).toBe('Offers and promotions. Meta bills every marketing message, and customers can opt out.');
    panel.sendTemplateButton()!.click();
    await until(() => ctx.fake.sent.length === 1);
    await until(() => !panel.q('.picker-panel'));
    expect(panel.draft.disabled).toBe(false);
  });

  test.each([
    { window: 'closed', lastInboundAt: () => ctx.fake.serverNow - 30 * H },
    { window: 'open', lastInboundAt: () => ctx.fake.serverNow - H },
  ])(
    'with the window $window, opens as a dialog over the thread: focus moves in and stays in, Escape closes, focus returns to Templates',
    async ({ lastInboundAt }) => {
      ctx.fake.contact.lastInboundAt = lastInboundAt();
      const panel = await ThreadPanelHarness.ready();
      const opener = await until(() => panel.button('Templates'));
      opener.focus();
      opener.click();
      const sheet = await panel.find('.sheet');
      expect(sheet.getAttribute('role')).toBe('dialog');
      expect(sheet.getAttribute('aria-modal')).toBe('true');
      await until(() => sheet.contains(panel.root.activeElement));
      expect(panel.q('.scroll')!.inert).toBe(true);
      expect(panel.q('.composer')!.inert).toBe(true);
      // Tab from the last control comes back to the first, and Shift+Tab from the first goes to the last.
      const tab = (shiftKey = false) =>
        panel.root.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey, bubbles: true, composed: true, cancelable: true }));
      const controls = [...sheet.querySelectorAll<HTMLElement>('button, input, select')].filter((e) => !e.matches(':disabled'));
      controls.at(-1)!.focus();
      tab();
      expect(panel.root.activeElement).toBe(controls[0]);
      tab(true);
      expect(panel.root.activeElement).toBe(controls.at(-1));
      panel.root.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
      await until(() => !panel.q('.sheet'));
      await until(() => panel.root.activeElement === panel.button('Templates'));
      expect(panel.q('.scroll')!.inert).toBe(false);
      expect(ctx.fake.sent).toEqual([]);
    },
  );

  test('after a template is sent the sheet closes and focus is back on Templates', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.pickTemplate('spring_sale · en_US · MARKETING');
    await sendPickedTemplate(panel);
    await until(() => !panel.q('.sheet') && panel.root.activeElement === panel.button('Templates'));
  });

  test('says so when no template is approved', async () => {
    ctx.fake.templates = TEMPLATES.filter((t) => t.status !== 'APPROVED');
    const panel = await ThreadPanelHarness.ready();
    await panel.openTemplates();
    await until(() => panel.text('.picker-panel .error'));
    expect(panel.text('.picker-panel .error')).toBe('No approved templates are available.');
  });
});
