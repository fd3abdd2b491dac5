/** Mounts a <go2msg-thread> against the fake connector, signed in or not. */
import '../../../widget/index';
import { sessionFor } from '../../../widget/api/session';
import type { Go2msgThread } from '../../../widget/components/thread/thread';
import { CONNECTOR, FIRST_TOKEN, issuedToken } from './fake-connector';

export function signInPanelSession(name = 'Ana Souza'): void {
  sessionFor(CONNECTOR).set(issuedToken({ accessToken: FIRST_TOKEN, teammate: { id: 7, name, email: null, role: 'agent', signature: null } }));
}

export function signOutPanelSession(): void {
  sessionFor(CONNECTOR).set(null);
}

export async function mountPanel(contact = '+16505551234'): Promise<Go2msgThread> {
  const element = document.createElement('go2msg-thread');
  element.setAttribute('connector-url', CONNECTOR);
  element.setAttribute('contact', contact);
  element.style.height = '600px';
  document.body.append(element);
  await element.updateComplete;
  return element;
}

/** Waits until `check` is truthy, re-reading the panel's shadow DOM. */
export async function until<T>(check: () => T | null | undefined | false, timeout = 3000): Promise<T> {
  const deadline = performance.now() + timeout;
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error('timed out waiting for the panel');
    await new Promise((r) => setTimeout(r, 16));
  }
}

export function q<T extends HTMLElement = HTMLElement>(panel: Element, selector: string): T | null {
  return panel.shadowRoot!.querySelector<T>(selector);
}

export function qa<T extends HTMLElement = HTMLElement>(panel: Element, selector: string): T[] {
  return [...panel.shadowRoot!.querySelectorAll<T>(selector)];
}
