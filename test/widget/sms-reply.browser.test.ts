/** SMS beside WhatsApp in <go2msg-thread>, in real Chromium, against the in-page fake connector. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { MessageView } from '@domain/views';
import { MessageSentEvent } from '../../widget/events/message-sent';
import { FakeConnector } from './support/fake-connector';
import { mountPanel, q, qa, signInPanelSession, signOutPanelSession, until } from './support/panel';

const H = 3600_000;
let fake: FakeConnector;
let smsEnabled: boolean;
let smsRequests: Array<{ path: string; body: unknown; key: string | null; authorization: string | null }>;
let failNextSms: { status: number; code: string; message: string; action: string } | null;

beforeEach(() => {
  fake = new FakeConnector().install();
  smsEnabled = true;
  smsRequests = [];
  failNextSms = null;
  fake.routes.push(async (request, path) => {
    if (path === '/api/channels')
      return fake.json(200, {
        channels: [
          { channel: 'whatsapp', enabled: true },
          { channel: 'sms', enabled: smsEnabled, sender: smsEnabled ? '+15550783881' : null },
        ],
      });
    if (path.endsWith('/sms') && request.method === 'POST') {
      const body = (await request.json()) as { text: { body: string } };
      smsRequests.push({ path, body, key: request.headers.get('idempotency-key'), authorization: request.headers.get('authorization') });
      if (failNextSms) {
        const f = failNextSms;
        failNextSms = null;
        return fake.json(f.status, { error: { code: f.code, message: f.message, action: f.action } });
      }
      const message: MessageView = fake.message({
        direction: 'out',
        channel: 'sms',
        text: body.text.body,
        status: 'queued',
        sender: { teammateId: 7, name: 'Ana Souza' },
      });
      return fake.json(202, { message, replayed: false });
    }
    return null;
  });
  signInPanelSession();
});

afterEach(() => {
  document.body.innerHTML = '';
  signOutPanelSession();
  fake.uninstall();
});

/** The SMS part inside the panel's composer. */
function sms(panel: HTMLElement): ShadowRoot | null {
  return q(panel, 'go2msg-sms-reply')?.shadowRoot ?? null;
}

function typeInto(textarea: HTMLTextAreaElement, value: string): void {
  textarea.value = value;
  textarea.dispatchEvent(new Event('input'));
}

/** Clicks "Send SMS" once the typed text has enabled it. */
async function clickSend(panel: HTMLElement): Promise<void> {
  (await until(() => sms(panel)?.querySelector<HTMLButtonElement>('button.send:not([disabled])'))).click();
}

