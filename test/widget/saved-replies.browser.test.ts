/**
 * Saved replies in the composer: "/" and part of a name, or the Saved replies
 * button; placeholders filled before the text reaches the draft, the ones
 * nobody knows left for the agent (and Send held back until they are filled);
 * never offered outside the 24-hour window; in the panel's language.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { SavedReplyView } from '@domain/saved-replies';
import { axeViolations } from './support/axe';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { H, useFakeConnector } from './support/setup';

const ctx = useFakeConnector();

const REPLIES: SavedReplyView[] = [
  { id: 1, name: 'Greeting', language: 'en', text: 'Hi {{customer.first_name}}, this is {{agent.first_name}} from Acme. How can I help?', updatedAt: 0 },
  { id: 2, name: 'Order status', language: 'en', text: 'Thanks {{customer.first_name}}! Could you send me your order number?', updatedAt: 0 },
  { id: 3, name: 'Opening hours', language: 'en', text: 'We are open 9:00–18:00.', updatedAt: 0 },
  { id: 4, name: 'Horario', language: 'es', text: 'Abrimos de 9:00 a 18:00, {{customer.first_name}}.', updatedAt: 0 },
  { id: 5, name: 'Order refund', language: null, text: 'Your refund is on its way.', updatedAt: 0 },
];

let listed = 0;

beforeEach(() => {
  signInPanelSession();
  listed = 0;
  ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 60_000;
  ctx.fake.routes.push((request, path) => {
    if (path !== '/api/saved-replies' || request.method !== 'GET') return null;
    listed += 1;
    return new Response(JSON.stringify({ data: REPLIES }), { headers: { 'content-type': 'application/json' } });
  });
});

/** The names the open list offers, in order, and which one is chosen. */
function options(panel: ThreadPanelHarness): { names: string[]; chosen: string | undefined } {
  const items = panel.qa('.saved-option');
  return {
    names: items.map((o) => o.querySelector('.saved-name')!.textContent!.trim()),
    chosen: items
      .find((o) => o.getAttribute('aria-selected') === 'true')
      ?.querySelector('.saved-name')!
      .textContent!.trim(),
  };
}

