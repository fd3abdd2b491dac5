/** Drives a <go2msg-inbox> the way a teammate does: tabs, rows, search, row actions, keys. */
import '../../../widget/index';
import { loadGo2msgInbox } from '../../../widget/index';
import type { Go2msgInbox } from '../../../widget/components/inbox/inbox';
import { CONNECTOR } from './fake-connector';
import { until } from './harness';

export class InboxHarness {
  private constructor(readonly element: Go2msgInbox) {}

  /** Puts the inbox in the page (inside `parent`, else the body) and waits for its chunk and first render. */
  static async mount(attributes: Record<string, string> = {}, parent: Node = document.body, size = { width: 1100, height: 640 }): Promise<InboxHarness> {
    await loadGo2msgInbox();
    const element = document.createElement('go2msg-inbox');
    element.setAttribute('connector-url', CONNECTOR);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.style.width = `${size.width}px`;
    element.style.height = `${size.height}px`;
    element.style.display = 'block';
    parent.appendChild(element);
    await element.updateComplete;
    return new InboxHarness(element);
  }

  /** Mounts and waits for the first page and the live stream. */
  static async ready(attributes: Record<string, string> = {}, parent?: Node, size?: { width: number; height: number }): Promise<InboxHarness> {
    const inbox = await InboxHarness.mount(attributes, parent, size);
    await until(() => inbox.element.shadowRoot!.querySelector('.conversations, .empty') && inbox.live(), 4000, 'the inbox and its stream');
    return inbox;
  }

  get root(): ShadowRoot {
    return this.element.shadowRoot!;
  }

  q<T extends HTMLElement = HTMLElement>(selector: string): T | null {
    return this.root.querySelector<T>(selector);
  }

  qa<T extends HTMLElement = HTMLElement>(selector: string): T[] {
    return [...this.root.querySelectorAll<T>(selector)];
  }

  live(): boolean {
    return (this.element as unknown as { list: { connection: string } }).list.connection === 'live';
  }

  /** The rows' accessible names, in order. */
  rows(): string[] {
    return this.qa('button.open').map((b) => b.querySelector('.label')?.textContent ?? '');
  }

  row(name: string): HTMLLIElement | undefined {
    return this.qa<HTMLLIElement>('li.conv').find((li) => li.querySelector('button.open .label')?.textContent?.startsWith(name));
  }

  /** Each tab's label and count, as shown. */
  tabs(): Array<{ name: string; selected: boolean; count: string | null }> {
    return this.qa('[role="tab"]').map((t) => ({
      name: [...t.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent)
        .join('')
        .trim(),
      selected: t.getAttribute('aria-selected') === 'true',
      count: t.querySelector('.count')?.textContent ?? null,
    }));
  }

  count(view: string): number | null {
    const text = this.q(`.count[data-view="${view}"]`)?.textContent;
    return text === undefined ? null : Number(text);
  }

  async tab(view: string): Promise<void> {
    this.q<HTMLButtonElement>(`#tab-${view}`)!.click();
    await this.element.updateComplete;
  }

  async search(text: string): Promise<void> {
    const input = this.q<HTMLInputElement>('input.search')!;
    input.value = text;
    input.dispatchEvent(new Event('input'));
    await this.element.updateComplete;
  }

  /** Opens a row's menu and picks an item by its data-action. */
  async menu(name: string, action: string): Promise<void> {
    const row = await until(() => this.row(name), 4000, `row ${name}`);
    row.querySelector<HTMLButtonElement>('.more')!.click();
    const item = await until(() => row.querySelector<HTMLButtonElement>(`[role="menuitem"][data-action="${action}"]`), 4000, `menu item ${action}`);
    item.click();
    await this.element.updateComplete;
  }

  key(target: Element, key: string): void {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
  }

  /** The accessible name of a row's open button (its label text). */
  label(element: Element | null | undefined): string | undefined {
    return element?.querySelector('.label')?.textContent ?? undefined;
  }

  focused(): HTMLElement | null {
    return this.root.activeElement as HTMLElement | null;
  }

  thread(): HTMLElement | null {
    return this.q('go2msg-thread');
  }
}
