/**
 * <go2msg-thread>: the WhatsApp thread with one customer, inside any host page.
 *
 * @summary The thread, its 24-hour window status, and a composer that only
 *   offers what WhatsApp will deliver.
 * @attr connector-url - The go2msg connector's base URL, e.g. https://wa.acme.com
 * @attr contact - The customer's number in E.164 (+16505551234) or a business-scoped user id.
 * @prop hostProof - `{host, proof}` signed by the host for its current user: signs in without the popup once linked.
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
import { hostLabel } from '@domain/attribution';
import { TEXT_BODY_MAX } from '@domain/limits';
import type { OutboundContent, TemplateComponentParams } from '@domain/outbound';
import { replyWindow } from '@domain/reply-window';
import { countVariables, type Template } from '@domain/templates';
import type { ConnectorClient } from '../../api/connector-client';
import { ApiError } from '../../api/errors';
import { SessionController, type HostProof } from '../../controllers/session-controller';
import { ThreadController } from '../../controllers/thread-controller';
import { TickController } from '../../controllers/tick-controller';
import { en, format, type Strings } from '../../i18n/strings';
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
    hostProof: { attribute: false },
    draft: { state: true },
    notice: { state: true },
    busy: { state: true },
    templates: { state: true },
    templateKey: { state: true },
    templateValues: { state: true },
  };

  declare connectorUrl: string;
  declare contact: string;
  declare hostProof: HostProof | null;
  declare draft: string;
  /** The last failure to show above the composer, with what to do. */
  declare notice: { message: string; action?: string } | null;
  declare busy: boolean;
  declare templates: Template[];
  declare templateKey: string;
  declare templateValues: string[];

  private readonly t: Strings = en;
  private readonly thread = new ThreadController(this, { onSignedOut: (code) => void this.signedOut(code) });
  private readonly auth = new SessionController(this, () => this.reload());
  private client: ConnectorClient | null = null;
  /** Reused while the draft is unchanged, so a retried send can never send twice. */
  private pendingKey: { content: string; key: string } | null = null;
  private stickToBottom = true;

  constructor() {
    super();
    this.connectorUrl = '';
    this.contact = '';
    this.hostProof = null;
    this.draft = '';
    this.notice = null;
    this.busy = false;
    this.templates = [];
    this.templateKey = '';
    this.templateValues = [];
    new TickController(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('connectorUrl') && this.connectorUrl) this.client = this.auth.use(this.connectorUrl).client;
    if ((changed.has('connectorUrl') || changed.has('contact')) && this.connectorUrl) this.reload();
    // A proof given before the connector URL is used once the URL arrives.
    if ((changed.has('hostProof') || changed.has('connectorUrl')) && this.hostProof && this.connectorUrl && !this.auth.signedIn) void this.auth.useHostProof(this.hostProof);
  }

  protected override updated(): void {
    const log = this.renderRoot.querySelector('.log');
    if (log && this.stickToBottom) log.scrollTop = log.scrollHeight;
  }

  private get signedIn(): boolean {
    return this.auth.signedIn;
  }

  private reload(): void {
    this.notice = null;
    if (!this.client || !this.signedIn || !this.contact) {
      this.thread.close();
      this.requestUpdate();
      return;
    }
    void this.thread.open(this.client, () => this.auth.session?.token ?? null, this.contact);
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

  /** The connector refused the session: renewed, the thread reopens; else the panel says why. */
  private async signedOut(code: string): Promise<void> {
    if (await this.auth.recover(code)) this.reload();
    else this.thread.close();
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
      if (e.status === 401 || e.code === 'TEAMMATE_DISABLED') void this.signedOut(e.code);
    } finally {
      this.busy = false;
    }
  }

  private sendText(): void {
    const body = this.draft;
    const signature = this.auth.session?.teammate?.signature ?? '';
    if (body.trim() === '' || [...body].length + [...signature].length > TEXT_BODY_MAX) return;
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
    const teammate = this.auth.session?.teammate;
    const via = this.auth.session?.info?.host;
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
            <span>${via ? format(t.signedInVia, { name: teammate.name, host: hostLabel(via) }) : format(t.signedInAs, { name: teammate.name })}</span>
            <span class="connection" data-state=${connection}>${connection === 'live' ? t.live : connection === 'reconnecting' ? t.reconnecting : connection === 'connecting' ? t.connecting : ''}</span>
            <button class="link" type="button" @click=${() => this.auth.signOut()}>${t.signOut}</button>
          </div>`
        : nothing}
    </header>`;
  }

  private renderSignIn() {
    const t = this.t;
    const auth = this.auth;
    const link = auth.session?.pendingLink;
    const reason = auth.reason;
    const said = reason ? (reason.message ?? (reason.code === 'TEAMMATE_DISABLED' ? t.disabled : t.signedOut)) : null;
    return html`<div class="signin">
      <p>${link ? format(t.linkPrompt, { host: link.label }) : t.signInPrompt}</p>
      ${auth.waiting
        ? html`<p role="status">${t.waitingForSignIn}</p><button class="link" type="button" @click=${() => auth.cancelSignIn()}>${t.cancel}</button>`
        : html`<button type="button" ?disabled=${auth.busy} @click=${() => auth.signIn()}>${auth.busy ? t.signingIn : t.signIn}</button>`}
      ${said ? html`<p class="error" role="alert" data-code=${reason!.code}>${said} ${reason!.action ?? ''}</p>` : nothing}
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
    if (!window.open) return html`<div class="composer" part="composer">${notice}${this.renderTemplateComposer(window.state === 'never_opened' ? t.neverReason : t.closedReason)}</div>`;
    // The customer-visible signature counts toward WhatsApp's limit too.
    const signature = this.auth.session?.teammate?.signature ?? '';
    const length = [...this.draft].length + [...signature].length;
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
        <span class="counter" ?data-over=${left < 0} aria-live="polite">${left < 0 ? format(t.tooLong, { n: -left }) : length > TEXT_BODY_MAX - 500 ? format(t.charactersLeft, { n: left }) : signature ? format(t.signatureNote, { signature: signature.trim() }) : ''}</span>
        <button type="button" ?disabled=${this.busy || this.draft.trim() === '' || left < 0} @click=${() => this.sendText()}>${this.busy ? t.sending : t.send}</button>
      </div>
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
