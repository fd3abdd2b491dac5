/** Mounts a <go2msg-thread> against the fake connector, signed in or not. */
import type { Go2msgThread } from '../../../widget/components/thread/thread';
import { CONNECTOR } from './fake-connector';
import { until as untilPanel } from './harness';
import { SHEENA } from '../../support/fixtures';

export { signInPanelSession, signOutPanelSession } from './harness';

export async function mountPanel(contact = SHEENA): Promise<Go2msgThread> {
  const element = document.createElement('go2msg-thread');
  element.setAttribute('connector-url', CONNECTOR);
  element.setAttribute('contact', contact);
  element.style.height = '600px';
  document.body.append(element);
  await element.updateComplete;
  return element;
}

/** Waits until `check` is truthy, re-reading the panel's shadow DOM. */
export function until<T>(check: () => T | null | undefined | false, timeout = 3000): Promise<T> {
  return untilPanel(check, timeout);
}

export function q<T extends HTMLElement = HTMLElement>(panel: Element, selector: string): T | null {
  return panel.shadowRoot!.querySelector<T>(selector);
}

export function qa<T extends HTMLElement = HTMLElement>(panel: Element, selector: string): T[] {
  return [...panel.shadowRoot!.querySelectorAll<T>(selector)];
}
