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
import type { OutboundContent } from '@domain/outbound';
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
import { headerView } from './header';
import { SignInFocus, signInView } from './sign-in-view';
import { ComposerRegion } from './composer-region';
import { MessageLog } from './message-log';
import type { ThreadParts } from './thread-parts';
import { threadStyles } from './thread.styles';

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
  readonly #identity = new IdentityController(
    this,
    this.#alerts,
    () => this.#client,
    (templates) => this.#region.picker?.setTemplates(templates),
  );
  #client: ConnectorClient | null = null;
  #ownership: InstanceType<OwnershipModule['Ownership']> | null = null;
  #announcement = '';
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
  readonly #parts: ThreadParts = {
    thread: this.#thread,
    media: this.#media,
    i18n: this.#i18n,
    queue: this.#queue,
    composer: this.#composer,
    client: () => this.#client,
    contact: () => this.contact,
    me: () => this.#auth.session?.teammate,
    customerName: () => this.#customerName,
    replyWindow: () => this.#replyWindow,
    signedIn: () => this.#signedIn,
    onSend: () => void this.#onSend(),
    adopt: (styles) => this.#adopt(styles),
  };
  readonly #log = new MessageLog(this, this.#parts);
  readonly #region: ComposerRegion = new ComposerRegion(this, this.#parts, this.#log, this.#identity);

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
    if ((changed.has('hostProof') || changed.has('connectorUrl')) && this.hostProof && this.connectorUrl && !this.#auth.signedIn)
      void this.#auth.useHostProof(this.hostProof);
  }

  protected override firstUpdated(): void {
    this.#log.firstUpdated();
  }

  protected override updated(): void {
    this.#log.updated();
    this.#region.updated();
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
    this.#region.reset();
    this.#log.reset();
    if (!this.#client || !this.#signedIn || !this.contact) {
      this.#thread.close();
      this.requestUpdate();
      return;
    }
    void this.#thread.open(this.#client, () => this.#auth.session?.token ?? null, this.contact);
    const [client, contact] = [this.#client, this.contact];
    void import('../../lazy/ownership').then((m) =>
      (this.#ownership ??= new m.Ownership(this, this.#thread, (styles) => this.#adopt(styles))).load(client, contact),
    );
    this.#identity.reload(this.#client);
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

  // ——— rendering ———

  override render() {
    if (!this.connectorUrl) return nothing;
    const t = this.#i18n.t;
    // The sending number's name and health: the thread's own number's when it is not the default (lazy/ownership.ts).
    const sender = this.#signedIn ? (this.#ownership?.identity ?? this.#identity) : null;
    return html`<section
      class="panel"
      part="panel"
      lang=${this.#i18n.locale}
      dir="ltr"
      aria-label=${`WhatsApp · ${this.#customerName}`}
      @dragover=${this.#region.dragOver}
      @dragleave=${this.#region.dragLeave}
      @drop=${this.#region.drop}
    >
      ${headerView({
        t,
        formats: this.#i18n.formats,
        contactRef: this.contact,
        contact: this.#thread.contact,
        replyWindow: this.#signedIn ? this.#replyWindow : null,
        business: sender?.business ?? null,
        health: sender?.health ?? null,
        teammate: this.#auth.session?.teammate ?? null,
        via: this.#auth.session?.info?.host ?? null,
        connection: this.#thread.connection,
        onSignOut: () => this.#signOut(),
        owner:
          this.#signedIn && this.#client
            ? this.#ownership?.render(
                this.#i18n.locale,
                this.#auth.session?.teammate ?? null,
                this.#i18n.describe,
                () => void this.#ownership?.claim(this.#client!, this.#auth.session!.teammate!.id),
              )
            : null,
      })}
      ${this.#signedIn ? accountAlerts(this.#alerts.visible, this.#i18n.t, (a) => this.#alerts.dismiss(a)) : nothing}
      ${this.#signedIn ? this.#renderThread() : this.#renderSignIn()}
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" id="announcer">${this.#announcement}</div>
      ${this.#region.dragging ? html`<div class="dropzone" aria-hidden="true">${t.dropHere}</div>` : nothing}
      ${this.#log.renderViewer(t)}
    </section>`;
  }

  #renderSignIn() {
    return signInView({
      t: this.#i18n.t,
      auth: this.#auth,
      linkLabel: this.#auth.session?.pendingLink?.label ?? null,
      onSignIn: () => void this.#signIn(),
      describe: this.#i18n.describe,
    });
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
    return html`${this.#log.render(this.#region.pickerOpen)} ${this.#region.render()}`;
  }
}
