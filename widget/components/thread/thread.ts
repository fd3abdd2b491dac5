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
import { repeat } from 'lit/directives/repeat.js';
import type { MediaKind } from '@domain/media';
import type { OutboundContent, TemplateContent } from '@domain/outbound';
import { replyWindow } from '@domain/reply-window';
import type { MediaView, MessageView } from '@domain/views';
import type { ConnectorClient } from '../../api/connector-client';
import { ApiError } from '../../api/errors';
import { ComposerController, problemOf } from '../../controllers/composer-controller';
import { MediaController } from '../../controllers/media-controller';
import { SendQueue, type PendingSend } from '../../controllers/send-queue';
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
import { dayLabel, sameDay } from './format';
import { headerView } from './header';
import { SignInFocus, signInView } from './sign-in-view';
import { messageItem, pendingItem, type ItemContext } from './message-item';
import { smsReply } from '../sms/sms-slot';
import { threadStyles } from './thread.styles';

type PickerModule = typeof import('../../lazy/template-picker');
type ViewerModule = typeof import('../../lazy/media-viewer');
type VirtualModule = typeof import('../../lazy/virtual-log');
type OwnershipModule = typeof import('../../lazy/ownership');

/** Threads longer than this are virtualized; shorter ones stay plain DOM, which screen readers read best. */
export const VIRTUALIZE_FROM = 200;

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
  #stickToBottom = true;
  #restoreFromBottom: number | null = null;
  #picker: InstanceType<PickerModule['TemplatePicker']> | null = null;
  #pickerLoading: Promise<void> | null = null;
  #pickerOpen = false;
  /** The button that opened the template sheet: focus goes back to it when the sheet closes. */
  #pickerOpener: HTMLElement | null = null;
  #focusPicker = false;
  #viewer: { module: ViewerModule; url: string; alt: string; opener: HTMLElement | null } | null = null;
  #virtual: VirtualModule | null = null;
  #ownership: InstanceType<OwnershipModule['Ownership']> | null = null;
  #reactingId: number | null = null;
  #focusId: number | null = null;
  #announcement = '';
  #dragging = false;
  readonly #wantVideo = new Set<string>();
  #lastReadMarked = 0;
  /** The message list markReadIfNeeded last looked through, while the thread was visible. */
  #readScanOf: readonly MessageView[] | null = null;
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

  constructor() {
    super();
    this.connectorUrl = '';
    this.contact = '';
    this.hostProof = null;
    this.uiLang = null;
    this.theme = 'auto';
    new TickController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('uiLang')) this.#i18n.apply();
    if (changed.has('connectorUrl') && this.connectorUrl) this.#client = this.#auth.use(this.connectorUrl).client;
    if ((changed.has('connectorUrl') || changed.has('contact')) && this.connectorUrl) this.#reload();
    // A proof given before the connector URL is used once the URL arrives.
    if ((changed.has('hostProof') || changed.has('connectorUrl')) && this.hostProof && this.connectorUrl && !this.#auth.signedIn) void this.#auth.useHostProof(this.hostProof);
  }

  protected override firstUpdated(): void {
    // Images and players grow after they load; a thread held at the bottom stays there.
    const keepAtBottom = () => {
      const scroll = this.renderRoot.querySelector<HTMLElement>('.scroll');
      if (scroll && this.#stickToBottom) scroll.scrollTop = scroll.scrollHeight;
    };
    this.renderRoot.addEventListener('load', keepAtBottom, true);
    this.renderRoot.addEventListener('loadedmetadata', keepAtBottom, true);
  }

  protected override updated(): void {
    const scroll = this.renderRoot.querySelector<HTMLElement>('.scroll');
    if (scroll && this.#restoreFromBottom !== null) {
      scroll.scrollTop = scroll.scrollHeight - this.#restoreFromBottom;
      this.#restoreFromBottom = null;
    } else if (scroll && this.#stickToBottom) scroll.scrollTop = scroll.scrollHeight;
    if (this.#viewer) void this.#viewer.module.showViewer(this.renderRoot as ShadowRoot);
    if (this.#focusPicker && this.#picker && this.renderRoot.querySelector('.sheet')) {
      this.#focusPicker = false;
      this.#picker.focusIn(this.renderRoot as ShadowRoot);
    }
    this.#markReadIfNeeded();
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
    this.#reactingId = null;
    this.#focusId = null;
    this.#lastReadMarked = 0;
    this.#readScanOf = null;
    this.#stickToBottom = true;
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
    this.#stickToBottom = true;
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

  readonly #onVisibility = () => this.#markReadIfNeeded();

  /** Blue ticks for the customer: when the thread is open and visible with customer messages not yet marked. */
  #markReadIfNeeded(): void {
    if (this.#thread.state !== 'ready' || document.visibilityState !== 'visible' || !this.#client) return;
    // Every render calls this (the countdown renders each second): the list is scanned only when it changed.
    if (this.#thread.messages === this.#readScanOf) return;
    this.#readScanOf = this.#thread.messages;
    let newest = 0;
    for (const m of this.#thread.messages) if (m.direction === 'in' && m.id > newest) newest = m.id;
    if (newest <= this.#lastReadMarked) return;
    this.#lastReadMarked = newest;
    this.#client.markRead(this.contact).catch(() => {
      // Read receipts are a courtesy; the thread works without them.
    });
  }

  #incoming(m: MessageView): void {
    const text = m.text ?? (m.media ? this.#i18n.t[m.media.kind] : m.type);
    this.#announcement = format(this.#i18n.t.newMessageFrom, { name: this.#customerName, text });
  }

  // ——— sending ———

  #sent(message: MessageView, content: OutboundContent): void {
    if (content.type === 'reaction') return;
    this.#stickToBottom = true;
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
    this.#stickToBottom = true;
    for (const part of parts) await this.#queue.send(this.contact, part.content, part.label);
  }

  #onRetry = (p: PendingSend) => void this.#queue.retry(p.key);
  #onDiscard = (p: PendingSend) => void this.#queue.discard(p.key);
  #onEdit = (p: PendingSend) => {
    this.#queue.discard(p.key);
    if (p.content.type === 'text') this.#composer.setDraft(p.content.text.body);
  };

  /** Sends a failed message again as a new message; the key is tied to the failed one, so repeated clicks send it once. */
  #resend(m: MessageView): void {
    const content = { type: m.type, [m.type]: m.content, ...(m.replyTo ? { context: { message_id: m.replyTo.wamid } } : {}) } as unknown as OutboundContent;
    void this.#queue.send(this.contact, content, m.text ?? m.type, `resend-${m.id}`);
  }

  async #react(m: MessageView, emoji: string): Promise<void> {
    this.#reactingId = null;
    if (!this.#client || !m.wamid) return;
    const before = m;
    const mine = this.#auth.session?.teammate;
    const others = m.reactions.filter((r) => r.direction !== 'out');
    const optimistic = emoji ? [...others, { emoji, direction: 'out' as const, sender: mine ? { teammateId: mine.id, name: mine.name } : null, at: this.#thread.now() }] : others;
    this.#thread.upsert({ ...m, reactions: optimistic });
    try {
      await this.#client.send(this.contact, { type: 'reaction', reaction: { message_id: m.wamid, emoji } }, crypto.randomUUID());
    } catch (error) {
      const current = this.#thread.messages.find((x) => x.id === m.id);
      if (current && current.reactions === optimistic) this.#thread.upsert(before);
      this.#composer.problem = problemOf(error instanceof ApiError ? error : ApiError.network());
      this.requestUpdate();
    }
  }

  // ——— the log ———

  async #loadEarlier(): Promise<void> {
    const scroll = this.renderRoot.querySelector<HTMLElement>('.scroll');
    const fromBottom = scroll ? scroll.scrollHeight - scroll.scrollTop : null;
    this.#stickToBottom = false;
    const added = await this.#thread.loadEarlier();
    if (added && fromBottom !== null) this.#restoreFromBottom = fromBottom;
    this.requestUpdate();
  }

  #onScroll(event: Event): void {
    const scroll = event.target as HTMLElement;
    this.#stickToBottom = scroll.scrollHeight - scroll.scrollTop - scroll.clientHeight < 40;
  }

  /** Arrow keys move between messages (one Tab stop for the whole log); Tab then reaches that message's actions. */
  #onLogKeydown(event: KeyboardEvent): void {
    const ids = this.#thread.messages.map((m) => m.id);
    if (!ids.length || !['ArrowUp', 'ArrowDown', 'Home', 'End'].includes(event.key)) return;
    if ((event.target as HTMLElement).closest('input, textarea, select')) return;
    event.preventDefault();
    const at = Math.max(0, ids.indexOf(this.#focusId ?? ids[ids.length - 1]!));
    const next = event.key === 'Home' ? 0 : event.key === 'End' ? ids.length - 1 : Math.min(ids.length - 1, Math.max(0, at + (event.key === 'ArrowUp' ? -1 : 1)));
    this.#focusId = ids[next]!;
    this.#stickToBottom = false;
    this.requestUpdate();
    void this.updateComplete.then(() => {
      const item = this.renderRoot.querySelector<HTMLElement>(`.msg[data-id="${this.#focusId}"]`);
      item?.focus();
      item?.scrollIntoView({ block: 'nearest' });
    });
  }

  async #openImage(media: MediaView, alt: string, opener: HTMLElement | null): Promise<void> {
    const [module, url] = await Promise.all([import('../../lazy/media-viewer'), this.#media.url(media)]);
    if (!url) return;
    this.#adopt(module.viewerStyles);
    this.#viewer = { module, url, alt, opener };
    this.requestUpdate();
  }

  #itemContext(): ItemContext {
    const focusId = this.#focusId ?? this.#thread.messages.at(-1)?.id ?? null;
    return {
      t: this.#i18n.t,
      locale: this.#i18n.tLocale,
      formats: this.#i18n.formats,
      now: this.#thread.now(),
      customerName: this.#customerName,
      media: this.#media,
      wantVideo: this.#wantVideo,
      reactingId: this.#reactingId,
      focusId,
      onOpenImage: (media, alt) => void this.#openImage(media, alt, this.renderRoot.querySelector<HTMLElement>(':focus') ?? (this.shadowRoot?.activeElement as HTMLElement | null)),
      onPlayVideo: (media) => {
        this.#wantVideo.add(media.id);
        this.requestUpdate();
      },
      onDownload: (media) => void this.#media.download(media, this.#i18n.t.document),
      onChunk: () => this.requestUpdate(),
      onReply: (m) => {
        this.#composer.setReplyTo(m);
        void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>('#draft')?.focus());
      },
      onToggleReactions: (m) => {
        this.#reactingId = this.#reactingId === m.id ? null : m.id;
        this.requestUpdate();
        if (this.#reactingId !== null) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.picker .emoji')?.focus());
      },
      onReact: (m, emoji) => void this.#react(m, emoji),
      onResend: (m) => this.#resend(m),
      describe: this.#i18n.describe,
      failure: (failure, channel) => this.#i18n.errorCatalog()?.failure(failure, channel) ?? `${failure.reason} ${failure.action}`,
    };
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
      ${this.#viewer ? this.#viewer.module.mediaViewer(this.#viewer, t, () => ((this.#viewer = null), this.requestUpdate())) : nothing}
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
    return html`${this.#renderLog()} ${this.#renderComposer()}`;
  }

  #renderLog() {
    const t = this.#i18n.t;
    const thread = this.#thread;
    const messages = thread.messages;
    const context = this.#itemContext();
    const pending = this.#queue.forContact(this.contact);
    const long = messages.length >= VIRTUALIZE_FROM;
    if (long && !this.#virtual) {
      void import('../../lazy/virtual-log').then((m) => {
        this.#virtual = m;
        this.requestUpdate();
      });
    }
    const total = messages.length;
    const earlier =
      thread.earlierState === 'loading'
        ? html`<p class="earlier" role="status">${t.loadingEarlier}</p>`
        : thread.earlier
          ? html`<div class="earlier">
              <button type="button" class="link load-earlier" @click=${() => this.#loadEarlier()}>${t.loadEarlier}</button>
              ${thread.earlierState instanceof ApiError ? html`<span class="error" role="alert">${this.#i18n.describe(thread.earlierState)}</span>` : nothing}
            </div>`
          : messages.length
            ? html`<p class="earlier beginning">${t.beginning}</p>`
            : nothing;
    const items =
      long && this.#virtual
        ? this.#virtual.virtualLog(messages, (m, index) => messageItem(m, context, { index, total }), (m) => m.id)
        : // Keyed by id: prepending a page or a live update must not move players, focus or images to another message.
          // The first loaded message starts its day only when nothing earlier is left to load.
          repeat(messages, (m) => m.id, (m, i) => html`${(i === 0 ? !thread.earlier : !sameDay(messages[i - 1]!.at, m.at)) ? this.#daySeparator(m.at, context.now) : nothing}${messageItem(m, context)}`);
    // The scroll box is the log landmark; the lists inside stay lists, so each message is a list item to a screen reader.
    return html`<div class="scroll" role="log" aria-live="off" aria-label=${format(t.logLabel, { name: this.#customerName })} ?inert=${this.#pickerOpen} @scroll=${this.#onScroll}>
      ${earlier}
      <ol
        class="log"
        part="log"
        data-virtual=${long && this.#virtual ? 'true' : 'false'}
        @keydown=${this.#onLogKeydown}
      >
        ${messages.length || pending.length ? items : html`<li class="empty">${t.empty}</li>`}
      </ol>
      ${pending.length
        ? html`<ol class="log pending" aria-label=${t.statusSending}>
            ${pending.map((p) => pendingItem(p, { ...context, onRetry: this.#onRetry, onEdit: this.#onEdit, onDiscard: this.#onDiscard }))}
          </ol>`
        : nothing}
    </div>`;
  }

  #daySeparator(at: number, now: number) {
    return html`<li class="day">${dayLabel(at, now, this.#i18n.locale)}</li>`;
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
