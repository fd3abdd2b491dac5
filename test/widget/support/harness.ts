/**
 * Drives a <go2msg-thread> the way an agent does (type, attach, pick a
 * template, reply, react), so tests read as behaviour and the shadow-DOM
 * details live in one place.
 */
import { page } from 'vitest/browser';
import '../../../widget/index';
import { sessionFor } from '../../../widget/api/session';
import type { Go2msgThread } from '../../../widget/components/thread/thread';
import { CONNECTOR, FIRST_TOKEN, issuedToken } from './fake-connector';
import { SHEENA } from '../../support/fixtures';

export function signInPanelSession(name = 'Ana Souza'): void {
  sessionFor(CONNECTOR).set(issuedToken({ accessToken: FIRST_TOKEN, teammate: { id: 7, name, email: null, role: 'agent', signature: null } }));
}

export function signOutPanelSession(): void {
  sessionFor(CONNECTOR).set(null);
}

/** Waits until `check` is truthy. */
export async function until<T>(check: () => T | null | undefined | false, timeout = 4000, what = 'the panel'): Promise<T> {
  const deadline = performance.now() + timeout;
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}: ${check.toString().slice(0, 160)}`);
    await new Promise((r) => setTimeout(r, 16));
  }
}

/** Resolves once the page has drawn two more frames (the latest layout is on screen), with its fonts loaded. */
export async function drawn(): Promise<void> {
  await document.fonts.ready;
  await new Promise(requestAnimationFrame);
  await new Promise(requestAnimationFrame);
}

export interface MountOptions {
  contact?: string;
  attributes?: Record<string, string>;
  tag?: string;
  height?: number;
  width?: number;
}

export class ThreadPanelHarness {
  private constructor(readonly element: Go2msgThread) {}

  static async mount(options: MountOptions = {}): Promise<ThreadPanelHarness> {
    const element = document.createElement(options.tag ?? 'go2msg-thread') as Go2msgThread;
    element.setAttribute('connector-url', CONNECTOR);
    element.setAttribute('contact', options.contact ?? SHEENA);
    for (const [name, value] of Object.entries(options.attributes ?? {})) element.setAttribute(name, value);
    element.style.height = `${options.height ?? 640}px`;
    element.style.width = `${options.width ?? 460}px`;
    element.style.display = 'block';
    document.body.append(element);
    await element.updateComplete;
    return new ThreadPanelHarness(element);
  }

  /** Mounts and waits until the thread has loaded and the live stream is connected. */
  static async ready(options: MountOptions = {}): Promise<ThreadPanelHarness> {
    const panel = await ThreadPanelHarness.mount(options);
    await until(() => panel.connection() === 'live', 4000, 'the live stream');
    return panel;
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

  async find<T extends HTMLElement = HTMLElement>(selector: string, timeout?: number): Promise<T> {
    return until(() => this.q<T>(selector), timeout, selector);
  }

  text(selector: string): string | null {
    return this.q(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  }

  button(name: string | RegExp): HTMLButtonElement | undefined {
    return this.qa<HTMLButtonElement>('button').find((b) => {
      const label = (b.getAttribute('aria-label') ?? b.textContent ?? '').replace(/\s+/g, ' ').trim();
      return typeof name === 'string' ? label === name : name.test(label);
    });
  }

  async click(name: string | RegExp): Promise<void> {
    const button = await until(() => this.button(name), 4000, `button ${name}`);
    button.click();
    await this.element.updateComplete;
  }

  // ——— the header ———

  connection(): string | undefined {
    return this.q('.connection')?.dataset.state;
  }

  badge(): { state: string | undefined; text: string | null; expiry: string | null; title: string | null } {
    const badge = this.q('.badge');
    return { state: badge?.dataset.state, text: this.text('.badge'), expiry: this.text('.expiry'), title: badge?.getAttribute('title') ?? null };
  }

  // ——— the thread ———

  messages(): HTMLElement[] {
    return this.qa('.log:not(.pending) > .msg');
  }

  message(text: string | RegExp): HTMLElement | undefined {
    return this.messages().find((m) => (typeof text === 'string' ? m.textContent?.includes(text) : text.test(m.textContent ?? '')));
  }

  async waitForMessage(text: string | RegExp, timeout?: number): Promise<HTMLElement> {
    return until(() => this.message(text), timeout, `a message with ${text}`);
  }

  pending(): HTMLElement[] {
    return this.qa('.log.pending > .msg');
  }

  announcement(): string {
    return this.q('#announcer')?.textContent ?? '';
  }

  // ——— the composer ———

  get draft(): HTMLTextAreaElement {
    return this.q<HTMLTextAreaElement>('textarea')!;
  }

  async typeMessage(text: string): Promise<void> {
    const draft = await this.find<HTMLTextAreaElement>('textarea');
    draft.value = text;
    draft.dispatchEvent(new Event('input'));
    await this.element.updateComplete;
  }

  /** Presses Enter in the reply box; the event tells whether the composer took the key (to send). */
  async pressEnter(options: KeyboardEventInit = {}): Promise<KeyboardEvent> {
    const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true, ...options });
    this.draft.dispatchEvent(event);
    await this.element.updateComplete;
    return event;
  }

  sendButton(): HTMLButtonElement {
    return this.q<HTMLButtonElement>('button.send')!;
  }

  /** Attaches through the 📎 button's file input. */
  async attach(file: File): Promise<void> {
    const input = await this.find<HTMLInputElement>('#file');
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await this.element.updateComplete;
  }

  async drop(file: File): Promise<void> {
    const panel = await this.find('.panel');
    const transfer = new DataTransfer();
    transfer.items.add(file);
    panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true }));
    await this.element.updateComplete;
    panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true }));
    await this.element.updateComplete;
  }

  async paste(file: File): Promise<void> {
    const transfer = new DataTransfer();
    transfer.items.add(file);
    this.draft.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true, composed: true }));
    await this.element.updateComplete;
  }

  attachment(): { name: string | null; state: string | null; progress: number | null; error: string | null } | null {
    if (!this.q('.attachment')) return null;
    const progress = this.q<HTMLProgressElement>('.attachment progress');
    return { name: this.text('.att-name'), state: this.text('.att-state'), progress: progress ? progress.value : null, error: this.text('.attachment .error') };
  }

  problem(): string | null {
    return this.text('.problem');
  }

  async setInput(selectorOrInput: string | HTMLInputElement, value: string): Promise<void> {
    const input = typeof selectorOrInput === 'string' ? await this.find<HTMLInputElement>(selectorOrInput) : selectorOrInput;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await this.element.updateComplete;
  }

  // ——— message actions ———

  async reply(text: string): Promise<void> {
    const message = await this.waitForMessage(text);
    [...message.querySelectorAll<HTMLButtonElement>('.act')].find((b) => b.textContent?.includes('Reply'))!.click();
    await this.element.updateComplete;
  }

  async openReactions(text: string): Promise<HTMLElement> {
    const message = await this.waitForMessage(text);
    [...message.querySelectorAll<HTMLButtonElement>('.act')].find((b) => b.getAttribute('aria-expanded') !== null)!.click();
    await this.element.updateComplete;
    return until(() => message.querySelector<HTMLElement>('.picker'));
  }

  async react(text: string, emoji: string): Promise<void> {
    const picker = await this.openReactions(text);
    [...picker.querySelectorAll<HTMLButtonElement>('.emoji')].find((b) => b.textContent === emoji)!.click();
    await this.element.updateComplete;
  }

  async removeReaction(text: string): Promise<void> {
    const picker = await this.openReactions(text);
    picker.querySelector<HTMLButtonElement>('.remove-reaction')!.click();
    await this.element.updateComplete;
  }

  // ——— templates ———

  /**
   * Opens the template sheet from the composer's Templates button (unless it is
   * open already), found by its role in the composer rather than its label, which
   * changes with the panel's language (a Spanish panel says "Plantillas" once its
   * strings have loaded).
   */
  async openTemplates(): Promise<void> {
    if (this.q('.sheet')) return;
    const open = await until(() => this.q<HTMLButtonElement>('button.templates-open'), 4000, 'the Templates button');
    open.click();
    await this.find('.sheet');
  }

  templateOptions(): string[] {
    return this.qa<HTMLOptionElement>('select.template-select option').map((o) => o.textContent!.trim());
  }

  async pickTemplate(label: string): Promise<void> {
    await this.openTemplates();
    const select = await until(
      () =>
        this.qa<HTMLOptionElement>('select.template-select option').some((o) => o.textContent!.trim() === label) &&
        this.q<HTMLSelectElement>('select.template-select'),
      4000,
      `template ${label}`,
    );
    select.value = this.qa<HTMLOptionElement>('select.template-select option').find((o) => o.textContent!.trim() === label)!.value;
    select.dispatchEvent(new Event('change'));
    await this.element.updateComplete;
  }

  async pickCategory(name: string): Promise<void> {
    await this.openTemplates();
    const chip = await until(() => this.qa<HTMLButtonElement>('.chip').find((c) => c.textContent!.trim() === name));
    chip.click();
    await this.element.updateComplete;
  }

  async pickLanguage(value: string): Promise<void> {
    await this.openTemplates();
    const select = await this.find<HTMLSelectElement>('select.language');
    select.value = value;
    select.dispatchEvent(new Event('change'));
    await this.element.updateComplete;
  }

  async searchTemplates(query: string): Promise<void> {
    await this.setInput('.filters input[type="search"]', query);
  }

  templateFields(): Array<{ label: string; input: HTMLInputElement }> {
    return this.qa<HTMLLabelElement>('.fields .field').map((f) => ({ label: f.querySelector('span')!.textContent!.trim(), input: f.querySelector('input')! }));
  }

  async fillTemplateField(label: string, value: string | File): Promise<void> {
    const field = await until(() => this.templateFields().find((f) => f.label === label), 4000, `field ${label}`);
    if (typeof value === 'string') return this.setInput(field.input, value);
    const transfer = new DataTransfer();
    transfer.items.add(value);
    field.input.files = transfer.files;
    field.input.dispatchEvent(new Event('change'));
    await this.element.updateComplete;
  }

  sendTemplateButton(): HTMLButtonElement | null {
    return this.q<HTMLButtonElement>('button.send-template');
  }

  // ——— screenshots for docs/images ———

  async screenshot(name: string): Promise<void> {
    const box = this.element.getBoundingClientRect();
    await page.viewport(Math.ceil(box.right) + 24, Math.ceil(box.bottom) + 24);
    await this.element.updateComplete;
    await drawn();
    await page.screenshot({ element: this.element, path: `../../docs/images/${name}.png` });
  }
}
