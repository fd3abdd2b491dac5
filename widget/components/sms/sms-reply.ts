/**
 * <go2msg-sms-reply>: SMS beside WhatsApp, inside the thread's composer.
 *
 * While the WhatsApp window is open it offers "Send as SMS instead"; when the
 * window is closed it offers SMS beside the template, as another way to reach
 * the customer. It shows nothing when the connector has no SMS provider. A
 * sent SMS is announced with a composed `go2msg-message-sent` event
 * (MessageSentEvent, detail: the MessageView): the thread shows it at once,
 * and the host page hears it as it hears every other send.
 *
 * The thread renders it with `smsReply(…)` (sms-slot.ts), which loads this
 * module, and so registers the tag, the first time.
 */
import { css, html, LitElement, nothing } from 'lit';
import { SMS_BODY_MAX, smsSegments } from '@domain/sms';
import type { ConnectorClient } from '../../api/connector-client';
import { ApiError } from '../../api/errors';
import { channels, sendSms } from '../../api/sms';
import { defineOnce } from '../../define';
import { MessageSentEvent } from '../../events/message-sent';
import { errorCatalogFor, inEnglish } from '../../i18n/error-catalog';
import type { Locale } from '../../i18n/locale';
import { SMS_STRINGS } from '../../i18n/sms-strings';
import { en, format, type Strings } from '../../i18n/strings';

export const SMS_REPLY_TAG = 'go2msg-sms-reply';

export class Go2msgSmsReply extends LitElement {
  static override styles = css`
    :host { display: block; margin-top: 8px; }
    .link { background: none; border: 0; padding: 0; color: var(--go2msg-accent, #1f7a4d); font: inherit; cursor: pointer; text-decoration: underline; }
    .hint, .count { color: var(--go2msg-muted, #57606a); font-size: 12px; }
    .count[data-over] { color: var(--go2msg-danger, #b42318); }
    textarea { box-sizing: border-box; width: 100%; min-height: 64px; font: inherit; padding: 8px; border: 1px solid #d0d7de; border-radius: var(--go2msg-radius, 8px); resize: vertical; }
    .row { display: flex; align-items: center; justify-content: space-between; gap: 8px; margin-top: 6px; }
    .actions { display: flex; gap: 8px; }
    button.send { background: var(--go2msg-accent, #1f7a4d); color: #fff; border: 0; border-radius: var(--go2msg-radius, 8px); padding: 6px 12px; font: inherit; cursor: pointer; }
    button.send[disabled] { opacity: 0.5; cursor: default; }
    .error { color: var(--go2msg-danger, #b42318); margin: 4px 0; }
    label { display: block; font-size: 12px; margin: 6px 0 4px; }
  `;

  static override properties = {
    client: { attribute: false },
    t: { attribute: false },
    locale: { attribute: false },
    contact: {},
    windowOpen: { type: Boolean, attribute: 'window-open' },
    enabled: { state: true },
    sender: { state: true },
    expanded: { state: true },
    draft: { state: true },
    busy: { state: true },
    notice: { state: true },
  };

  declare client: ConnectorClient | null;
  /** The panel's strings, in its language. */
  declare t: Strings;
  declare locale: Locale;
  declare contact: string;
  declare windowOpen: boolean;
  declare enabled: boolean;
  declare sender: string | null;
  declare expanded: boolean;
  declare draft: string;
  declare busy: boolean;
  declare notice: ApiError | null;

  /** Reused while the draft is unchanged, so a retried send never sends twice. */
  private pendingKey: { content: string; key: string } | null = null;
  private askedFor: ConnectorClient | null = null;
  /** The latest read of the channels, settled once its answer is applied. */
  private channelsRead: Promise<void> | null = null;

  constructor() {
    super();
    this.client = null;
    this.t = en;
    this.locale = 'en';
    this.contact = '';
    this.windowOpen = false;
    this.enabled = false;
    this.sender = null;
    this.expanded = false;
    this.draft = '';
    this.busy = false;
    this.notice = null;
  }

  /** Also waits for the channels' answer, so a host (or a test) can tell "no SMS here" from "not known yet". */
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    await this.channelsRead;
    return super.getUpdateComplete();
  }

  protected override willUpdate(): void {
    if (this.client && this.askedFor !== this.client) {
      const client = this.client;
      this.askedFor = client;
      this.channelsRead = channels(client).then(
        (view) => {
          if (this.client !== client) return;
          const sms = view.channels.find((c) => c.channel === 'sms');
          this.enabled = Boolean(sms?.enabled);
          this.sender = sms?.sender ?? null;
        },
        () => {
          this.enabled = false;
        },
      );
    }
  }

  private async send(): Promise<void> {
    const body = this.draft;
    if (!this.client || this.busy || body.trim() === '' || [...body].length > SMS_BODY_MAX) return;
    const fingerprint = `${this.contact}\n${body}`;
    if (this.pendingKey?.content !== fingerprint) this.pendingKey = { content: fingerprint, key: crypto.randomUUID() };
    this.busy = true;
    this.notice = null;
    try {
      const { message } = await sendSms(this.client, this.contact, body, this.pendingKey.key);
      this.pendingKey = null;
      this.draft = '';
      this.expanded = false;
      this.dispatchEvent(new MessageSentEvent(message));
    } catch (error) {
      this.notice = error instanceof ApiError ? error : ApiError.network();
    } finally {
      this.busy = false;
    }
  }

  /** The refusal in the panel's language (its table loads with the first one; English until then). */
  private explain(error: ApiError): string {
    const locale = this.locale;
    return errorCatalogFor(locale, () => this.locale === locale && this.requestUpdate())?.describe(error) ?? inEnglish(error);
  }

  override render() {
    const t = this.t;
    const s = SMS_STRINGS[this.locale] ?? SMS_STRINGS.en;
    if (!this.enabled || !this.contact) return nothing;
    if (!this.expanded) {
      return html`<button class="link" type="button" @click=${() => (this.expanded = true)}>${this.windowOpen ? s.smsInstead : s.smsWhenClosed}</button>
        ${this.windowOpen ? nothing : html`<span class="hint">${s.smsWhenClosedHint}</span>`}`;
    }
    const length = [...this.draft].length;
    const over = length - SMS_BODY_MAX;
    const segments = smsSegments(this.draft).segments;
    return html`<div class="sms" part="sms">
      <label for="sms">${s.smsLabel}${this.sender ? html` · <span class="hint">${format(s.smsFrom, { sender: this.sender })}</span>` : nothing}</label>
      <textarea id="sms" .value=${this.draft} placeholder=${s.smsPlaceholder} @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}></textarea>
      ${this.notice ? html`<p class="error" role="alert">${this.explain(this.notice)}</p>` : nothing}
      <div class="row">
        <span class="count" ?data-over=${over > 0} aria-live="polite">${over > 0 ? format(s.smsTooLong, { n: over }) : format(s.smsCount, { chars: length, segments })}</span>
        <span class="actions">
          <button class="link" type="button" @click=${() => (this.expanded = false)}>${s.smsCancel}</button>
          <button class="send" type="button" ?disabled=${this.busy || this.draft.trim() === '' || over > 0} @click=${() => this.send()}>${this.busy ? t.sending : s.smsSend}</button>
        </span>
      </div>
    </div>`;
  }
}

defineOnce(SMS_REPLY_TAG, Go2msgSmsReply);

declare global {
  interface HTMLElementTagNameMap {
    'go2msg-sms-reply': Go2msgSmsReply;
  }
}
