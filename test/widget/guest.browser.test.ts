/** A good guest in any page: isolation, theming, dark mode, languages, two copies, labels. */
import { describe, expect, test, vi } from 'vitest';
import { cdp } from 'vitest/browser';
import { characters as domainCharacters } from '@domain/outbound';
import { characters } from '../../widget/components/thread/format';
import { en } from '../../widget/i18n/strings';
import { es } from '../../widget/i18n/es';
import { ptBR } from '../../widget/i18n/pt-br';
import { resolveLocale } from '../../widget/i18n/locale';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { H, useFakeConnector } from './support/setup';

const ctx = useFakeConnector();

function hostStyle(text: string): HTMLStyleElement {
  const style = document.createElement('style');
  style.textContent = text;
  document.head.append(style);
  return style;
}

describe('isolation', () => {
  test("host page CSS does not reach inside, and the panel's CSS does not leak out", async () => {
    signInPanelSession();
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow;
    const style = hostStyle(
      'button, .msg, .badge, textarea { background: rgb(255, 0, 0) !important; color: rgb(255, 0, 0) !important; } * { font-family: "Comic Sans MS" !important; }',
    );
    const outside = document.createElement('button');
    outside.className = 'send badge';
    document.body.append(outside);
    try {
      const panel = await ThreadPanelHarness.ready();
      const send = panel.sendButton();
      expect(getComputedStyle(send).backgroundColor).not.toBe('rgb(255, 0, 0)');
      expect(getComputedStyle(panel.q('.badge')!).color).not.toBe('rgb(255, 0, 0)');
      // The panel's .send and .badge rules stay in its shadow root.
      expect(getComputedStyle(outside).borderRadius).not.toBe('999px');
      expect(getComputedStyle(outside).backgroundColor).toBe('rgb(255, 0, 0)');
    } finally {
      style.remove();
    }
  });

  test('is themed by documented custom properties and ::part()', async () => {
    signInPanelSession();
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow;
    ctx.fake.messages = [ctx.fake.message({ text: 'hello' })];
    const style = hostStyle(
      'go2msg-thread { --go2msg-accent: rgb(1, 2, 3); --go2msg-bubble-in: rgb(4, 5, 6); } go2msg-thread::part(header) { background: rgb(7, 8, 9); } go2msg-thread::part(window-badge) { text-transform: uppercase; }',
    );
    try {
      const panel = await ThreadPanelHarness.ready();
      expect(getComputedStyle(panel.sendButton()).backgroundColor).toBe('rgb(1, 2, 3)');
      expect(getComputedStyle(panel.messages()[0]!).backgroundColor).toBe('rgb(4, 5, 6)');
      expect(getComputedStyle(panel.q('header')!).backgroundColor).toBe('rgb(7, 8, 9)');
      expect(getComputedStyle(panel.q('.badge')!).textTransform).toBe('uppercase');
    } finally {
      style.remove();
    }
  });

  test('uses no inline style attributes (a strict host CSP would block them)', async () => {
    signInPanelSession();
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow;
    ctx.fake.messages = [ctx.fake.message({ text: 'hello' })];
    const panel = await ThreadPanelHarness.ready();
    expect(panel.root.querySelectorAll('[style]')).toHaveLength(0);
    expect(panel.root.querySelectorAll('style')).toHaveLength(0);
  });
});

describe('light and dark', () => {
  test('theme="dark" switches the palette; theme="light" keeps it light', async () => {
    signInPanelSession();
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow;
    const dark = await ThreadPanelHarness.ready({ attributes: { theme: 'dark' } });
    const light = await ThreadPanelHarness.ready({ attributes: { theme: 'light' } });
    expect(getComputedStyle(dark.q('.panel')!).backgroundColor).toBe('rgb(17, 27, 33)');
    expect(getComputedStyle(light.q('.panel')!).backgroundColor).toBe('rgb(255, 255, 255)');
    expect(getComputedStyle(dark.q('.panel')!).colorScheme).toBe('dark');
  });

  test('follows prefers-color-scheme unless a theme is set', async () => {
    signInPanelSession();
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow;
    const session = cdp();
    await session.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
    try {
      const auto = await ThreadPanelHarness.ready();
      const light = await ThreadPanelHarness.ready({ attributes: { theme: 'light' } });
      await until(() => getComputedStyle(auto.q('.panel')!).backgroundColor === 'rgb(17, 27, 33)');
      expect(getComputedStyle(light.q('.panel')!).backgroundColor).toBe('rgb(255, 255, 255)');
    } finally {
      await session.send('Emulation.setEmulatedMedia', { features: [] });
    }
  });
});

