/**
 * The admin elements in real Chromium against an in-page fake connector:
 * loaded on demand, gated by role, the template form checking Meta's rules as
 * the admin types, the business profile within Meta's limits, the number's
 * health; and the alerts every thread panel shows.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ADMIN_TAGS } from '../../widget/index';
import * as es from '../../widget/i18n/errors/es';
import { FakeAdminConnector, signInAs, templateView } from './support/fake-admin-connector';
import { CONNECTOR, FakeConnector } from './support/fake-connector';
import { mountPanel, q, qa, signOutPanelSession, until } from './support/panel';

let fake: FakeConnector;
let admin: FakeAdminConnector;
const realOpen = window.open;

beforeEach(() => {
  fake = new FakeConnector().install();
  admin = new FakeAdminConnector().install();
});

afterEach(() => {
  window.open = realOpen;
  document.body.innerHTML = '';
  signOutPanelSession();
  admin.uninstall();
  fake.uninstall();
});

async function mount(tag: (typeof ADMIN_TAGS)[number], attributes: Record<string, string> = {}): Promise<HTMLElement & { updateComplete: Promise<boolean> }> {
  const element = document.createElement(tag);
  element.setAttribute('connector-url', CONNECTOR);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  await customElements.whenDefined(tag);
  const upgraded = element as HTMLElement & { updateComplete: Promise<boolean> };
  await upgraded.updateComplete;
  return upgraded;
}

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change'));
}

const button = (root: Element, text: string) => qa<HTMLButtonElement>(root, 'button').find((b) => b.textContent?.trim() === text);
const rules = (root: Element, field?: string) => qa(root, field ? `.violations[data-field="${field}"] code` : '.violations code').map((c) => c.textContent);

describe('loading', () => {
  test('the admin elements are a separate chunk, loaded when one of their tags appears', async () => {
    expect(customElements.get('go2msg-thread')).toBeDefined();
    const element = await mount('go2msg-number-health');
    for (const tag of ADMIN_TAGS) expect(customElements.get(tag)).toBeDefined();
    expect(element.shadowRoot).not.toBeNull();
  });
});

describe('<go2msg-templates-admin>', () => {
  beforeEach(() => {
    admin.templates = [
      templateView({ name: 'hello_world' }),
      templateView({ name: 'seasonal_offer', category: 'MARKETING', quality: 'YELLOW' }),
      templateView({
        name: 'spring_news',
        status: 'REJECTED',
        quality: 'UNKNOWN',
        rejectedReason: 'INCORRECT_CATEGORY',
        statusDetail: {
          title: 'INCORRECT_CATEGORY',
          description: 'Your template is categorized as UTILITY but its content is promotional.',
          recommendation: 'Submit it as a MARKETING template.',
        },
      }),
      templateView({ name: 'old_promo', status: 'REJECTED', quality: 'UNKNOWN', rejectedReason: null }),
    ];
  });

  test('asks to sign in when signed out, and tells an agent it is for admins only, without loading anything', async () => {
    const element = await mount('go2msg-templates-admin');
    expect(button(element, 'Sign in')).toBeDefined();
    signInAs('agent');
    await until(() => q(element, '[role="status"]')?.textContent?.includes('Only go2msg admins'));
    expect(admin.ofMethod('GET', '/api/templates')).toEqual([]);
  });

  test('says why sign-in did not start when the browser blocks the popup', async () => {
    window.open = (() => null) as typeof window.open;
    const element = await mount('go2msg-templates-admin');
    button(element, 'Sign in')!.click();
    const alert = await until(() => q(element, '[role="alert"]'));
    expect(alert.textContent).toContain('The sign-in window was blocked. Allow pop-ups for this page and try again.');
  });

  test('lists status, category, language, quality, billing and why Meta rejected a template', async () => {
    signInAs('admin');
    const element = await mount('go2msg-templates-admin');
    const rows = await until(() => qa(element, 'tbody tr').length === 4 && qa(element, 'tbody tr'));
    const cells = (key: string) => [...rows.find((r) => r.dataset.template === key)!.querySelectorAll('td')].map((td) => td.textContent!.trim());
    expect(cells('seasonal_offer|en_US').slice(0, 6)).toEqual(['seasonal_offer', 'en_US', 'MARKETING', 'APPROVED', 'YELLOW', 'Billed on every delivery']);
    expect(cells('hello_world|en_US')[5]).toBe('Free inside the 24-hour window');
    expect(cells('spring_news|en_US')[3]).toBe('REJECTED');
    expect(cells('spring_news|en_US')[6]).toContain('INCORRECT_CATEGORY');
    expect(cells('spring_news|en_US')[6]).toContain('its content is promotional');
    // A rejection Meta gave no reason for says so, instead of an empty "Why".
    expect(cells('old_promo|en_US')[6]).toBe('Meta gave no reason');
    expect(cells('hello_world|en_US')[6]).toBe('');
  });

  test("checks Meta's rules as the admin types, naming each rule, and submits only a valid template", async () => {
    signInAs('admin');
    const element = await mount('go2msg-templates-admin');
    await until(() => qa(element, 'tbody tr').length === 4);
    button(element, 'New template')!.click();
    const name = await until(() => q<HTMLInputElement>(element, 'input[name="name"]'));
    type(name, 'Order Shipped');
    await until(() => rules(element, 'name').includes('name.format'));
    expect(name.getAttribute('aria-invalid')).toBe('true');

    const body = q<HTMLTextAreaElement>(element, 'textarea[name="body"]')!;
    type(body, '{{1}} your order {{2}}{{3}} shipped');
    await until(() => rules(element, 'body').includes('variables.adjacent'));
    expect(rules(element, 'body')).toEqual(expect.arrayContaining(['variables.edges', 'variables.adjacent', 'variables.examples']));
    expect(qa(element, 'input[name^="bodySample"]')).toHaveLength(3);

    type(name, 'order_shipped');
    type(body, 'Hi {{1}}, your order {{2}} has shipped.');
    await until(() => qa(element, 'input[name^="bodySample"]').length === 2);
    type(q<HTMLInputElement>(element, 'input[name="bodySample1"]')!, 'Sheena');
    type(q<HTMLInputElement>(element, 'input[name="bodySample2"]')!, '#4821');
    choose(q<HTMLSelectElement>(element, 'select[name="addButton"]')!, 'URL');
    await until(() => q(element, '[data-button="URL"]'));
    type(q<HTMLInputElement>(element, 'input[name="button0-text"]')!, 'Track order');
    type(q<HTMLInputElement>(element, 'input[name="button0-url"]')!, 'https://www.luckyshrub.com/track/{{1}}');
    await until(() => rules(element, 'buttons').includes('buttons.url'));
    type(await until(() => q<HTMLInputElement>(element, 'input[name="button0-urlSample"]')), 'https://www.luckyshrub.com/track/4821');
    await until(() => rules(element).length === 0);
    expect(q(element, '.preview')!.textContent).toBe('Hi Sheena, your order #4821 has shipped.');

    button(element, 'Submit for review')!.click();
    await until(() => admin.ofMethod('POST', '/api/admin/templates').length === 1);
    expect(admin.ofMethod('POST', '/api/admin/templates')[0]!.body).toEqual({
      name: 'order_shipped',
      language: 'en_US',
      category: 'UTILITY',
      allow_category_change: true,
      components: [
        { type: 'BODY', text: 'Hi {{1}}, your order {{2}} has shipped.', example: { body_text: [['Sheena', '#4821']] } },
        {
          type: 'BUTTONS',
          buttons: [{ type: 'URL', text: 'Track order', url: 'https://www.luckyshrub.com/track/{{1}}', example: ['https://www.luckyshrub.com/track/4821'] }],
        },
      ],
    });
    await until(() => q(element, '.ok')?.textContent?.includes('order_shipped was submitted'));
    expect(q(element, 'tr[data-template="order_shipped|en_US"] .status')!.textContent).toBe('PENDING');
  });

  test('a rejected template opens in the form as it was, is fixed and sent back to review, keeping its name and language', async () => {
    admin.templates = [
      ...admin.templates.filter((x) => x.name !== 'spring_news'),
      templateView({
        name: 'spring_news',
        id: '1888000000000001',
        status: 'REJECTED',
        rejectedReason: 'INCORRECT_CATEGORY',
        components: [
          { type: 'HEADER', format: 'TEXT', text: 'News for {{1}}', example: { header_text: ['Sheena'] } },
          { type: 'BODY', text: 'Hi {{1}}, get 20% off all cacti this week only!', example: { body_text: [['Sheena']] } },
          { type: 'FOOTER', text: 'Lucky Shrub' },
          {
            type: 'BUTTONS',
            buttons: [
              { type: 'URL', text: 'Shop', url: 'https://www.luckyshrub.com/shop/{{1}}', example: ['https://www.luckyshrub.com/shop/cacti'] },
              { type: 'QUICK_REPLY', text: 'Stop' },
            ],
          },
        ],
      }),
      templateView({ name: 'in_review', status: 'PENDING', quality: 'UNKNOWN' }),
    ];
    signInAs('admin');
    const element = await mount('go2msg-templates-admin');
    await until(() => qa(element, 'tbody tr').length === 5);
    // Only templates Meta lets be edited offer it: not one still in review.
    const editable = (key: string) => Boolean(q(element, `tr[data-template="${key}"] button.edit`));
    expect(['hello_world|en_US', 'spring_news|en_US', 'in_review|en_US'].map(editable)).toEqual([true, true, false]);
    q<HTMLButtonElement>(element, 'tr[data-template="spring_news|en_US"] button.edit')!.click();

    const name = await until(() => q<HTMLInputElement>(element, 'input[name="name"]'));
    expect(q(element, 'form h3')!.textContent).toBe('Editing spring_news (en_US)');
    expect([name.value, name.disabled, q<HTMLSelectElement>(element, 'select[name="language"]')!.disabled]).toEqual(['spring_news', true, true]);
    // Rejected: the category may change.
    expect(q<HTMLSelectElement>(element, 'select[name="category"]')!.disabled).toBe(false);
    expect(q<HTMLInputElement>(element, 'input[name="headerText"]')!.value).toBe('News for {{1}}');
    expect(q<HTMLInputElement>(element, 'input[name="headerSample"]')!.value).toBe('Sheena');
    expect(q<HTMLInputElement>(element, 'input[name="bodySample1"]')!.value).toBe('Sheena');
    expect(q<HTMLInputElement>(element, 'input[name="footer"]')!.value).toBe('Lucky Shrub');
    expect(q<HTMLInputElement>(element, 'input[name="button0-urlSample"]')!.value).toBe('https://www.luckyshrub.com/shop/cacti');

    type(q<HTMLTextAreaElement>(element, 'textarea[name="body"]')!, 'Hi {{1}}, your cactus care guide is ready.');
    await until(() => rules(element).length === 0);
    button(element, 'Submit changes')!.click();
    await until(() => admin.ofMethod('PUT', '/api/admin/templates/1888000000000001').length === 1);
    expect(admin.ofMethod('PUT', '/api/admin/templates/1888000000000001')[0]!.body).toMatchObject({
      name: 'spring_news',
      language: 'en_US',
      category: 'UTILITY',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'News for {{1}}', example: { header_text: ['Sheena'] } },
        { type: 'BODY', text: 'Hi {{1}}, your cactus care guide is ready.', example: { body_text: [['Sheena']] } },
        { type: 'FOOTER', text: 'Lucky Shrub' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'URL', text: 'Shop', url: 'https://www.luckyshrub.com/shop/{{1}}', example: ['https://www.luckyshrub.com/shop/cacti'] },
            { type: 'QUICK_REPLY', text: 'Stop' },
          ],
        },
      ],
    });
    await until(() => q(element, '.ok')?.textContent?.includes('spring_news was changed and is back in review'));
    expect(q(element, 'tr[data-template="spring_news|en_US"] .status')!.textContent).toBe('PENDING');
    expect(q(element, 'form')).toBeNull();
  });

  test('an approved template keeps its category when edited', async () => {
    signInAs('admin');
    const element = await mount('go2msg-templates-admin');
    await until(() => qa(element, 'tbody tr').length === 4);
    q<HTMLButtonElement>(element, 'tr[data-template="hello_world|en_US"] button.edit')!.click();
    const category = await until(() => q<HTMLSelectElement>(element, 'select[name="category"]'));
    expect(category.disabled).toBe(true);
    expect(q<HTMLTextAreaElement>(element, 'textarea[name="body"]')!.value).toBe('Hello');
    button(element, 'Cancel')!.click();
    await until(() => q(element, 'form') === null);
    button(element, 'New template')!.click();
    expect((await until(() => q<HTMLInputElement>(element, 'input[name="name"]'))).disabled).toBe(false);
    expect(q<HTMLInputElement>(element, 'input[name="name"]')!.value).toBe('');
  });

  test('a body with named variables asks a sample for each name and is submitted as a NAMED template', async () => {
    signInAs('admin');
    const element = await mount('go2msg-templates-admin');
    await until(() => qa(element, 'tbody tr').length === 4);
    button(element, 'New template')!.click();
    type(await until(() => q<HTMLInputElement>(element, 'input[name="name"]')), 'order_confirmed');
    type(
      q<HTMLTextAreaElement>(element, 'textarea[name="body"]')!,
      'Thank you, {{customer_name}}! Your order {{order_number}} is confirmed, {{customer_name}}.',
    );
    await until(() => qa(element, 'input[name^="bodySample"]').length === 2);
    const labels = qa(element, 'label')
      .filter((l) => l.querySelector('input[name^="bodySample"]'))
      .map((l) => l.textContent!.trim());
    expect(labels).toEqual(['Sample for {{customer_name}}', 'Sample for {{order_number}}']);
    type(q<HTMLInputElement>(element, 'input[name="bodySample1"]')!, 'Sheena');
    type(q<HTMLInputElement>(element, 'input[name="bodySample2"]')!, '#4821');
    await until(() => rules(element).length === 0);
    expect(q(element, '.preview')!.textContent).toBe('Thank you, Sheena! Your order #4821 is confirmed, Sheena.');

    button(element, 'Submit for review')!.click();
    await until(() => admin.ofMethod('POST', '/api/admin/templates').length === 1);
    expect(admin.ofMethod('POST', '/api/admin/templates')[0]!.body).toEqual({
      name: 'order_confirmed',
      language: 'en_US',
      category: 'UTILITY',
      allow_category_change: true,
      parameter_format: 'NAMED',
      components: [
        {
          type: 'BODY',
          text: 'Thank you, {{customer_name}}! Your order {{order_number}} is confirmed, {{customer_name}}.',
          example: {
            body_text_named_params: [
              { param_name: 'customer_name', example: 'Sheena' },
              { param_name: 'order_number', example: '#4821' },
            ],
          },
        },
      ],
    });
  });

  test('mixing {{1}} and {{a_name}} is refused by the rule that says so', async () => {
    signInAs('admin');
    const element = await mount('go2msg-templates-admin');
    await until(() => qa(element, 'tbody tr').length === 4);
    button(element, 'New template')!.click();
    type(await until(() => q<HTMLInputElement>(element, 'input[name="name"]')), 'mixed_up');
    type(q<HTMLTextAreaElement>(element, 'textarea[name="body"]')!, 'Hi {{customer_name}}, your order {{1}} shipped.');
    await until(() => rules(element, 'body').includes('variables.format'));
  });

  test('an authentication template has Meta’s body and the one-time-code copy button', async () => {
    signInAs('admin');
    const element = await mount('go2msg-templates-admin');
    button(element, 'New template')!.click();
    type(await until(() => q<HTMLInputElement>(element, 'input[name="name"]')), 'login_code');
    choose(q<HTMLSelectElement>(element, 'select[name="category"]')!, 'AUTHENTICATION');
    await until(() => q(element, 'input[name="codeExpiration"]'));
    expect(q(element, 'textarea[name="body"]')).toBeNull();
    type(q<HTMLInputElement>(element, 'input[name="codeExpiration"]')!, '120');
    await until(() => rules(element, 'footer').includes('authentication.footer'));
    type(q<HTMLInputElement>(element, 'input[name="codeExpiration"]')!, '10');
    await until(() => rules(element).length === 0);
    button(element, 'Submit for review')!.click();
    await until(() => admin.ofMethod('POST', '/api/admin/templates').length === 1);
    expect(admin.ofMethod('POST', '/api/admin/templates')[0]!.body).toEqual({
      name: 'login_code',
      language: 'en_US',
      category: 'AUTHENTICATION',
      components: [
        { type: 'BODY', add_security_recommendation: true },
        { type: 'FOOTER', code_expiration_minutes: 10 },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] },
      ],
    });
  });

  test("a refusal from the connector shows its message, what to do, and Meta's rules it names", async () => {
    signInAs('admin');
    admin.failNext = {
      status: 409,
      body: {
        error: {
          code: 'TEMPLATE_EXISTS',
          message: 'A template with this name already exists in this language.',
          action: 'Pick another name.',
          details: { violations: [{ rule: 'name.format', path: 'name', message: 'Taken.' }] },
        },
      },
    };
    const element = await mount('go2msg-templates-admin');
    button(element, 'New template')!.click();
    type(await until(() => q<HTMLInputElement>(element, 'input[name="name"]')), 'hello_world');
    type(q<HTMLTextAreaElement>(element, 'textarea[name="body"]')!, 'Hello there.');
    button(element, 'Submit for review')!.click();
    const alert = await until(() => q(element, '[role="alert"]'));
    expect(alert.textContent).toContain('already exists');
    expect(alert.textContent).toContain('Pick another name');
    expect(alert.querySelector('code')!.textContent).toBe('name.format');
  });

  test("a refusal is worded in the page's language (Spanish here), from its code", async () => {
    signInAs('admin');
    admin.failNext = {
      status: 409,
      body: {
        error: {
          code: 'TEMPLATE_EXISTS',
          message: 'A template with this name already exists in this language.',
          action: 'Pick another name, or delete the existing one first (Meta keeps a deleted name blocked for 30 days).',
        },
      },
    };
    const element = await mount('go2msg-templates-admin', { lang: 'es' });
    button(element, 'New template')!.click();
    type(await until(() => q<HTMLInputElement>(element, 'input[name="name"]')), 'hello_world');
    type(q<HTMLTextAreaElement>(element, 'textarea[name="body"]')!, 'Hello there.');
    button(element, 'Submit for review')!.click();
    await until(() => q(element, '[role="alert"] .error')?.textContent === `${es.texts.TEMPLATE_EXISTS.message} ${es.texts.TEMPLATE_EXISTS.action}`);
  });

  test('deletes after a confirmation, one language at a time', async () => {
    signInAs('admin');
    const element = await mount('go2msg-templates-admin');
    const row = await until(() => q(element, 'tr[data-template="seasonal_offer|en_US"]'));
    (row.querySelector('button.delete') as HTMLButtonElement).click();
    await until(() => row.querySelector('button.confirm'));
    expect(admin.ofMethod('DELETE', '/api/admin/templates')).toEqual([]);
    (row.querySelector('button.confirm') as HTMLButtonElement).click();
    await until(() => !q(element, 'tr[data-template="seasonal_offer|en_US"]'));
    expect(admin.ofMethod('DELETE', '/api/admin/templates')[0]).toMatchObject({ path: '/api/admin/templates/seasonal_offer', query: { language: 'en_US' } });
  });

  test('reads the list again while a template awaits review, until Meta decides', async () => {
    signInAs('admin');
    admin.templates = [templateView({ name: 'awaiting', status: 'PENDING' })];
    // The element's timers run on fake time that the test moves on (vi.waitFor advances it at each look):
    // "no more reads" then holds for a whole minute of its time, however slow the machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const element = await mount('go2msg-templates-admin', { 'poll-seconds': '0.05' });
      const status = () => q(element, 'tr[data-template="awaiting|en_US"] .status')?.textContent;
      await vi.waitFor(() => expect(status()).toBe('PENDING'), { timeout: 4000, interval: 50 });
      admin.templates = [templateView({ name: 'awaiting', status: 'APPROVED' })];
      await vi.waitFor(() => expect(status()).toBe('APPROVED'), { timeout: 4000, interval: 50 });
      // The last read has been answered once the element has set its next look (animation frames are real time).
      while (vi.getTimerCount() === 0) await new Promise(requestAnimationFrame);
      const reads = admin.ofMethod('GET', '/api/templates').length;
      // 59 s: at the pending pace (0.05 s) that would be over a thousand reads; the idle refresh comes at 60 s.
      await vi.advanceTimersByTimeAsync(59_000);
      expect(admin.ofMethod('GET', '/api/templates').length).toBe(reads);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('<go2msg-business-profile>', () => {
  test('an agent reads it, with no way to edit', async () => {
    signInAs('agent');
    const element = await mount('go2msg-business-profile');
    await until(() => q(element, '.about')?.textContent === 'Succulents, delivered.');
    expect(button(element, 'Edit')).toBeUndefined();
    expect(q(element, '.websites a')!.getAttribute('href')).toBe('https://www.luckyshrub.com/');
  });

  test("an admin edits within Meta's limits; only the changed fields are sent", async () => {
    signInAs('admin');
    const element = await mount('go2msg-business-profile');
    await until(() => button(element, 'Edit'))!;
    button(element, 'Edit')!.click();
    const about = await until(() => q<HTMLInputElement>(element, 'input[name="about"]'));
    type(about, 'x'.repeat(140));
    await until(() => rules(element, 'about').includes('about.length'));
    expect(q(element, '.counter[data-over]')!.textContent).toBe('-1 left');
    expect(button(element, 'Save')!.disabled).toBe(true);
    type(q<HTMLInputElement>(element, 'input[name="website2"]')!, 'instagram.com/luckyshrub');
    await until(() => rules(element, 'websites').includes('websites.format'));

    type(about, 'Cacti and succulents, delivered.');
    type(q<HTMLInputElement>(element, 'input[name="website2"]')!, 'https://www.instagram.com/luckyshrub');
    await until(() => rules(element).length === 0);
    button(element, 'Save')!.click();
    await until(() => admin.ofMethod('PATCH', '/api/admin/business-profile').length === 1);
    expect(admin.ofMethod('PATCH', '/api/admin/business-profile')[0]!.body).toEqual({
      about: 'Cacti and succulents, delivered.',
      websites: ['https://www.luckyshrub.com/', 'https://www.instagram.com/luckyshrub'],
    });
    await until(() => q(element, '.about')?.textContent === 'Cacti and succulents, delivered.');
  });

  test('a new picture is uploaded first, then set by its handle', async () => {
    signInAs('admin');
    const element = await mount('go2msg-business-profile');
    await until(() => button(element, 'Edit'));
    button(element, 'Edit')!.click();
    const input = await until(() => q<HTMLInputElement>(element, 'input[name="picture"]'));
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], 'logo.png', { type: 'image/png' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    button(element, 'Save')!.click();
    await until(() => admin.ofMethod('PATCH', '/api/admin/business-profile').length === 1);
    const upload = admin.ofMethod('POST', '/api/admin/uploads')[0]!;
    expect(upload.query).toEqual({ purpose: 'profile_picture', fileName: 'logo.png' });
    expect(new Uint8Array(upload.body as ArrayBuffer)[0]).toBe(0x89);
    expect(admin.ofMethod('PATCH', '/api/admin/business-profile')[0]!.body).toEqual({ profilePictureHandle: expect.stringMatching(/^4::/) });
    await until(() => q<HTMLImageElement>(element, 'img.picture'));
  });
});

describe('<go2msg-business-profile> with several numbers', () => {
  const SUPPORT = { id: '106540352242922', displayPhoneNumber: '15550783881', label: 'Support' };
  const SALES = { id: '106540352242923', displayPhoneNumber: '15550783882', label: 'Sales' };

  beforeEach(() => {
    admin.numbers = [SUPPORT, SALES];
    admin.numberProfiles = { [SALES.id]: { ...admin.profile, about: 'Sales: bulk orders and gifts.', email: 'sales@luckyshrub.com' } };
  });

  test("an admin picks Sales and edits Sales's profile; Support's is left as it was", async () => {
    signInAs('admin');
    const element = await mount('go2msg-business-profile');
    const picker = await until(() => q<HTMLSelectElement>(element, 'select[name="number"]'));
    expect(qa<HTMLOptionElement>(element, 'select[name="number"] option').map((o) => [o.value, o.textContent])).toEqual([
      [SUPPORT.id, 'Support +15550783881'],
      [SALES.id, 'Sales +15550783882'],
    ]);
    expect(picker.value).toBe(SUPPORT.id);
    await until(() => q(element, '.about')?.textContent === 'Succulents, delivered.');

    choose(picker, SALES.id);
    await until(() => q(element, '.about')?.textContent === 'Sales: bulk orders and gifts.');
    expect(admin.ofMethod('GET', '/api/business-profile').at(-1)!.query).toEqual({ number: SALES.id });

    button(element, 'Edit')!.click();
    // The number stays put while a change is being made: picking another would drop it.
    await until(() => q<HTMLSelectElement>(element, 'select[name="number"]')!.disabled);
    type(await until(() => q<HTMLInputElement>(element, 'input[name="about"]')), 'Sales: gifts for every season.');
    button(element, 'Save')!.click();
    await until(() => admin.ofMethod('PATCH', '/api/admin/business-profile').length === 1);
    const patch = admin.ofMethod('PATCH', '/api/admin/business-profile')[0]!;
    expect(patch.query).toEqual({ number: SALES.id });
    expect(patch.body).toEqual({ about: 'Sales: gifts for every season.' });
    await until(() => q(element, '.about')?.textContent === 'Sales: gifts for every season.');
    expect(admin.profile.about).toBe('Succulents, delivered.');

    choose(q<HTMLSelectElement>(element, 'select[name="number"]')!, SUPPORT.id);
    await until(() => q(element, '.about')?.textContent === 'Succulents, delivered.');
  });

  test('with one number there is no picker and the default profile is asked for', async () => {
    admin.numbers = [SUPPORT];
    signInAs('agent');
    const element = await mount('go2msg-business-profile');
    await until(() => q(element, '.about')?.textContent === 'Succulents, delivered.');
    expect(q(element, 'select[name="number"]')).toBeNull();
    expect(admin.ofMethod('GET', '/api/business-profile').every((r) => Object.keys(r.query).length === 0)).toBe(true);
  });
});

describe('<go2msg-number-health>', () => {
  test("with several numbers, each other number's name, review, quality and limit show, and its alerts name it", async () => {
    signInAs('admin');
    const sales = { ...admin.health!, phoneNumberId: '106540352242923', displayPhoneNumber: '15550783882', label: 'Sales' };
    admin.numbers = [
      { id: '106540352242922', displayPhoneNumber: '15550783881', label: 'Support', health: admin.health },
      {
        id: '106540352242923',
        displayPhoneNumber: '15550783882',
        label: 'Sales',
        health: {
          ...sales,
          verifiedName: 'Lucky Shrub Sales',
          nameStatus: 'DECLINED',
          qualityRating: 'RED',
          messagingLimit: { tier: 'TIER_250', perDay: 250 },
        },
      },
    ];
    admin.alerts = [
      {
        key: 'quality:106540352242923',
        kind: 'quality',
        severity: 'critical',
        value: 'RED',
        previous: null,
        details: 'Sales +15550783882',
        since: null,
        until: null,
        number: { id: '106540352242923', label: 'Sales', displayPhoneNumber: '15550783882' },
      },
    ];
    const element = await mount('go2msg-number-health');
    const row = await until(() => q(element, 'table.other-numbers tr[data-number="106540352242923"]'));
    expect(qa(element, 'table.other-numbers tbody tr')).toHaveLength(1);
    expect(row.textContent).toContain('Sales +15550783882');
    expect(row.textContent).toContain('Lucky Shrub Sales');
    expect(row.querySelector('.name-status')!.textContent).toBe('DECLINED');
    expect(row.querySelector('.quality')!.getAttribute('data-value')).toBe('RED');
    expect(row.querySelector('.limit')!.textContent).toBe('TIER_250');
    // The default's own details are still the main list.
    expect(q(element, '.display-name')!.textContent).toBe('Lucky Shrub');
    const alert = q(element, 'li.alert[data-number="106540352242923"]')!;
    expect(alert.getAttribute('data-severity')).toBe('critical');
    expect(alert.textContent).toContain('Sales +15550783882');
  });

  test('shows the display name and its approval, quality, messaging limit, throughput, alerts and events to admins', async () => {
    signInAs('admin');
    admin.health = { ...admin.health!, qualityRating: 'YELLOW' };
    admin.alerts = [{ key: 'quality', kind: 'quality', severity: 'warning', value: 'YELLOW', previous: null, details: null, since: null, until: null }];
    const element = await mount('go2msg-number-health');
    await until(() => q(element, '.display-name')?.textContent === 'Lucky Shrub');
    expect(q(element, '.name-status')!.textContent).toBe('APPROVED');
    expect(q(element, '.quality')).toMatchObject({ textContent: 'Medium' });
    expect(q(element, '.limit')!.textContent).toContain('2,000 customers per 24 h');
    expect(q(element, '.throughput')!.textContent).toContain('80 messages per second');
    expect(q(element, '.alerts .alert')!.textContent).toContain('quality rating dropped to medium');
    expect(q(element, '.events')!.textContent).toContain('phone_number_quality_update');
  });

  test('is for admins only', async () => {
    signInAs('agent');
    const element = await mount('go2msg-number-health');
    await until(() => q(element, '[role="status"]')?.textContent?.includes('Only go2msg admins'));
  });
});

describe('alerts in the thread panel', () => {
  beforeEach(() => {
    signInAs('agent');
    fake.contact.lastInboundAt = fake.serverNow - 30 * 3600_000;
  });

  test('shows the alerts when it opens, replaces them live, and lets the agent dismiss one', async () => {
    admin.alerts = [{ key: 'quality', kind: 'quality', severity: 'warning', value: 'YELLOW', previous: null, details: null, since: null, until: null }];
    const panel = await mountPanel();
    const first = await until(() => q(panel, '.alert'));
    expect(first.dataset.kind).toBe('quality');
    expect(first.textContent).toContain('dropped to medium');
    await until(() => q(panel, '.connection')?.dataset.state === 'live');

    const paused = templateView({ name: 'seasonal_offer', status: 'PAUSED' });
    const pausedAlert = {
      key: 'template:seasonal_offer:en_US',
      kind: 'template_paused' as const,
      severity: 'warning' as const,
      template: { name: 'seasonal_offer', language: 'en_US' },
      value: 'PAUSED',
      previous: null,
      details: 'Paused for 3 hours.',
      since: Date.now(),
      until: Date.now() + 3 * 3600_000,
    };
    fake.push({ type: 'template', template: paused, alerts: [{ ...admin.alerts[0]!, value: 'RED', severity: 'critical' }, pausedAlert] });
    await until(() => qa(panel, '.alert').length === 2);
    expect(qa(panel, '.alert').map((a) => a.dataset.severity)).toEqual(['critical', 'warning']);
    expect(qa(panel, '.alert')[1]!.textContent).toContain('Template seasonal_offer (en_US) is paused by Meta for low quality until');
    expect(qa(panel, '.alert')[1]!.querySelector('.alert-details')!.textContent).toBe('Paused for 3 hours.');

    (qa(panel, '.alert')[0]!.querySelector('button') as HTMLButtonElement).click();
    await until(() => qa(panel, '.alert').length === 1);
    fake.push({ type: 'health', health: null, alerts: [] });
    await until(() => qa(panel, '.alert').length === 0);
  });

  test("reads the number's health once when it opens, with the header's identity, and the alerts again for the next customer", async () => {
    admin.alerts = [{ key: 'quality', kind: 'quality', severity: 'warning', value: 'YELLOW', previous: null, details: null, since: null, until: null }];
    const panel = await mountPanel();
    await until(() => q(panel, '.alert'));
    await until(() => q(panel, '.connection')?.dataset.state === 'live');
    expect(admin.ofMethod('GET', '/api/number-health')).toHaveLength(1);

    admin.alerts = [];
    panel.setAttribute('contact', '+16505559876');
    await until(() => qa(panel, '.alert').length === 0);
    expect(admin.ofMethod('GET', '/api/number-health')).toHaveLength(2);
  });
});
