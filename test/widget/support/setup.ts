/** Every widget test: a fresh fake connector, a clean page, no session left behind. */
import { afterEach, beforeEach } from 'vitest';
import { FakeConnector } from './fake-connector';
import { signOutPanelSession } from './harness';

export const H = 3600_000;

// Chromium reports this when a ResizeObserver callback (the virtualizer's) changes layout; it is benign.
window.addEventListener('error', (event) => {
  if (event.message?.includes('ResizeObserver loop')) event.stopImmediatePropagation();
});

export function useFakeConnector(): { readonly fake: FakeConnector } {
  const holder = { fake: null as unknown as FakeConnector };
  beforeEach(() => {
    holder.fake = new FakeConnector().install();
  });
  afterEach(() => {
    document.body.innerHTML = '';
    document.documentElement.lang = 'en';
    signOutPanelSession();
    holder.fake.uninstall();
  });
  return holder;
}
