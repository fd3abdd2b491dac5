/**
 * <go2msg-thread>: the WhatsApp thread with one customer, inside any host page.
 *
 * @summary The thread, its 24-hour window, and a composer that only offers what
 *   WhatsApp will deliver: free text, files, quick-reply buttons, replies and
 *   reactions inside the window; approved templates always.
 * @attr connector-url - The go2msg connector's base URL, e.g. https://wa.acme.com
 * @attr contact - The customer's number in E.164 (+16505551234) or a business-scoped user id.
 * @attr lang - en, es or pt-BR (any es-* or pt-* tag works); defaults to the host page's <html lang>.
 * @attr theme - light, dark, or auto (default: follows prefers-color-scheme).
 * @prop hostProof - `{host, proof}` signed by the host for its current user: signs in without the popup once linked.
 * @csspart panel - The outer box.
 * @csspart header - Customer, sending number, window and sign-in status.
 * @csspart business - The sending number's name, picture, verified badge and health.
 * @csspart window-badge - The window status pill.
 * @csspart log - The message list.
 * @csspart message - Each message (also message-in / message-out).
 * @csspart composer - The reply area (and the template picker).
 * @csspart media-viewer - The full-size image dialog.
 * @fires go2msg-message-sent - A sent message (any channel) was accepted; detail: the MessageView. Bubbles, composed.
 * @cssproperty --go2msg-accent - Buttons, links and focus rings. See thread.styles.ts for the full list.
 */
import { html, LitElement, nothing, type CSSResult, type PropertyValues } from 'lit';
import type { MediaKind } from '@domain/media';
import type { OutboundContent, TemplateContent } from '@domain/outbound';
import { replyWindow } from '@domain/reply-window';
import type { MessageView } from '@domain/views';
import type { ConnectorClient } from '../../api/connector-client';
import { ComposerController, problemOf } from '../../controllers/composer-controller';
import { MediaController } from '../../controllers/media-controller';
import { SendQueue } from '../../controllers/send-queue';
import { SessionController, type HostProof } from '../../controllers/session-controller';
import { AccountAlertsController } from '../../controllers/account-alerts-controller';
import { IdentityController } from '../../controllers/identity-controller';
import { LocaleController } from '../../controllers/locale-controller';
import { ThreadController } from '../../controllers/thread-controller';
import { TickController } from '../../controllers/tick-controller';
import { MessageSentEvent } from '../../events/message-sent';
import { format } from '../../i18n/strings';
import { accountAlertStyles, accountAlerts } from './account-alerts';
import { composerView, savedRepliesButton, type ComposerView } from './composer';
import { headerView } from './header';
import { SignInFocus, signInView } from './sign-in-view';
import { MessageLog } from './message-log';
import { smsReply } from '../sms/sms-slot';
import { threadStyles } from './thread.styles';

type PickerModule = typeof import('../../lazy/template-picker');
type OwnershipModule = typeof import('../../lazy/ownership');

export { VIRTUALIZE_FROM } from './message-log';

export class Go2msgThread extends LitElement {
  static override styles = [threadStyles, accountAlertStyles];
  static override properties = {
    connectorUrl: { attribute: 'connector-url' },
    contact: {},
    hostProof: { attribute: false },
    uiLang: { attribute: 'lang' },
    theme: { reflect: true },
  };

  declare connectorUrl: string;
  declare contact: string;
  declare hostProof: HostProof | null;
  /** The `lang` attribute (the native `lang` property keeps working alongside). */
  declare uiLang: string | null;
  declare theme: 'light' | 'dark' | 'auto';

  readonly #i18n = new LocaleController(this, () => this.uiLang);
  readonly #auth = new SessionController(this, () => this.#onSession());
  readonly #alerts = new AccountAlertsController(this);
  readonly #identity = new IdentityController(this, this.#alerts, () => this.#client, (templates) => this.#picker?.setTemplates(templates));
  #client: ConnectorClient | null = null;
  #picker: InstanceType<PickerModule['TemplatePicker']> | null = null;
  #pickerLoading: Promise<void> | null = null;
  #pickerOpen = false;
  /** The button that opened the template sheet: focus goes back to it when the sheet closes. */
  #pickerOpener: HTMLElement | null = null;
  #focusPicker = false;
  #ownership: InstanceType<OwnershipModule['Ownership']> | null = null;
  #announcement = '';
  #dragging = false;
  /** Who the thread was loaded for: a renewed token for the same teammate changes nothing on screen. */
  #sessionKey = '';
  /** The contact the composer's draft belongs to. */
  #draftContact = '';

