/**
 * The microphone button on a machine with no microphone (this one), in real
 * Chromium, whether or not the page was allowed to use one. Recording with
 * Chromium's fake microphone, and a refused microphone, are in
 * test/e2e/voice-notes.test.ts (a browser launched with a fake device).
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { useFakeConnector } from './support/setup';

declare module 'vitest/browser' {
  interface BrowserCommands {
    grantMicrophone: () => Promise<void>;
    clearPermissions: () => Promise<void>;
  }
}

const ctx = useFakeConnector();

beforeEach(() => {
  signInPanelSession();
  ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 60_000;
});

afterEach(async () => {
  await commands.clearPermissions();
});

test('the microphone is a drawn button with a name; with no microphone it says so and what to do, and nothing is uploaded', async () => {
  const panel = await ThreadPanelHarness.ready();
  const mic = await panel.find<HTMLButtonElement>('button.mic');
  expect(mic.getAttribute('aria-label')).toBe('Record a voice note');
  expect(mic.querySelector('svg')!.getAttribute('aria-hidden')).toBe('true');
  mic.click();
  const alert = await panel.find('.voice-problem[role="alert"]');
  expect(alert.textContent).toContain('No microphone was found. Connect one');
  expect(panel.q('.recorder')).toBeNull();
  expect(ctx.fake.uploads).toEqual([]);
  panel.q<HTMLButtonElement>('.voice-problem button')!.click();
  await until(() => !panel.q('.voice-problem'));
});

test("allowed on a machine without a microphone, it says none was found, in the panel's language", async () => {
  await commands.grantMicrophone();
  const panel = await ThreadPanelHarness.ready({ attributes: { lang: 'pt-BR' } });
  (await panel.find<HTMLButtonElement>('button.mic[aria-label="Gravar uma mensagem de voz"]')).click();
  const alert = await panel.find('.voice-problem[role="alert"]', 8000);
  expect(alert.textContent).toContain('Nenhum microfone foi encontrado');
});