async function key(panel: ThreadPanelHarness, target: HTMLElement, init: KeyboardEventInit): Promise<KeyboardEvent> {
  const event = new KeyboardEvent('keydown', { bubbles: true, composed: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  await panel.element.updateComplete;
  return event;
}

async function typeSlash(panel: ThreadPanelHarness, text: string): Promise<void> {
  await panel.typeMessage(text);
  // Settled: the options, or a hint that is not "Loading…" (the list is fetched on the first "/").
  await until(() => panel.qa('.saved-option').length > 0 || panel.q('.saved-pop .hint:not([aria-busy])'), 4000, 'the saved replies list');
}

describe('typing "/" and part of a name', () => {
  test('lists the matches with the typed part marked; arrows choose, Enter inserts the filled reply instead of sending', async () => {
    const panel = await ThreadPanelHarness.ready();
    await typeSlash(panel, '/ord');
    expect(options(panel)).toEqual({ names: ['Order status', 'Order refund'], chosen: 'Order status' });
    expect(panel.qa('.saved-option mark').map((m) => m.textContent)).toEqual(['Ord', 'Ord']);
    // The reply box keeps the focus and points at the option in view.
    const draft = panel.draft;
    expect(draft.getAttribute('aria-autocomplete')).toBe('list');
    expect(draft.getAttribute('aria-controls')).toBe('saved-list');
    expect(draft.getAttribute('aria-activedescendant')).toBe('saved-option-0');
    expect(panel.q('#saved-list')!.getAttribute('role')).toBe('listbox');
    expect(panel.text('.saved-pop [role="status"]')).toBe('2 saved replies. Up and Down arrows to choose, Enter or Tab to insert, Escape to close.');

    await key(panel, draft, { key: 'ArrowDown' });
    expect(options(panel).chosen).toBe('Order refund');
    expect(draft.getAttribute('aria-activedescendant')).toBe('saved-option-1');
    await key(panel, draft, { key: 'ArrowDown' });
    expect(options(panel).chosen).toBe('Order status');
    await key(panel, draft, { key: 'ArrowUp' });
    expect(options(panel).chosen).toBe('Order refund');

    const enter = await key(panel, draft, { key: 'Enter' });
    expect(enter.defaultPrevented).toBe(true);
    await until(() => panel.draft.value === 'Your refund is on its way.');
    expect(panel.q('.saved-pop')).toBeNull();
    expect(draft.hasAttribute('aria-activedescendant')).toBe(false);
    expect(ctx.fake.sent).toHaveLength(0);
    // The agent can still edit it; Enter now sends what they see.
    await panel.typeMessage('Your refund is on its way, Sheena.');
    await panel.pressEnter();
    await until(() => ctx.fake.sent.length === 1);
    expect(ctx.fake.sent[0]!.body).toEqual({ type: 'text', text: { body: 'Your refund is on its way, Sheena.' } });
  });

  test("fills the customer's and the agent's first names, replaces only the typed words, and puts the caret after the reply", async () => {
    const panel = await ThreadPanelHarness.ready();
    await typeSlash(panel, 'Hello! /gree');
    await key(panel, panel.draft, { key: 'Tab' });
    const filled = 'Hello! Hi Sheena, this is Ana from Acme. How can I help?';
    await until(() => panel.draft.value === filled);
    await until(() => panel.root.activeElement === panel.draft);
    expect([panel.draft.selectionStart, panel.draft.selectionEnd]).toEqual([filled.length, filled.length]);
    expect(panel.sendButton().disabled).toBe(false);
  });

  test('Escape closes the list and keeps what was typed; a "/" inside a word opens nothing; a name nobody has says so', async () => {
    const panel = await ThreadPanelHarness.ready();
    await typeSlash(panel, '/gre');
    const escape = await key(panel, panel.draft, { key: 'Escape' });
    expect(escape.defaultPrevented).toBe(true);
    await until(() => !panel.q('.saved-pop'));
    expect(panel.draft.value).toBe('/gre');
    await typeSlash(panel, '/g');
    await panel.typeMessage('');
    await until(() => !panel.q('.saved-pop'));
    expect(panel.draft.hasAttribute('aria-controls')).toBe(false);
    await panel.typeMessage('and/or');
    await panel.typeMessage('and/or maybe');
    expect(panel.q('.saved-pop')).toBeNull();
    await typeSlash(panel, '/zzz');
    expect(panel.text('.saved-pop .hint')).toBe('No saved reply matches “zzz”.');
    // With nothing to choose, Enter is the reply box's own again.
    const enter = await key(panel, panel.draft, { key: 'Enter' });
    expect(enter.defaultPrevented).toBe(true);
    await until(() => ctx.fake.sent.length === 1);
  });

  test('keys an input method is composing with are left to it', async () => {
    const panel = await ThreadPanelHarness.ready();
    await typeSlash(panel, '/ord');
    const draft = panel.draft;
    draft.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, composed: true }));
    const confirming = await key(panel, draft, { key: 'Enter', isComposing: true });
    const moving = await key(panel, draft, { key: 'ArrowDown', isComposing: true });
    expect([confirming.defaultPrevented, moving.defaultPrevented]).toEqual([false, false]);
    expect(options(panel).chosen).toBe('Order status');
    expect(draft.value).toBe('/ord');
    draft.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, composed: true, data: '' }));
    await key(panel, draft, { key: 'Enter' });
    await until(() => panel.draft.value.startsWith('Thanks Sheena!'));
    expect(ctx.fake.sent).toHaveLength(0);
  });
});

describe('placeholders nobody knows', () => {
  test('stay in the draft, selected to type over; Send waits until they are filled', async () => {
    ctx.fake.contact.name = null;
    const panel = await ThreadPanelHarness.ready();
    await typeSlash(panel, '/greet');
    await key(panel, panel.draft, { key: 'Enter' });
    const text = 'Hi {{customer.first_name}}, this is Ana from Acme. How can I help?';
    await until(() => panel.draft.value === text);
    await until(() => panel.root.activeElement === panel.draft && panel.draft.selectionStart === 3);
    expect(panel.draft.selectionEnd).toBe(3 + '{{customer.first_name}}'.length);
    expect(panel.text('.saved-unfilled')).toBe('Fill in {{customer.first_name}} before sending: type what it stands for, or delete it.');
    expect(panel.sendButton().disabled).toBe(true);
    await panel.pressEnter();
    expect(ctx.fake.sent).toHaveLength(0);

    await panel.typeMessage('Hi Sheena, this is Ana from Acme. How can I help?');
    expect(panel.q('.saved-unfilled')).toBeNull();
    expect(panel.sendButton().disabled).toBe(false);
    await panel.pressEnter();
    await until(() => ctx.fake.sent.length === 1);
    expect(ctx.fake.sent[0]!.body).toEqual({ type: 'text', text: { body: 'Hi Sheena, this is Ana from Acme. How can I help?' } });
  });
});

