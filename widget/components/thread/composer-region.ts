/**
 * The thread's composer region: the reply box (or, with the window closed,
 * the reason and Templates), SMS beside it, the template sheet (loaded on
 * first need, focus taken in and given back to the button that opened it),
 * and files dropped on the panel.
 */
import { html, nothing, type ReactiveElement } from 'lit';
import type { MediaKind } from '@domain/media';
import type { TemplateContent } from '@domain/outbound';
import type { IdentityController } from '../../controllers/identity-controller';
import { smsReply } from '../sms/sms-slot';
import { composerView, savedRepliesButton, type ComposerView } from './composer';
import type { MessageLog } from './message-log';
import type { ThreadParts } from './thread-parts';

type PickerModule = typeof import('../../lazy/template-picker');

/** Needs no lifecycle of its own: the thread calls reset(), updated() and render(). */
export class ComposerRegion {
  picker: InstanceType<PickerModule['TemplatePicker']> | null = null;
  /** The template sheet covers the thread: the log and the composer are inert meanwhile. */
  pickerOpen = false;
  #pickerLoading: Promise<void> | null = null;
  /** The button that opened the template sheet: focus goes back to it when the sheet closes. */
  #pickerOpener: HTMLElement | null = null;
  #focusPicker = false;
  /** A file is being dragged over the panel. */
  dragging = false;
  readonly #host: ReactiveElement;
  readonly #parts: ThreadParts;
  readonly #log: MessageLog;
  readonly #identity: IdentityController;

  constructor(host: ReactiveElement, parts: ThreadParts, log: MessageLog, identity: IdentityController) {
    this.#host = host;
    this.#parts = parts;
    this.#log = log;
    this.#identity = identity;
  }

  /** Another thread: the sheet closes and forgets its choice. */
  reset(): void {
    this.picker?.select(undefined);
    this.pickerOpen = false;
  }

  /** After each render: an opened sheet takes the focus once it is there. */
  updated(): void {
    const root = this.#host.renderRoot as ShadowRoot;
    if (this.#focusPicker && this.picker && root.querySelector('.sheet')) {
      this.#focusPicker = false;
      this.picker.focusIn(root);
    }
  }

  // ——— the template sheet ———

  /** Loads the template picker chunk (and the templates) the first time it is needed. */
  #ensurePicker(): void {
    this.#identity.needTemplates();
    if (this.picker || this.#pickerLoading) return;
    this.#pickerLoading = import('../../lazy/template-picker').then((m) => {
      this.#parts.adopt(m.pickerStyles);
      this.picker = new m.TemplatePicker(this.#host, {
        upload: (file, kind, mime) => this.#upload(file, kind, mime),
        describe: this.#parts.i18n.describe,
        send: (content, label) => this.#sendTemplate(content, label),
      });
      this.picker.setTemplates(this.#identity.templates ?? []);
      this.#host.requestUpdate();
    });
  }

  #upload(file: File, kind: MediaKind, mime: string) {
    return this.#parts.client()?.upload({ file, kind, filename: file.name, mimeType: mime, onProgress: (f) => this.picker?.progress(f) }) ?? null;
  }

  #sendTemplate(content: TemplateContent, label: string): void {
    this.#log.stickToBottom = true;
    this.#closePicker();
    void this.#parts.queue.send(this.#parts.contact(), content, label);
  }

  readonly #openPicker = (event: Event): void => {
    this.#pickerOpener = event.currentTarget as HTMLElement;
    this.pickerOpen = this.#focusPicker = true;
    this.#ensurePicker();
    this.#host.requestUpdate();
  };

  #closePicker(): void {
    this.pickerOpen = false;
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => this.#pickerOpener?.focus());
  }

  // ——— drag and drop (bound on the panel) ———

  #canAttach(): boolean {
    return this.#parts.signedIn() && this.#parts.thread.state === 'ready' && Boolean(this.#parts.replyWindow()?.open) && !this.pickerOpen;
  }

  readonly dragOver = (event: DragEvent): void => {
    if (!this.#canAttach() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    if (!this.dragging) {
      this.dragging = true;
      this.#host.requestUpdate();
    }
  };

  readonly dragLeave = (event: DragEvent): void => {
    if (event.relatedTarget && this.#host.renderRoot.contains(event.relatedTarget as Node)) return;
    this.dragging = false;
    this.#host.requestUpdate();
  };

  readonly drop = (event: DragEvent): void => {
    this.dragging = false;
    this.#host.requestUpdate();
    const file = event.dataTransfer?.files?.[0];
    if (!file || !this.#canAttach()) return;
    event.preventDefault();
    void this.#parts.composer.attach(file);
  };

  // ——— rendering ———

  render() {
    const { thread, i18n, composer } = this.#parts;
    const t = i18n.t;
    const { open: windowOpen, state: windowState } = this.#parts.replyWindow()!;
    // SMS beside WhatsApp: offered in both states when the connector has an SMS provider.
    const sms = smsReply(this.#parts.client(), this.#parts.contact(), windowOpen, t, i18n.locale, (m) => thread.upsert(m));
    const sheet =
      this.pickerOpen && this.picker
        ? this.picker.render(t, i18n.tLocale, {
            reason: windowOpen ? null : this.#closedReason(windowState),
            onClose: () => this.#closePicker(),
            marketing: thread.contact?.marketing,
          })
        : nothing;
    const v: ComposerView = {
      t,
      locale: i18n.tLocale,
      composer,
      customerName: this.#parts.customerName(),
      onSend: this.#parts.onSend,
      onOpenTemplates: this.#openPicker,
      describe: i18n.describe,
      closed: !windowOpen,
    };
    if (!windowOpen) {
      // Loaded ahead: with the window closed a template is the only way to write.
      this.#ensurePicker();
      return html`<div class="composer" part="composer" ?inert=${this.pickerOpen}>
          <p class="reason" role="status">${this.#closedReason(windowState)}</p>
          ${composer.saved?.render(v)}
          <div class="row"><button type="button" class="templates-open" aria-haspopup="dialog" @click=${this.#openPicker}>${t.templates}</button>${savedRepliesButton(v)}</div>
          ${sms}
        </div>
        ${sheet}`;
    }
    void composer.prefetch();
    return html`<div class="composer" part="composer" ?inert=${this.pickerOpen}>
        ${composerView(v)}
        ${sms}
      </div>
      ${sheet}`;
  }

  /** Why only a template can go out; "again" only once the customer has written before. */
  #closedReason(state: string): string {
    const t = this.#parts.i18n.t;
    return state === 'never_opened' ? t.neverReason : t.closedReason;
  }
}