describe('languages', () => {
  test('speaks Spanish with lang="es"', async () => {
    const panel = await ThreadPanelHarness.mount({ attributes: { lang: 'es' } });
    await until(() => panel.text('.signin button') === 'Iniciar sesión');
    expect(panel.q('.panel')!.getAttribute('lang')).toBe('es');
  });

  test("follows the host page's <html lang> (Brazilian Portuguese), live", async () => {
    document.documentElement.lang = 'pt-BR';
    signInPanelSession();
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 30 * H;
    const panel = await ThreadPanelHarness.ready();
    await until(() => panel.badge().text === 'Fechada');
    expect(panel.text('.reason')).toMatch(/^A janela de 24 horas está fechada/);
    document.documentElement.lang = 'en-GB';
    await until(() => panel.badge().text === 'Closed');
  });

  test('falls back to English for other languages', () => {
    expect(['de', '', 'fr-CA'].map(resolveLocale)).toEqual(['en', 'en', 'en']);
    expect(['es-MX', 'pt', 'pt-PT', 'ES'].map(resolveLocale)).toEqual(['es', 'pt-BR', 'pt-BR', 'es']);
  });

  test('Spanish and Brazilian Portuguese translate every English string, with the same placeholders', () => {
    for (const [name, dictionary] of [
      ['es', es],
      ['pt-BR', ptBR],
    ] as const) {
      const missing = Object.keys(en).filter((key) => !(key in dictionary));
      expect(missing, `${name} lacks these keys`).toEqual([]);
      for (const [key, text] of Object.entries(en)) {
        const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(placeholders(dictionary[key as keyof typeof en]!), `${name}.${key}`).toEqual(placeholders(text));
      }
    }
  });

  test("counts characters exactly like the connector's rule", () => {
    for (const text of ['', 'abc', '😀👍🏽', '🇧🇷 ok', 'e\u0301', '👨‍👩‍👧']) expect(characters(text)).toBe(domainCharacters(text));
  });
});

describe('two copies on one page', () => {
  test('a second registration of the same tag neither throws nor replaces the first; another tag works side by side', async () => {
    const { defineGo2msgThread } = await import('../../widget/index');
    const first = customElements.get('go2msg-thread');
    expect(() => defineGo2msgThread()).not.toThrow();
    expect(customElements.get('go2msg-thread')).toBe(first);
    defineGo2msgThread('acme-whatsapp-thread');
    signInPanelSession();
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow;
    ctx.fake.messages = [ctx.fake.message({ text: 'seen by both' })];
    const a = await ThreadPanelHarness.ready();
    const b = await ThreadPanelHarness.ready({ tag: 'acme-whatsapp-thread' });
    await a.waitForMessage('seen by both');
    await b.waitForMessage('seen by both');
  });

  test('another version under the same tag is left alone, with a warning naming both versions', async () => {
    const { defineOnce } = await import('../../widget/define');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tag = `old-go2msg-${Math.random().toString(36).slice(2)}`;
    customElements.define(tag, class extends HTMLElement {});
    const before = customElements.get(tag);
    defineOnce(tag, class extends HTMLElement {});
    expect(customElements.get(tag)).toBe(before);
    expect(warn.mock.calls[0]![0]).toMatch(/already defined by version unknown; this copy \(0\.\d+\.\d+\) is not used/);
    warn.mockRestore();
  });
});

describe('screen readers and keyboard', () => {
  test('every button and field has a name', async () => {
    signInPanelSession();
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow;
    ctx.fake.messages = [ctx.fake.message({ text: 'hi' })];
    const panel = await ThreadPanelHarness.ready();
    await panel.click('Quick-reply buttons');
    for (const control of panel.qa('button, textarea, input:not([type="file"]), select')) {
      const labelled =
        control.getAttribute('aria-label') || control.textContent?.trim() || (control.id && panel.q(`label[for="${control.id}"]`)?.textContent?.trim());
      expect(labelled, control.outerHTML.slice(0, 80)).toBeTruthy();
    }
    expect(panel.q('#announcer')!.getAttribute('role')).toBe('status');
    expect(panel.q('.window')!.getAttribute('role')).toBe('status');
  });
});