  readonly #thread = new ThreadController(this, {
    onSignedOut: (code) => this.#signedOut(code),
    onIncoming: (m) => this.#incoming(m),
    onAccountEvent: (event) => this.#alerts.apply(event),
    onTeam: (e) => this.#ownership?.apply(e),
  });
  readonly #signInFocus = new SignInFocus();
  readonly #media = new MediaController(this, () => this.#client);
  readonly #composer = new ComposerController(this, {
    client: () => this.#client,
    contact: () => this.contact,
    now: () => this.#thread.now(),
    signature: () => this.#auth.session?.teammate?.signature ?? '',
    adopt: (styles) => this.#adopt(styles),
    facts: () => [this.#thread.contact, this.#auth.session?.teammate],
  });
  readonly #queue = new SendQueue(this, {
    client: () => this.#client,
    onSent: (message, content) => this.#sent(message, content),
    onSignedOut: (code) => this.#signedOut(code),
  });
  readonly #log = new MessageLog(this, {
    thread: this.#thread,
    media: this.#media,
    i18n: this.#i18n,
    queue: this.#queue,
    composer: this.#composer,
    client: () => this.#client,
    contact: () => this.contact,
    me: () => this.#auth.session?.teammate,
    customerName: () => this.#customerName,
    adopt: (styles) => this.#adopt(styles),
  });

  constructor() {
    super();
    this.connectorUrl = '';
    this.contact = '';
    this.hostProof = null;
    this.uiLang = null;
    this.theme = 'auto';
    new TickController(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('uiLang')) this.#i18n.apply();
    if (changed.has('connectorUrl') && this.connectorUrl) this.#client = this.#auth.use(this.connectorUrl).client;
    if ((changed.has('connectorUrl') || changed.has('contact')) && this.connectorUrl) this.#reload();
    // A proof given before the connector URL is used once the URL arrives.
    if ((changed.has('hostProof') || changed.has('connectorUrl')) && this.hostProof && this.connectorUrl && !this.#auth.signedIn) void this.#auth.useHostProof(this.hostProof);
  }

  protected override firstUpdated(): void {
    this.#log.firstUpdated();
  }

  protected override updated(): void {
    this.#log.updated();
    if (this.#focusPicker && this.#picker && this.renderRoot.querySelector('.sheet')) {
      this.#focusPicker = false;
      this.#picker.focusIn(this.renderRoot as ShadowRoot);
    }
    this.#log.markReadIfNeeded();
    this.#signInFocus.apply(this.renderRoot, this.#auth, !this.contact || this.#thread.state === 'ready' || this.#thread.state === 'error');
  }

  /** Styles that arrive with a lazy chunk join the shadow root's sheets. */
  #adopt(styles: CSSResult): void {
    const root = this.renderRoot as ShadowRoot;
    const sheet = styles.styleSheet;
    if (sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  get #signedIn(): boolean {
    return this.#auth.signedIn;
  }

  /** The 24-hour reply window, as of the connector's clock; null before the contact loads. */
  get #replyWindow() {
    const contact = this.#thread.contact;
    return contact ? replyWindow({ lastInboundAt: contact.lastInboundAt, closedByProviderAt: contact.windowClosedAt, now: this.#thread.now() }) : null;
  }

  get #customerName(): string {
    return this.#thread.contact?.name ?? this.#thread.contact?.phone ?? this.#i18n.t.customer;
  }

  #onSession(): void {
    const key = String(this.#auth.session?.teammate?.id ?? '');
    if (key === this.#sessionKey && key !== '') return;
    this.#reload();
  }


  #reload(): void {
    this.#sessionKey = String(this.#auth.session?.teammate?.id ?? '');
    // The draft survives a reload of the same thread (sign-in again, a retry); another customer starts empty.
    // A recording for the customer left behind is dropped (and the microphone let go), never offered to the next one.
    if (this.#draftContact !== this.contact || !this.#sessionKey) {
      this.#composer.voice?.cancel();
      this.#composer.reset();
    }
    this.#draftContact = this.contact;
    this.#media.clear();
    this.#picker?.select(undefined);
    this.#pickerOpen = false;
    this.#log.reset();
    if (!this.#client || !this.#signedIn || !this.contact) {
      this.#thread.close();
      this.requestUpdate();
      return;
    }
    void this.#thread.open(this.#client, () => this.#auth.session?.token ?? null, this.contact);
    const [client, contact] = [this.#client, this.contact];
    void import('../../lazy/ownership').then((m) => (this.#ownership ??= new m.Ownership(this, this.#thread)).load(client, contact));
    this.#identity.reload(this.#client);
  }

  /** Loads the template picker chunk (and the templates) the first time it is needed. */
  #ensurePicker(): void {
    this.#identity.needTemplates();
    if (this.#picker || this.#pickerLoading) return;
    this.#pickerLoading = import('../../lazy/template-picker').then((m) => {
      this.#adopt(m.pickerStyles);
      this.#picker = new m.TemplatePicker(this, {
        upload: (file, kind, mime) => this.#uploadForPicker(file, kind, mime),
        describe: this.#i18n.describe,
        send: (content, label) => this.#sendTemplate(content, label),
      });
      this.#picker.setTemplates(this.#identity.templates ?? []);
      this.requestUpdate();
    });
  }

  #uploadForPicker(file: File, kind: MediaKind, mime: string) {
    return this.#client?.upload({ file, kind, filename: file.name, mimeType: mime, onProgress: (f) => this.#picker?.progress(f) }) ?? null;
  }

  #sendTemplate(content: TemplateContent, label: string): void {
    this.#log.stickToBottom = true;
    this.#closePicker();
    void this.#queue.send(this.contact, content, label);
  }

  readonly #openPicker = (event: Event): void => {
    this.#pickerOpener = event.currentTarget as HTMLElement;
    this.#pickerOpen = this.#focusPicker = true;
    this.#ensurePicker();
    this.requestUpdate();
  };

  #closePicker(): void {
    this.#pickerOpen = false;
    this.requestUpdate();
    void this.updateComplete.then(() => this.#pickerOpener?.focus());
  }

  /** The connector refused the session: renewed, the thread reopens; else the panel says why. */
  async #signedOut(code: string): Promise<void> {
    if (await this.#auth.recover(code)) this.#reload();
    else this.#thread.close();
  }

  // ——— reading ———

  #incoming(m: MessageView): void {
    const text = m.text ?? (m.media ? this.#i18n.t[m.media.kind] : m.type);
    this.#announcement = format(this.#i18n.t.newMessageFrom, { name: this.#customerName, text });
  }

  // ——— sending ———

  #sent(message: MessageView, content: OutboundContent): void {
    if (content.type === 'reaction') return;
    this.#log.stickToBottom = true;
    this.#thread.upsert(message);
    // The host hears every send; an SMS announces itself from <go2msg-sms-reply> with the same event.
    this.dispatchEvent(new MessageSentEvent(message));
  }

  async #onSend(): Promise<void> {
    // Held while the teammate answers the warning that someone else replied meanwhile (lazy/presence.ts); the draft stays.
    if (!this.#composer.ready || !this.#replyWindow?.open || this.#ownership?.hold(() => void this.#onSend())) return;
    let parts: ReturnType<ComposerController['build']>;
    try {
      parts = this.#composer.build();
    } catch (error) {
      this.#composer.problem = problemOf(error);
      this.requestUpdate();
      return;
    }
    this.#composer.reset();
    this.#log.stickToBottom = true;
    for (const part of parts) await this.#queue.send(this.contact, part.content, part.label);
  }

  // ——— drag and drop ———

  #canAttach(): boolean {
    return this.#signedIn && this.#thread.state === 'ready' && Boolean(this.#replyWindow?.open) && !this.#pickerOpen;
  }

  #onDragOver(event: DragEvent): void {
    if (!this.#canAttach() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    if (!this.#dragging) {
      this.#dragging = true;
      this.requestUpdate();
    }
  }

  #onDragLeave(event: DragEvent): void {
    if (event.relatedTarget && this.renderRoot.contains(event.relatedTarget as Node)) return;
    this.#dragging = false;
    this.requestUpdate();
  }

  #onDrop(event: DragEvent): void {
    this.#dragging = false;
    this.requestUpdate();
    const file = event.dataTransfer?.files?.[0];
    if (!file || !this.#canAttach()) return;
    event.preventDefault();
    void this.#composer.attach(file);
  }

  // ——— rendering ———

  override render() {
    if (!this.connectorUrl) return nothing;
    const t = this.#i18n.t;
    return html`<section
      class="panel"
      part="panel"
      lang=${this.#i18n.locale}
      dir="ltr"
      aria-label=${`WhatsApp · ${this.#customerName}`}
      @dragover=${this.#onDragOver}
      @dragleave=${this.#onDragLeave}
      @drop=${this.#onDrop}
    >
      ${headerView({
        t,
        formats: this.#i18n.formats,
        contactRef: this.contact,
        contact: this.#thread.contact,
        replyWindow: this.#signedIn ? this.#replyWindow : null,
        business: this.#signedIn ? this.#identity.business : null,
        health: this.#signedIn ? this.#identity.health : null,
        teammate: this.#auth.session?.teammate ?? null,
        via: this.#auth.session?.info?.host ?? null,
        connection: this.#thread.connection,
        onSignOut: () => this.#signOut(),
        owner: this.#signedIn && this.#client ? this.#ownership?.render(this.#i18n.locale, this.#auth.session?.teammate ?? null, this.#i18n.describe, () => void this.#ownership?.claim(this.#client!, this.#auth.session!.teammate!.id)) : null,
      })}
      ${this.#signedIn ? accountAlerts(this.#alerts.visible, this.#i18n.t, (a) => this.#alerts.dismiss(a)) : nothing}
      ${this.#signedIn ? this.#renderThread() : this.#renderSignIn()}
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" id="announcer">${this.#announcement}</div>
      ${this.#dragging ? html`<div class="dropzone" aria-hidden="true">${t.dropHere}</div>` : nothing}
      ${this.#log.renderViewer(t)}
    </section>`;
  }

  #renderSignIn() {
    return signInView({ t: this.#i18n.t, auth: this.#auth, linkLabel: this.#auth.session?.pendingLink?.label ?? null, onSignIn: () => void this.#signIn(), describe: this.#i18n.describe });
  }

  async #signIn(): Promise<void> {
    this.#signInFocus.signInEnded(await this.#auth.signIn());
    this.requestUpdate();
  }

  #signOut(): void {
    this.#signInFocus.signedOut();
    void this.#auth.signOut();
  }

  #renderThread() {
    const t = this.#i18n.t;
    const thread = this.#thread;
    if (!this.contact) return html`<p class="empty">${t.noContact}</p>`;
    if (thread.state === 'error' && thread.error) {
      return html`<div class="signin"><p class="error" role="alert">${this.#i18n.describe(thread.error)}</p><button type="button" @click=${() => this.#reload()}>${t.retry}</button></div>`;
    }
    if (thread.state !== 'ready') return html`<p class="signin" role="status">${t.loading}</p>`;
    return html`${this.#log.render(this.#pickerOpen)} ${this.#renderComposer()}`;
  }

  #renderComposer() {
    const t = this.#i18n.t;
    const { open: windowOpen, state: windowState } = this.#replyWindow!;
    // SMS beside WhatsApp: offered in both states when the connector has an SMS provider.
    const sms = smsReply(this.#client, this.contact, windowOpen, t, this.#i18n.locale, (m) => this.#thread.upsert(m));
    const sheet = this.#pickerOpen && this.#picker ? this.#picker.render(t, this.#i18n.tLocale, { reason: windowOpen ? null : this.#closedReason(windowState), onClose: () => this.#closePicker(), marketing: this.#thread.contact?.marketing }) : nothing;
    const v: ComposerView = { t, locale: this.#i18n.tLocale, composer: this.#composer, customerName: this.#customerName, onSend: () => void this.#onSend(), onOpenTemplates: this.#openPicker, describe: this.#i18n.describe, closed: !windowOpen };
    if (!windowOpen) {
      // Loaded ahead: with the window closed a template is the only way to write.
      this.#ensurePicker();
      return html`<div class="composer" part="composer" ?inert=${this.#pickerOpen}>
          <p class="reason" role="status">${this.#closedReason(windowState)}</p>
          ${this.#composer.saved?.render(v)}
          <div class="row"><button type="button" class="templates-open" aria-haspopup="dialog" @click=${this.#openPicker}>${t.templates}</button>${savedRepliesButton(v)}</div>
          ${sms}
        </div>
        ${sheet}`;
    }
    void this.#composer.prefetch();
    return html`<div class="composer" part="composer" ?inert=${this.#pickerOpen}>
        ${composerView(v)}
        ${sms}
      </div>
      ${sheet}`;
  }

  /** Why only a template can go out; "again" only once the customer has written before. */
  #closedReason(state: string): string {
    return state === 'never_opened' ? this.#i18n.t.neverReason : this.#i18n.t.closedReason;
  }
}
