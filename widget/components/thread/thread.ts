/**
 * <go2msg-thread>: the WhatsApp thread with one customer, inside any host page.
 *
 * @summary The thread, its 24-hour window status, and a composer that only
 *   offers what WhatsApp will deliver.
 * @attr connector-url - The go2msg connector's base URL, e.g. https://wa.acme.com
 * @attr contact - The customer's number in E.164 (+16505551234) or a business-scoped user id.
 * @csspart panel - The outer box.
 * @csspart header - Customer, window badge and sign-in status.
 * @csspart window-badge - The window status pill.
 * @csspart log - The message list.
 * @csspart message - Each message (also message-in / message-out).
 * @csspart composer - The reply area.
 * @cssproperty --go2msg-accent - Buttons and focus rings.
 * @cssproperty --go2msg-bubble-out - Background of the business's messages.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { TEXT_BODY_MAX } from '@domain/limits';
import type { OutboundContent, TemplateComponentParams } from '@domain/outbound';
import { replyWindow } from '@domain/reply-window';
import { countVariables, type Template } from '@domain/templates';
import { ConnectorClient } from '../../api/connector-client';
import { ApiError } from '../../api/errors';
import { sessionFor, type PanelSession } from '../../api/session';
import { signInWithPopup, SignInError } from '../../api/sign-in';
import { ThreadController } from '../../controllers/thread-controller';
import { TickController } from '../../controllers/tick-controller';
import { en, format, type Strings } from '../../i18n/strings';
import { smsReply } from '../sms/sms-reply';
import { messageItem } from './message-item';
import { threadStyles } from './thread.styles';
import { windowBadge } from './window-badge';

function templateText(template: Template, part: 'HEADER' | 'BODY'): string | undefined {
  return template.components.find((c) => c.type === part)?.text;
}

export class Go2msgThread extends LitElement {
  static override styles = threadStyles;
  static override properties = {
    connectorUrl: { attribute: 'connector-url' },
    contact: {},
    draft: { state: true },
    notice: { state: true },
    busy: { state: true },
    templates: { state: true },
    templateKey: { state: true },
    templateValues: { state: true },
  };

  declare connectorUrl: string;
  declare contact: string;
  declare draft: string;
  /** The last failure to show above the composer, with what to do. */
  declare notice: { message: string; action?: string } | null;
  declare busy: boolean;
  declare templates: Template[];
  declare templateKey: string;
  declare templateValues: string[];

  private readonly t: Strings = en;
  private readonly thread = new ThreadController(this, { onSignedOut: (code) => this.signedOut(code) });
  private session: PanelSession | null = null;
  private client: ConnectorClient | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Reused while the draft is unchanged, so a retried send can never send twice. */
  private pendingKey: { content: string; key: string } | null = null;
  private stickToBottom = true;

  constructor() {
    super();
    this.connectorUrl = '';
    this.contact = '';
    this.draft = '';
    this.notice = null;
    this.busy = false;
    this.templates = [];
    this.templateKey = '';
    this.templateValues = [];
    new TickController(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.session && !this.unsubscribe) this.unsubscribe = this.session.subscribe(() => this.reload());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('connectorUrl') && this.connectorUrl) {
      this.unsubscribe?.();
      this.session = sessionFor(this.connectorUrl);
      this.client = new ConnectorClient(this.connectorUrl.replace(/\/+$/, ''), () => this.session?.token ?? null);
      this.unsubscribe = this.session.subscribe(() => this.reload());
    }
    if ((changed.has('connectorUrl') || changed.has('contact')) && this.connectorUrl) this.reload();
  }

  protected override updated(): void {
    const log = this.renderRoot.querySelector('.log');
    if (log && this.stickToBottom) log.scrollTop = log.scrollHeight;
  }

  private get signedIn(): boolean {
    return Boolean(this.session?.token);
  }

  private reload(): void {
    this.notice = null;
    if (!this.client || !this.session?.token || !this.contact) {
      this.thread.close();
      this.requestUpdate();
      return;
    }
    void this.thread.open(this.client, () => this.session?.token ?? null, this.contact);
    void this.loadTemplates();
  }

  private async loadTemplates(): Promise<void> {
    try {
      const { data } = await this.client!.templates();
      this.templates = data.filter((t) => t.status === 'APPROVED');
      if (!this.templates.some((t) => `${t.name}|${t.language}` === this.templateKey)) this.pickTemplate(this.templates[0]);
    } catch {
      this.templates = [];
    }
  }

  private signedOut(code: string): void {
    this.notice = { message: code === 'TEAMMATE_DISABLED' ? this.t.disabled : this.t.signedOut };
    this.thread.close();
    this.session?.set(null);
  }

  private async signIn(): Promise<void> {
    if (!this.client || !this.session) return;
    this.busy = true;
    this.notice = null;
    try {
      this.session.set(await signInWithPopup(this.client));
    } catch (error) {
      this.notice = { message: error instanceof SignInError || error instanceof Error ? error.message : String(error) };
    } finally {
      this.busy = false;
    }
  }

  private async signOut(): Promise<void> {
    try {
      await this.client?.logout();
    } catch {
      // The token ends on its own within minutes; the panel forgets it now either way.
    }
    this.session?.set(null);
  }

  private async send(content: OutboundContent, onSent: () => void): Promise<void> {
    if (!this.client || this.busy) return;
    const fingerprint = `${this.contact}\n${JSON.stringify(content)}`;
    if (this.pendingKey?.content !== fingerprint) this.pendingKey = { content: fingerprint, key: crypto.randomUUID() };
    this.busy = true;
    this.notice = null;
    try {
      const { message } = await this.client.send(this.contact, content, this.pendingKey.key);
      this.pendingKey = null;
      this.stickToBottom = true;
      this.thread.upsert(message);
      onSent();
    } catch (error) {
      const e = error instanceof ApiError ? error : ApiError.network();
      this.notice = { message: e.message, action: e.action };
      if (e.status === 401 || e.code === 'TEAMMATE_DISABLED') this.signedOut(e.code);
    } finally {
      this.busy = false;
    }
  }

  private sendText(): void {
    const body = this.draft;
    if (body.trim() === '' || [...body].length > TEXT_BODY_MAX) return;
    void this.send({ type: 'text', text: { body } }, () => {
      this.draft = '';
    });
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.sendText();
    }
  }

  private onScroll(event: Event): void {
    const log = event.target as HTMLElement;
    this.stickToBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  }

  private get selectedTemplate(): Template | undefined {
    return this.templates.find((t) => `${t.name}|${t.language}` === this.templateKey);
  }

  private pickTemplate(template: Template | undefined): void {
    this.templateKey = template ? `${template.name}|${template.language}` : '';
    const count = template ? countVariables(templateText(template, 'HEADER')) + countVariables(templateText(template, 'BODY')) : 0;
    this.templateValues = Array.from({ length: count }, () => '');
  }

  private sendTemplate(): void {
    const template = this.selectedTemplate;
    if (!template || this.templateValues.some((v) => v.trim() === '')) return;
    const headerCount = countVariables(templateText(template, 'HEADER'));
    const params = (values: string[]) => values.map((text) => ({ type: 'text' as const, text }));
    const components: TemplateComponentParams[] = [];
    if (headerCount) components.push({ type: 'header', parameters: params(this.templateValues.slice(0, headerCount)) });
    if (this.templateValues.length > headerCount) components.push({ type: 'body', parameters: params(this.templateValues.slice(headerCount)) });
    void this.send(
      { type: 'template', template: { name: template.name, language: { code: template.language }, ...(components.length ? { components } : {}) } },
      () => this.pickTemplate(template),
    );
  }

  override render() {
    if (!this.connectorUrl) return nothing;
    return html`<section class="panel" part="panel" aria-label="WhatsApp">
      ${this.renderHeader()} ${this.signedIn ? this.renderThread() : this.renderSignIn()}
    </section>`;
  }

  private renderHeader() {
    const t = this.t;
    const contact = this.thread.contact;
    const teammate = this.session?.teammate;
    const window = contact
      ? replyWindow({ lastInboundAt: contact.lastInboundAt, closedByProviderAt: contact.windowClosedAt, now: this.thread.now() })
      : null;
    const connection = this.thread.connection;
    return html`<header part="header">
      <div class="who">
        <strong>${contact?.name ?? this.contact ?? t.noContact}</strong>
        <span>${contact?.phone ?? contact?.userId ?? ''}</span>
      </div>
      ${this.signedIn && window ? windowBadge(window, t) : nothing}
      ${teammate
        ? html`<div class="account">
            <span>${format(t.signedInAs, { name: teammate.name })}</span>
            <span class="connection" data-state=${connection}>${connection === 'live' ? t.live : connection === 'reconnecting' ? t.reconnecting : connection === 'connecting' ? t.connecting : ''}</span>
            <button class="link" type="button" @click=${() => this.signOut()}>${t.signOut}</button>
          </div>`
        : nothing}
    </header>`;
  }

  private renderSignIn() {
    const t = this.t;
    return html`<div class="signin">
      <p>${t.signInPrompt}</p>
      <button type="button" ?disabled=${this.busy} @click=${() => this.signIn()}>${this.busy ? t.signingIn : t.signIn}</button>
      ${this.notice ? html`<p class="error" role="alert">${this.notice.message}</p>` : nothing}
    </div>`;
  }

  private renderThread() {
    const t = this.t;
    const thread = this.thread;
    if (!this.contact) return html`<p class="empty">${t.noContact}</p>`;
    if (thread.state === 'error' && thread.error) {
      return html`<div class="signin"><p class="error" role="alert">${thread.error.message} ${thread.error.action}</p><button type="button" @click=${() => this.reload()}>${t.retry}</button></div>`;
    }
    if (thread.state !== 'ready') return html`<p class="signin" role="status">${t.loading}</p>`;
    return html`<ol class="log" part="log" role="log" aria-live="polite" aria-label="Messages" @scroll=${this.onScroll}>
        ${thread.messages.length ? thread.messages.map((m) => messageItem(m, t)) : html`<li class="empty">${t.empty}</li>`}
      </ol>
      ${this.renderComposer()}`;
  }

  private renderComposer() {
    const t = this.t;
    const contact = this.thread.contact!;
    const window = replyWindow({ lastInboundAt: contact.lastInboundAt, closedByProviderAt: contact.windowClosedAt, now: this.thread.now() });
    const notice = this.notice ? html`<p class="error" role="alert">${this.notice.message} ${this.notice.action ?? ''}</p>` : nothing;
    const sms = smsReply(this.client, this.contact, window.open, (m) => this.thread.upsert(m));
    if (!window.open) return html`<div class="composer" part="composer">${notice}${this.renderTemplateComposer(window.state === 'never_opened' ? t.neverReason : t.closedReason)}${sms}</div>`;
    const length = [...this.draft].length;
    const left = TEXT_BODY_MAX - length;
    return html`<div class="composer" part="composer">
      ${notice}
      <label class="sr-only" for="draft">${t.composerLabel}</label>
      <textarea
        id="draft"
        .value=${this.draft}
        placeholder=${t.composerPlaceholder}
        @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}
        @keydown=${this.onKeydown}
      ></textarea>
      <div class="row">
        <span class="counter" ?data-over=${left < 0} aria-live="polite">${left < 0 ? format(t.tooLong, { n: -left }) : length > TEXT_BODY_MAX - 500 ? format(t.charactersLeft, { n: left }) : ''}</span>
        <button type="button" ?disabled=${this.busy || this.draft.trim() === '' || left < 0} @click=${() => this.sendText()}>${this.busy ? t.sending : t.send}</button>
      </div>
      ${sms}
    </div>`;
  }

  private renderTemplateComposer(reason: string) {
    const t = this.t;
    const template = this.selectedTemplate;
    const body = template ? (templateText(template, 'BODY') ?? '') : '';
    const headerCount = template ? countVariables(templateText(template, 'HEADER')) : 0;
    const preview = body.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => this.templateValues[headerCount + Number(n) - 1] || whole);
    return html`<p class="reason" role="status">${reason}</p>
      <label class="sr-only" for="draft">${t.composerLabel}</label>
      <textarea id="draft" disabled placeholder=${t.freeTextOff}></textarea>
      ${this.templates.length === 0
        ? html`<p class="error">${t.noTemplates}</p>`
        : html`<label for="template">${t.templateLabel}</label>
            <select id="template" @change=${(e: Event) => this.pickTemplate(this.templates.find((x) => `${x.name}|${x.language}` === (e.target as HTMLSelectElement).value))}>
              ${this.templates.map((x) => html`<option value=${`${x.name}|${x.language}`} ?selected=${`${x.name}|${x.language}` === this.templateKey}>${x.name} · ${x.language} · ${x.category}</option>`)}
            </select>
            ${this.templateValues.map(
              (value, i) => html`<input
                aria-label=${format(t.templateVariable, { n: i + 1 })}
                placeholder=${format(t.templateVariable, { n: i + 1 })}
                .value=${value}
                @input=${(e: Event) => (this.templateValues = this.templateValues.map((v, j) => (j === i ? (e.target as HTMLInputElement).value : v)))}
              />`,
            )}
            <p class="preview">${preview}</p>
            <div class="row"><span></span><button type="button" ?disabled=${this.busy || !template || this.templateValues.some((v) => v.trim() === '')} @click=${() => this.sendTemplate()}>${t.sendTemplate}</button></div>`}`;
  }
}
