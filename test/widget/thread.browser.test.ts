/** <go2msg-thread> in real Chromium, against an in-page fake connector: the window and the basic reply. */
import { beforeEach, describe, expect, test } from 'vitest';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { H, useFakeConnector } from './support/setup';
import { MessageSentEvent } from '../../widget/events/message-sent';
import { SHEENA } from '../support/fixtures';

const ctx = useFakeConnector();

describe('<go2msg-thread>', () => {
  describe('signed out', () => {
    test('asks the agent to sign in and shows nothing of the thread', async () => {
      const panel = await ThreadPanelHarness.mount();
      expect(panel.text('.signin button')).toBe('Sign in');
      expect(panel.q('.log')).toBeNull();
      expect(ctx.fake.sent).toEqual([]);
    });
  });

  describe('the window, always visible', () => {
    beforeEach(() => signInPanelSession());

    test.each([
      {
        description: 'open, with hours and minutes left',
        lastInboundAt: () => ctx.fake.serverNow - 10 * 60_000 + 30_000,
        state: 'open',
        text: /^Open · 23 h 50 m left$/,
      },
      {
        description: 'closing soon in the last hour',
        lastInboundAt: () => ctx.fake.serverNow - 23.5 * H + 30_000,
        state: 'closing_soon',
        text: /^Closing soon · 30 m left$/,
      },
      { description: 'closed after 24 hours', lastInboundAt: () => ctx.fake.serverNow - 25 * H, state: 'closed', text: /^Closed$/ },
      { description: 'no open window before the customer writes', lastInboundAt: () => null, state: 'never_opened', text: /^No open window$/ },
    ])('shows $description', async ({ lastInboundAt, state, text }) => {
      ctx.fake.contact.lastInboundAt = lastInboundAt();
      const panel = await ThreadPanelHarness.mount();
      await panel.find('.badge');
      const badge = panel.badge();
      expect(badge.state).toBe(state);
      expect(badge.text).toMatch(text);
      expect(badge.title).toBeTruthy();
    });

    test('shows the exact expiry beside the countdown', async () => {
      const last = ctx.fake.serverNow - 2 * H;
      ctx.fake.contact.lastInboundAt = last;
      const panel = await ThreadPanelHarness.mount();
      await panel.find('.expiry');
      const expected = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(last + 24 * H);
      expect(panel.badge().expiry).toBe(`until ${expected}`);
      expect(panel.q('.expiry')!.getAttribute('datetime')).toBe(new Date(last + 24 * H).toISOString());
    });

    test('counts down live, and turns to closing soon then closed without a reload', { timeout: 25_000 }, async () => {
      // 1 h 0 m 5 s left on the connector's clock (room for a slow machine to open the panel first).
      ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 23 * H + 5_000;
      const panel = await ThreadPanelHarness.ready();
      expect(panel.badge().state).toBe('open');
      // At exactly one hour the badge reads "Closing soon · 1 h 0 m left"; a tick later, 59 m.
      await until(() => panel.badge().text === 'Closing soon · 59 m left', 15_000);
      expect(panel.badge().state).toBe('closing_soon');
      // The connector's clock jumps (the sandbox clock); the panel follows it.
      ctx.fake.push({ type: 'clock', now: Date.now() + 2 * H });
      await until(() => panel.badge().state === 'closed');
      expect(panel.q('textarea#draft'), 'no free-text box').toBeNull();
    });

    test("follows the connector's clock, not the browser's", async () => {
      ctx.fake.serverNow = Date.now() + 30 * H;
      ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 60_000;
      const panel = await ThreadPanelHarness.mount();
      await panel.find('.badge');
      expect(panel.badge().state).toBe('open');
    });

    test('opens live when the customer writes, and the composer comes back', async () => {
      ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 30 * H;
      const panel = await ThreadPanelHarness.ready();
      expect(panel.badge().state).toBe('closed');
      expect(panel.q('textarea#draft'), 'no free-text box').toBeNull();
      ctx.fake.push({ type: 'contact', contact: { ...ctx.fake.contact, lastInboundAt: ctx.fake.serverNow } });
      ctx.fake.push({ type: 'message', message: ctx.fake.message({ text: 'Hello there' }) });
      await until(() => panel.badge().state === 'open');
      await panel.waitForMessage('Hello there');
      expect(panel.text('.msg.in .text')).toBe('Hello there');
      expect(panel.draft.disabled).toBe(false);
    });
  });

  describe('a typed number that turns out to be a known customer', () => {
    beforeEach(() => signInPanelSession());

    test("goes on as the customer's thread when the connector merges it: their window and name show", async () => {
      ctx.fake.contact = { ...ctx.fake.contact, phone: '+525512345678', waId: '525512345678', name: null, lastInboundAt: null };
      const panel = await ThreadPanelHarness.ready();
      expect(panel.badge().state).toBe('never_opened');
      // Meta answered the send with the customer's own id: the typed contact is merged into theirs.
      ctx.fake.push({ type: 'contact', contact: { ...ctx.fake.contact, waId: null, mergedInto: 7 } });
      ctx.fake.push({
        type: 'contact',
        contact: {
          id: 7,
          phone: '+5215512345678',
          waId: '5215512345678',
          userId: null,
          name: 'Ana Ruiz',
          lastInboundAt: ctx.fake.serverNow - 60_000,
          windowClosedAt: null,
        },
      });
      await until(() => panel.badge().state === 'open', 4000, "the customer's open window");
      expect(panel.text('.who strong')).toBe('Ana Ruiz');
      // A contact that is neither this one nor the one it was merged into changes nothing.
      ctx.fake.push({
        type: 'contact',
        contact: { id: 8, phone: '+15550000000', waId: '15550000000', userId: null, name: 'Someone else', lastInboundAt: null, windowClosedAt: null },
      });
      ctx.fake.push({ type: 'message', message: ctx.fake.message({ text: 'after the stranger' }) });
      await panel.waitForMessage('after the stranger');
      expect(panel.text('.who strong')).toBe('Ana Ruiz');
    });
  });

  describe('the composer while the window is open', () => {
    beforeEach(() => {
      signInPanelSession();
      ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 60_000;
    });

    test('Enter sends the text with an idempotency key and the bearer token; the message shows its sender', async () => {
      const panel = await ThreadPanelHarness.ready();
      await panel.typeMessage('It ships today');
      await panel.pressEnter();
      await until(() => ctx.fake.sent.length === 1);
      expect(ctx.fake.sent[0]).toMatchObject({ body: { type: 'text', text: { body: 'It ships today' } }, authorization: 'Bearer test-token-0123456789abcdef' });
      expect(ctx.fake.sent[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
      await until(() => panel.text('.msg.out .sender') === 'Ana Souza');
      expect(panel.draft.value).toBe('');
    });

    test('the host page hears the sent message as one composed go2msg-message-sent from the panel', async () => {
      const heard: MessageSentEvent[] = [];
      const listener = (event: MessageSentEvent) => heard.push(event);
      document.addEventListener('go2msg-message-sent', listener);
      try {
        const panel = await ThreadPanelHarness.ready();
        await panel.typeMessage('It ships today');
        await panel.pressEnter();
        await until(() => heard.length === 1);
        expect(heard[0]).toBeInstanceOf(MessageSentEvent);
        expect(heard[0]!.composed).toBe(true);
        expect(heard[0]!.target, 'retargeted to the element the host placed').toBe(panel.element);
        expect(heard[0]!.detail).toMatchObject({ direction: 'out', channel: 'whatsapp', text: 'It ships today' });
        await until(() => panel.text('.msg.out .sender') === 'Ana Souza');
        expect(heard).toHaveLength(1);
      } finally {
        document.removeEventListener('go2msg-message-sent', listener);
      }
    });

    test('Shift+Enter does not send; the text keeps its new lines', async () => {
      const panel = await ThreadPanelHarness.ready();
      await panel.typeMessage('line one\nline two');
      // The composer starts a send inside its keydown handler and then claims the key: this one it left alone.
      const shiftEnter = await panel.pressEnter({ shiftKey: true });
      expect(shiftEnter.defaultPrevented).toBe(false);
      expect(ctx.fake.startedTo('POST', '/messages')).toBe(0);
      expect(ctx.fake.sent).toEqual([]);
      await panel.click('Send');
      await until(() => ctx.fake.sent.length === 1);
      expect(ctx.fake.sent[0]!.body).toMatchObject({ text: { body: 'line one\nline two' } });
    });

    test('counts characters near the 4,096 limit and refuses to send beyond it', async () => {
      const panel = await ThreadPanelHarness.ready();
      await panel.typeMessage('a'.repeat(4100));
      await until(() => panel.q('.counter')?.hasAttribute('data-over'));
      expect(panel.text('.counter')).toBe('4 characters over the limit');
      expect(panel.sendButton().disabled).toBe(true);
      await panel.pressEnter();
      // The marker: a text at the limit, sent the same way. A send of the first would have started before it.
      await panel.typeMessage('a'.repeat(4096));
      await panel.pressEnter();
      await until(() => ctx.fake.sent.length === 1);
      expect(ctx.fake.startedTo('POST', '/messages')).toBe(1);
      expect(ctx.fake.sent.filter((s) => (s.body.text as { body: string }).body.length > 4096)).toEqual([]);
    });

    test('counts emoji as WhatsApp does, one per character, not per UTF-16 unit', async () => {
      const panel = await ThreadPanelHarness.ready();
      // 4,095 emoji are 8,190 UTF-16 units but 4,095 characters: still sendable.
      await panel.typeMessage('😀'.repeat(4095));
      await until(() => panel.text('.counter') === '1 characters left');
      expect(panel.sendButton().disabled).toBe(false);
      await panel.typeMessage('😀'.repeat(4097));
      await until(() => panel.text('.counter') === '1 characters over the limit');
      expect(panel.sendButton().disabled).toBe(true);
    });

    test('tells the customer the agent is typing, at most once every 10 seconds', async () => {
      const panel = await ThreadPanelHarness.ready();
      await panel.typeMessage('H');
      await panel.typeMessage('He');
      await panel.typeMessage('Hel');
      await until(() => ctx.fake.typing.length === 1);
      // The marker: sending the text. A second typing signal for "He" or "Hel" would have started before it.
      await panel.pressEnter();
      await until(() => ctx.fake.sent.length === 1);
      expect(ctx.fake.startedTo('POST', '/typing')).toBe(1);
      expect(ctx.fake.typing).toEqual([SHEENA]);
    });
  });

  describe('the composer while the window is closed', () => {
    beforeEach(() => {
      signInPanelSession();
      ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 30 * H;
      ctx.fake.templates = [
        { name: 'hello_world', language: 'en_US', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hello from Acme' }] },
        {
          name: 'order_update',
          language: 'en_US',
          category: 'UTILITY',
          status: 'APPROVED',
          components: [
            { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
            { type: 'BODY', text: 'Hi {{1}}, your order was {{2}}.' },
          ],
        },
        { name: 'draft_promo', language: 'en_US', category: 'MARKETING', status: 'PENDING', components: [{ type: 'BODY', text: 'Sale' }] },
      ];
    });

    test('offers no free text, says why in one sentence, and offers only approved templates', async () => {
      const panel = await ThreadPanelHarness.ready();
      await panel.find('.reason');
      expect(panel.text('.reason')).toBe(
        'The 24-hour window is closed, so only an approved template can be sent. The customer’s reply opens the window again.',
      );
      expect(panel.q('textarea#draft'), 'no free-text box').toBeNull();
      await panel.openTemplates();
      await until(() => panel.templateOptions().length === 2);
      expect(panel.templateOptions()).toEqual(['hello_world · en_US · UTILITY', 'order_update · en_US · UTILITY']);
    });

    test('sends a template only when every variable is filled, header and body in their places', async () => {
      const panel = await ThreadPanelHarness.ready();
      await panel.pickTemplate('order_update · en_US · UTILITY');
      expect(panel.templateFields().map((f) => f.label)).toEqual(['Header: {{1}}', 'Body: {{1}}', 'Body: {{2}}']);
      expect(panel.sendTemplateButton()!.disabled).toBe(true);
      await panel.fillTemplateField('Header: {{1}}', '#4821');
      await panel.fillTemplateField('Body: {{1}}', 'Sheena');
      expect(panel.sendTemplateButton()!.disabled).toBe(true);
      await panel.fillTemplateField('Body: {{2}}', 'shipped');
      await until(() => !panel.sendTemplateButton()!.disabled);
      expect(panel.text('.wa-body')).toBe('Hi Sheena, your order was shipped.');
      panel.sendTemplateButton()!.click();
      await until(() => ctx.fake.sent.length === 1);
      expect(ctx.fake.sent[0]!.body).toEqual({
        type: 'template',
        template: {
          name: 'order_update',
          language: { code: 'en_US' },
          components: [
            { type: 'header', parameters: [{ type: 'text', text: '#4821' }] },
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Sheena' },
                { type: 'text', text: 'shipped' },
              ],
            },
          ],
        },
      });
    });
  });
});

describe('a renewed session', () => {
  test('a new token for the same teammate keeps the thread, the stream and the draft as they are', async () => {
    signInPanelSession();
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 60_000;
    const panel = await ThreadPanelHarness.ready();
    await panel.typeMessage('half-written answer');
    const threadLoads = ctx.fake.threadRequests.length;
    signInPanelSession();
    // The marker: a live event after the renewal reaches the same panel; a reload would have started before it.
    ctx.fake.push({ type: 'message', message: ctx.fake.message({ text: 'after the renewal' }) });
    await panel.waitForMessage('after the renewal');
    expect(ctx.fake.startedTo('GET', '/thread')).toBe(threadLoads);
    expect(ctx.fake.threadRequests.length).toBe(threadLoads);
    expect(panel.draft.value).toBe('half-written answer');
    expect(panel.connection()).toBe('live');
  });
});
