/** <go2msg-thread> in real Chromium, against an in-page fake connector. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FakeConnector } from './support/fake-connector';
import { mountPanel, q, qa, signInPanelSession, signOutPanelSession, until } from './support/panel';

const H = 3600_000;
let fake: FakeConnector;

beforeEach(() => {
  fake = new FakeConnector().install();
});

afterEach(() => {
  document.body.innerHTML = '';
  signOutPanelSession();
  fake.uninstall();
});

function typeInto(textarea: HTMLTextAreaElement, value: string): void {
  textarea.value = value;
  textarea.dispatchEvent(new Event('input'));
}

function press(target: HTMLElement, key: string, options: KeyboardEventInit = {}): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...options }));
}

describe('<go2msg-thread>', () => {
  describe('signed out', () => {
    test('asks the agent to sign in and shows nothing of the thread', async () => {
      const panel = await mountPanel();
      expect(q(panel, '.signin button')?.textContent).toBe('Sign in');
      expect(q(panel, '.log')).toBeNull();
      expect(fake.sent).toEqual([]);
    });
  });

  describe('the window badge', () => {
    beforeEach(() => signInPanelSession());

    test.each([
      { description: 'open, with hours and minutes left', lastInboundAt: () => fake.serverNow - 10 * 60_000 + 30_000, state: 'open', text: /^Open · 23 h 50 m left$/ },
      { description: 'closing soon in the last hour', lastInboundAt: () => fake.serverNow - 23.5 * H + 30_000, state: 'closing_soon', text: /^Closing soon · 30 m left$/ },
      { description: 'closed after 24 hours', lastInboundAt: () => fake.serverNow - 25 * H, state: 'closed', text: /^Closed$/ },
      { description: 'no open window before the customer writes', lastInboundAt: () => null, state: 'never_opened', text: /^No open window$/ },
    ])('shows $description', async ({ lastInboundAt, state, text }) => {
      fake.contact.lastInboundAt = lastInboundAt();
      const panel = await mountPanel();
      const badge = await until(() => q(panel, '.badge'));
      expect(badge.dataset.state).toBe(state);
      expect(badge.textContent).toMatch(text);
      expect(badge.getAttribute('title')).toBeTruthy();
    });

    test("follows the connector's clock, not the browser's", async () => {
      fake.serverNow = Date.now() + 30 * H;
      fake.contact.lastInboundAt = fake.serverNow - 60_000;
      const panel = await mountPanel();
      expect((await until(() => q(panel, '.badge'))).dataset.state).toBe('open');
    });

    test('opens live when the customer writes', async () => {
      const panel = await mountPanel();
      await until(() => q(panel, '.badge')?.dataset.state === 'never_opened');
      await until(() => q(panel, '.connection')?.dataset.state === 'live');
      fake.push({ type: 'contact', contact: { ...fake.contact, lastInboundAt: fake.serverNow } });
      fake.push({ type: 'message', message: fake.message({ text: 'Hello there' }) });
      await until(() => q(panel, '.badge')?.dataset.state === 'open');
      expect(q(panel, '.msg.in .text')?.textContent).toBe('Hello there');
    });
  });

  describe('the composer while the window is open', () => {
    beforeEach(() => {
      signInPanelSession();
      fake.contact.lastInboundAt = fake.serverNow - 60_000;
    });

    test('Enter sends the text with an idempotency key and the bearer token; the message shows its sender', async () => {
      const panel = await mountPanel();
      const draft = await until(() => q<HTMLTextAreaElement>(panel, 'textarea'));
      typeInto(draft, 'It ships today');
      press(draft, 'Enter');
      await until(() => fake.sent.length === 1);
      expect(fake.sent[0]).toMatchObject({ body: { type: 'text', text: { body: 'It ships today' } }, authorization: 'Bearer test-token-0123456789abcdef' });
      expect(fake.sent[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
      await until(() => q(panel, '.msg.out .sender')?.textContent === 'Ana Souza');
      expect(q<HTMLTextAreaElement>(panel, 'textarea')!.value).toBe('');
    });

    test('Shift+Enter does not send', async () => {
      const panel = await mountPanel();
      const draft = await until(() => q<HTMLTextAreaElement>(panel, 'textarea'));
      typeInto(draft, 'line one');
      press(draft, 'Enter', { shiftKey: true });
      await new Promise((r) => setTimeout(r, 50));
      expect(fake.sent).toEqual([]);
    });

    test('a failed send keeps the text, says why and what to do, and the retry reuses the same key', async () => {
      fake.failNextSends.push({ status: 503, code: 'PROVIDER_UNAVAILABLE', message: 'WhatsApp could not be reached.', action: 'Try again.' });
      const panel = await mountPanel();
      const draft = await until(() => q<HTMLTextAreaElement>(panel, 'textarea'));
      typeInto(draft, 'Important answer');
      press(draft, 'Enter');
      const error = await until(() => q(panel, '.composer .error'));
      expect(error.textContent).toContain('WhatsApp could not be reached.');
      expect(error.textContent).toContain('Try again.');
      expect(q<HTMLTextAreaElement>(panel, 'textarea')!.value).toBe('Important answer');
      press(q<HTMLTextAreaElement>(panel, 'textarea')!, 'Enter');
      await until(() => fake.sent.length === 2);
      expect(fake.sent[1]!.idempotencyKey).toBe(fake.sent[0]!.idempotencyKey);
    });

    test('counts characters near the 4,096 limit and refuses to send beyond it', async () => {
      const panel = await mountPanel();
      const draft = await until(() => q<HTMLTextAreaElement>(panel, 'textarea'));
      typeInto(draft, 'a'.repeat(4100));
      await until(() => q(panel, '.counter')?.hasAttribute('data-over'));
      expect(q(panel, '.counter')!.textContent).toBe('4 characters over the limit');
      expect(q<HTMLButtonElement>(panel, '.composer .row button')!.disabled).toBe(true);
      press(draft, 'Enter');
      await new Promise((r) => setTimeout(r, 50));
      expect(fake.sent).toEqual([]);
    });
  });

  describe('the composer while the window is closed', () => {
    beforeEach(() => {
      signInPanelSession();
      fake.contact.lastInboundAt = fake.serverNow - 30 * H;
      fake.templates = [
        { name: 'hello_world', language: 'en_US', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hello from Acme' }] },
        { name: 'order_update', language: 'en_US', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' }, { type: 'BODY', text: 'Hi {{1}}, your order was {{2}}.' }] },
        { name: 'draft_promo', language: 'en_US', category: 'MARKETING', status: 'PENDING', components: [{ type: 'BODY', text: 'Sale' }] },
      ];
    });

    test('disables free text, says why, and offers only approved templates', async () => {
      const panel = await mountPanel();
      await until(() => q(panel, '.reason'));
      expect(q(panel, '.reason')!.textContent).toMatch(/24-hour window is closed/);
      expect(q<HTMLTextAreaElement>(panel, 'textarea')!.disabled).toBe(true);
      const options = await until(() => qa<HTMLOptionElement>(panel, 'option').length === 2 && qa<HTMLOptionElement>(panel, 'option'));
      expect(options.map((o) => o.value)).toEqual(['hello_world|en_US', 'order_update|en_US']);
    });

    test('sends a template only when every variable is filled, header and body in their places', async () => {
      const panel = await mountPanel();
      const select = await until(() => qa(panel, 'option').length === 2 && q<HTMLSelectElement>(panel, 'select'));
      select.value = 'order_update|en_US';
      select.dispatchEvent(new Event('change'));
      const inputs = await until(() => qa<HTMLInputElement>(panel, '.composer input').length === 3 && qa<HTMLInputElement>(panel, '.composer input'));
      const send = () => [...qa<HTMLButtonElement>(panel, '.composer button')].find((b) => b.textContent === 'Send template')!;
      expect(send().disabled).toBe(true);
      ['#4821', 'Sheena', 'shipped'].forEach((value, i) => {
        inputs[i]!.value = value;
        inputs[i]!.dispatchEvent(new Event('input'));
      });
      await until(() => !send().disabled);
      expect(q(panel, '.preview')!.textContent).toBe('Hi Sheena, your order was shipped.');
      send().click();
      await until(() => fake.sent.length === 1);
      expect(fake.sent[0]!.body).toEqual({
        type: 'template',
        template: {
          name: 'order_update',
          language: { code: 'en_US' },
          components: [
            { type: 'header', parameters: [{ type: 'text', text: '#4821' }] },
            { type: 'body', parameters: [{ type: 'text', text: 'Sheena' }, { type: 'text', text: 'shipped' }] },
          ],
        },
      });
    });
  });

  describe('the thread', () => {
    beforeEach(() => signInPanelSession());

    test('is a log for screen readers, with each status as ticks and a label', async () => {
      fake.messages = [
        fake.message({ text: 'hi' }),
        fake.message({ direction: 'out', text: 'hello', status: 'read', sender: { teammateId: 7, name: 'Ana Souza' } }),
        fake.message({ direction: 'out', text: 'oops', status: 'failed', failure: { code: 131026, title: 'Message undeliverable', details: null, reason: 'WhatsApp could not deliver the message.', action: 'Check the number.' } }),
      ];
      const panel = await mountPanel();
      const log = await until(() => q(panel, '[role="log"]'));
      expect(log.getAttribute('aria-live')).toBe('polite');
      const ticks = qa(panel, '.ticks');
      expect(ticks.map((t) => t.getAttribute('aria-label'))).toEqual(['Read', 'Not delivered']);
      expect(q(panel, '.failure')!.textContent).toBe('WhatsApp could not deliver the message. Check the number.');
    });

    test('updates a message in place when its status changes', async () => {
      const out = fake.message({ direction: 'out', text: 'on its way', status: 'accepted', sender: { teammateId: 7, name: 'Ana Souza' } });
      fake.messages = [out];
      const panel = await mountPanel();
      await until(() => q(panel, '.connection')?.dataset.state === 'live');
      fake.push({ type: 'message', message: { ...out, status: 'delivered' } });
      await until(() => q(panel, '.msg.out')?.dataset.status === 'delivered');
      expect(qa(panel, '.msg')).toHaveLength(1);
    });

    test('shows text from customers as text, never as markup', async () => {
      const attack = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
      fake.contact.name = '<b onmouseover="window.__xss=3">Mallory</b>';
      fake.messages = [fake.message({ text: attack })];
      const panel = await mountPanel();
      const text = await until(() => q(panel, '.msg .text'));
      expect(text.textContent).toBe(attack);
      expect(text.querySelector('img, script')).toBeNull();
      expect(q(panel, '.who strong')!.textContent).toBe(fake.contact.name);
      expect(q(panel, '.who strong b')).toBeNull();
      await new Promise((r) => setTimeout(r, 50));
      expect((window as { __xss?: number }).__xss).toBeUndefined();
    });
  });

  describe('as a guest in the host page', () => {
    test('keeps its styles in its shadow root and can be themed by custom properties', async () => {
      signInPanelSession();
      const style = document.createElement('style');
      style.textContent = 'button { background: rgb(255, 0, 0) !important; } go2msg-thread { --go2msg-accent: rgb(1, 2, 3); }';
      document.head.append(style);
      fake.contact.lastInboundAt = fake.serverNow;
      const panel = await mountPanel();
      const button = await until(() => q(panel, '.composer .row button'));
      expect(getComputedStyle(button).backgroundColor).toBe('rgb(1, 2, 3)');
      style.remove();
    });

    test('a second registration of the same tag neither throws nor replaces the first', async () => {
      const { defineGo2msgThread } = await import('../../widget/index');
      const first = customElements.get('go2msg-thread');
      expect(() => defineGo2msgThread()).not.toThrow();
      expect(customElements.get('go2msg-thread')).toBe(first);
      defineGo2msgThread('acme-whatsapp-thread');
      expect(customElements.get('acme-whatsapp-thread')).toBeDefined();
    });
  });
});