describe('the Saved replies button', () => {
  test('opens a search combobox over the list; Enter inserts where the caret was, Escape gives focus back to the button', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.typeMessage('Dear customer. ');
    panel.draft.setSelectionRange(0, 0);
    await panel.click('Saved replies');
    const search = await panel.find<HTMLInputElement>('.saved-search');
    await until(() => panel.root.activeElement === search);
    expect(search.getAttribute('role')).toBe('combobox');
    expect(search.getAttribute('aria-label')).toBe('Search saved replies');
    await until(() => options(panel).names.length === 5);
    expect(panel.button('Saved replies')!.getAttribute('aria-expanded')).toBe('true');
    search.value = 'hours';
    search.dispatchEvent(new Event('input'));
    await panel.element.updateComplete;
    expect(options(panel).names).toEqual(['Opening hours']);
    expect(search.getAttribute('aria-activedescendant')).toBe('saved-option-0');
    await key(panel, search, { key: 'Enter' });
    await until(() => panel.draft.value === 'We are open 9:00–18:00.Dear customer. ');
    await until(() => panel.root.activeElement === panel.draft);

    await panel.click('Saved replies');
    const again = await panel.find<HTMLInputElement>('.saved-search');
    await until(() => panel.root.activeElement === again);
    await key(panel, again, { key: 'Escape' });
    await until(() => !panel.q('.saved-pop'));
    expect(panel.root.activeElement).toBe(panel.button('Saved replies'));
    expect(panel.button('Saved replies')!.getAttribute('aria-expanded')).toBe('false');
    expect(listed).toBe(2);
  });
});

describe('outside the 24-hour window', () => {
  test('offers no saved reply and says why, pointing to the templates', async () => {
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 30 * H;
    const panel = await ThreadPanelHarness.ready();
    await panel.click('Saved replies');
    await until(() => panel.q('.saved-pop'));
    expect(panel.text('.saved-pop')).toContain('Saved replies are free text, which WhatsApp delivers only within 24 hours');
    expect(panel.q('.saved-option')).toBeNull();
    expect(listed).toBe(0);
    await panel.click('Choose a template');
    await until(() => panel.q('.sheet'));
    expect(panel.q('.saved-pop')).toBeNull();
  });
});

describe('in Spanish', () => {
  test('the button, the list and its status speak Spanish, and Spanish replies come first', async () => {
    const panel = await ThreadPanelHarness.ready({ attributes: { lang: 'es' } });
    await until(() => panel.button('Respuestas guardadas'));
    await typeSlash(panel, '/ho');
    await until(() => options(panel).names.length === 2);
    expect(options(panel).names).toEqual(['Horario', 'Opening hours']);
    expect(panel.text('.saved-lang')).toBe('es');
    expect(panel.q('#saved-list')!.getAttribute('aria-label')).toBe('Respuestas guardadas');
    expect(panel.text('.saved-pop [role="status"]')).toBe(
      '2 respuestas guardadas. Flechas arriba y abajo para elegir, Intro o Tab para insertar, Escape para cerrar.',
    );
    await key(panel, panel.draft, { key: 'Enter' });
    await until(() => panel.draft.value === 'Abrimos de 9:00 a 18:00, Sheena.');
  });
});

describe('accessibility of the open list, checked by axe-core', () => {
  test('typed, and from the button: no violation', async () => {
    const panel = await ThreadPanelHarness.ready();
    await typeSlash(panel, '/o');
    expect(await axeViolations(panel.element)).toEqual([]);
    await key(panel, panel.draft, { key: 'Escape' });
    await panel.click('Saved replies');
    await until(() => options(panel).names.length === 5);
    expect(await axeViolations(panel.element)).toEqual([]);
  });
});
