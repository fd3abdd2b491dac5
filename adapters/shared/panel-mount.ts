/**
 * The part every adapter shares: a <go2msg-thread> in the host's container,
 * a bar above it (the number picker when the customer has several numbers,
 * the adapter's actions, a short notice), and the proof or the numbers
 * changing under it. Plain DOM with text only: host data never becomes markup.
 */
import '../../widget/index';
import type { Go2msgThread } from '../../widget/index';
import type { HostAgent, HostContext, HostProof } from '../contract';
import { adapterStrings as t } from './strings';

export interface PanelMountOptions {
  connectorUrl: string;
  /** Another tag when the host registered the panel under its own name. */
  tag?: string;
  lang?: string;
  theme?: 'light' | 'dark' | 'auto';
}

export class PanelMount {
  readonly root: HTMLDivElement;
  readonly panel: Go2msgThread;
  private readonly bar: HTMLDivElement;
  private readonly picker: HTMLSelectElement;
  private readonly pickerLabel: HTMLLabelElement;
  private readonly notice: HTMLSpanElement;
  private numbers: string[] = [];
  private agent: HostAgent | null = null;
  private hostProof: HostProof | null = null;

  constructor(
    private readonly container: HTMLElement,
    options: PanelMountOptions,
  ) {
    this.root = document.createElement('div');
    this.root.className = 'go2msg-adapter';
    this.bar = document.createElement('div');
    this.bar.className = 'go2msg-bar';
    this.pickerLabel = document.createElement('label');
    this.pickerLabel.textContent = `${t.number} `;
    this.picker = document.createElement('select');
    this.picker.addEventListener('change', () => this.show(this.picker.value));
    this.pickerLabel.append(this.picker);
    this.notice = document.createElement('span');
    this.notice.className = 'go2msg-note';
    this.notice.setAttribute('role', 'status');
    this.bar.append(this.pickerLabel, this.notice);
    this.panel = document.createElement(options.tag ?? 'go2msg-thread') as Go2msgThread;
    this.panel.connectorUrl = options.connectorUrl;
    if (options.lang) this.panel.setAttribute('lang', options.lang);
    if (options.theme) this.panel.theme = options.theme;
    this.root.append(this.bar, this.panel);
    this.container.append(this.root);
    this.render();
  }

  /** The host's customer: its numbers (first shown unless the agent picked another that is still there). */
  setNumbers(numbers: string[], unusable = 0): void {
    const current = this.panel.contact;
    this.numbers = numbers;
    this.show(numbers.includes(current) ? current : (numbers[0] ?? ''));
    this.say(numbers.length ? (unusable ? t.someUnusable(unusable) : '') : t.noNumber);
  }

  /** A customer the host names directly (a number or a business-scoped user id), not read from a record. */
  setContact(contact: string): void {
    this.numbers = contact ? [contact] : [];
    this.show(contact);
    this.say('');
  }

  setAgent(agent: HostAgent | null): void {
    this.agent = agent;
  }

  setProof(proof: HostProof | null): void {
    this.hostProof = proof;
    if (proof) this.panel.hostProof = proof;
  }

  /** A control the adapter adds to the bar (e.g. Zendesk's "Add to ticket as internal note"). */
  addAction(button: HTMLButtonElement): void {
    this.bar.insertBefore(button, this.notice);
    this.render();
  }

  say(message: string): void {
    this.notice.textContent = message;
    this.render();
  }

  context(): HostContext {
    return { contact: this.panel.contact || null, numbers: [...this.numbers], agent: this.agent };
  }

  proof(): HostProof | null {
    return this.hostProof;
  }

  dispose(): void {
    this.root.remove();
  }

  private show(contact: string): void {
    if (this.panel.contact !== contact) this.panel.contact = contact;
    this.render();
  }

  private render(): void {
    this.picker.replaceChildren(...this.numbers.map((n) => new Option(n, n, false, n === this.panel.contact)));
    this.pickerLabel.hidden = this.numbers.length < 2;
    this.bar.hidden = this.pickerLabel.hidden && !this.notice.textContent && !this.bar.querySelector('button');
  }
}