describe('SMS in the panel', () => {
  test('while the window is open, an agent can choose SMS: the text goes to the SMS route with a key, and shows in the thread marked SMS', async () => {
    fake.contact.lastInboundAt = fake.serverNow - 60_000;
    const panel = await mountPanel();
    const offer = await until(() => sms(panel)?.querySelector<HTMLButtonElement>('button.link'));
    expect(offer.textContent).toBe('Send as SMS instead');
    offer.click();
    const draft = await until(() => sms(panel)?.querySelector<HTMLTextAreaElement>('textarea'));
    expect(sms(panel)!.querySelector('label')!.textContent).toContain('From +15550783881');
    typeInto(draft, 'Hi by SMS');
    await until(() => sms(panel)!.querySelector('.count')?.textContent === '9 characters · 1 SMS');
    await clickSend(panel);
    await until(() => smsRequests.length === 1);
    expect(smsRequests[0]).toMatchObject({
      path: '/api/contacts/+16505551234/sms',
      body: { type: 'text', text: { body: 'Hi by SMS' } },
      authorization: 'Bearer test-token-0123456789abcdef',
    });
    expect(smsRequests[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    const shown = await until(() => qa(panel, '.msg.out').find((m) => m.querySelector('.text')?.textContent === 'Hi by SMS'));
    expect(shown.dataset.channel).toBe('sms');
    expect(shown.querySelector('.channel')?.textContent).toBe('SMS');
    expect(sms(panel)!.querySelector('textarea')).toBeNull();
  });

  test('the host page hears a sent SMS as one composed go2msg-message-sent from the panel, as it hears WhatsApp sends', async () => {
    fake.contact.lastInboundAt = fake.serverNow - 60_000;
    const heard: MessageSentEvent[] = [];
    const listener = (event: MessageSentEvent) => heard.push(event);
    document.addEventListener('go2msg-message-sent', listener);
    try {
      const panel = await mountPanel();
      (await until(() => sms(panel)?.querySelector<HTMLButtonElement>('button.link'))).click();
      typeInto(await until(() => sms(panel)?.querySelector<HTMLTextAreaElement>('textarea')), 'Hi by SMS');
      await clickSend(panel);
      await until(() => heard.length === 1);
      expect(heard[0]).toBeInstanceOf(MessageSentEvent);
      expect(heard[0]!.composed).toBe(true);
      expect(heard[0]!.target, 'retargeted to the element the host placed').toBe(panel);
      expect(heard[0]!.detail).toMatchObject({ direction: 'out', channel: 'sms', text: 'Hi by SMS' });
      await until(() => qa(panel, '.msg.out').find((m) => m.querySelector('.text')?.textContent === 'Hi by SMS'));
      expect(heard).toHaveLength(1);
    } finally {
      document.removeEventListener('go2msg-message-sent', listener);
    }
  });

  test('when the window is closed, SMS is offered beside the template as another way to reach the customer', async () => {
    fake.contact.lastInboundAt = fake.serverNow - 30 * H;
    fake.templates = [{ name: 'hello_world', language: 'en_US', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hello' }] }];
    const panel = await mountPanel();
    await until(() => q(panel, '.reason'));
    await until(() => q(panel, 'button.templates-open'));
    const offer = await until(() => sms(panel)?.querySelector<HTMLButtonElement>('button.link'));
    expect(offer.textContent).toBe('Or reach the customer by SMS');
    expect(sms(panel)!.querySelector('.hint')?.textContent).toMatch(/no 24-hour window/);
    offer.click();
    typeInto(await until(() => sms(panel)?.querySelector<HTMLTextAreaElement>('textarea')), 'Your order shipped');
    await clickSend(panel);
    await until(() => smsRequests.length === 1);
    expect(fake.sent).toEqual([]);
  });

  test('offers no SMS when the connector has no SMS provider', async () => {
    smsEnabled = false;
    fake.contact.lastInboundAt = fake.serverNow - 60_000;
    const panel = await mountPanel();
    await until(() => q(panel, 'textarea'));
    const reply = await until(() => q(panel, 'go2msg-sms-reply'));
    // Its updateComplete settles once the channels' answer is rendered: no offer then means none.
    await customElements.whenDefined('go2msg-sms-reply');
    await (reply as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
    expect(sms(panel)!.querySelector('button')).toBeNull();
  });

  test('a refused SMS keeps the text, says why and what to do, and the retry reuses the same key', async () => {
    fake.contact.lastInboundAt = fake.serverNow - 60_000;
    failNextSms = {
      status: 422,
      code: 'SMS_NO_NUMBER',
      message: 'This customer has no phone number to text.',
      action: 'SMS needs a phone number; reach this customer on WhatsApp.',
    };
    const panel = await mountPanel();
    (await until(() => sms(panel)?.querySelector<HTMLButtonElement>('button.link'))).click();
    typeInto(await until(() => sms(panel)?.querySelector<HTMLTextAreaElement>('textarea')), 'Hello?');
    await clickSend(panel);
    const error = await until(() => sms(panel)!.querySelector('.error'));
    expect(error.textContent).toContain('This customer has no phone number to text.');
    expect(error.textContent).toContain('reach this customer on WhatsApp');
    expect(sms(panel)!.querySelector('textarea')!.value).toBe('Hello?');
    await clickSend(panel);
    await until(() => smsRequests.length === 2);
    expect(smsRequests[1]!.key).toBe(smsRequests[0]!.key);
  });

  test('counts segments and refuses to send beyond 1,600 characters', async () => {
    fake.contact.lastInboundAt = fake.serverNow - 60_000;
    const panel = await mountPanel();
    (await until(() => sms(panel)?.querySelector<HTMLButtonElement>('button.link'))).click();
    const draft = await until(() => sms(panel)?.querySelector<HTMLTextAreaElement>('textarea'));
    typeInto(draft, 'a'.repeat(161));
    await until(() => sms(panel)!.querySelector('.count')?.textContent === '161 characters · 2 SMS');
    typeInto(draft, 'a'.repeat(1601));
    await until(() => sms(panel)!.querySelector('.count')?.hasAttribute('data-over'));
    expect(sms(panel)!.querySelector('.count')!.textContent).toBe('1 characters over the SMS limit');
    expect(sms(panel)!.querySelector<HTMLButtonElement>('button.send')!.disabled).toBe(true);
  });
});

describe('retention in the panel', () => {
  test('a message whose content was deleted says so, with the retention period', async () => {
    fake.contact.lastInboundAt = fake.serverNow - 30 * H;
    fake.messages = [fake.message({ text: null as unknown as string, contentDeleted: { at: fake.serverNow, afterDays: 30 } })];
    const panel = await mountPanel();
    const placeholder = await until(() => q(panel, '.msg .placeholder'));
    expect(placeholder.textContent).toBe('Content deleted after 30 days');
  });
});
