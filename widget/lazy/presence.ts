/**
 * Who else is on this customer's thread right now ("Ana Souza (Zendesk) is
 * viewing", "Ben Carter is typing…"), and the warning before my reply leaves
 * when someone else answered the customer after I started writing it.
 *
 * The panel reports itself to the connector (domain/presence.ts) when it
 * opens, every PRESENCE_BEAT_MS while its stream is open, when its teammate
 * starts typing (at most every TYPING_BEAT_MS) and when it closes; the other
 * panels' reports arrive as `presence` events on the thread's stream. What is
 * shown runs out by the connector's clock (the thread's `now()`), re-rendered
 * every second by the panel's tick. Part of the ownership chunk: nothing of it
 * is in the core bundle, which only forwards events and asks `hold` before a send.
 */
import { css, html, nothing, type CSSResult, type ReactiveController, type ReactiveElement } from 'lit';
import { hostLabel } from '@domain/attribution';
import { collisionSince, mergePresence, PRESENCE_BEAT_MS, TYPING_BEAT_MS, whoIsHere, type PresenceView } from '@domain/presence';
import type { MessageView } from '@domain/views';
import type { ConnectorClient } from '../api/connector-client';
import type { StreamState } from '../api/event-stream';
import type { Locale } from '../i18n/locale';
import { format } from '../i18n/strings';

const STRINGS = {
  en: {
    viewing: '{name} is viewing',
    typing: '{name} is typing…',
    onHost: '{name} ({host})',
    replied: '{name} replied {ago} — send anyway?',
    keep: 'Cancel keeps your draft, to read their reply first.',
    sendAnyway: 'Send anyway',
    cancel: 'Cancel',
  },
  es: {
    viewing: '{name} está viendo',
    typing: '{name} está escribiendo…',
    onHost: '{name} ({host})',
    replied: '{name} respondió {ago}: ¿enviar de todos modos?',
    keep: 'Cancelar conserva tu borrador, para leer antes su respuesta.',
    sendAnyway: 'Enviar de todos modos',
    cancel: 'Cancelar',
  },
  'pt-BR': {
    viewing: '{name} está vendo',
    typing: '{name} está digitando…',
    onHost: '{name} ({host})',
    replied: '{name} respondeu {ago}: enviar mesmo assim?',
    keep: 'Cancelar mantém seu rascunho, para ler a resposta antes.',
    sendAnyway: 'Enviar mesmo assim',
    cancel: 'Cancelar',
  },
} satisfies Record<Locale, Record<string, string>>;

export const presenceStyles = css`
  .owner-line { flex-wrap: wrap; }
  .host-record { color: var(--_link); font-weight: 600; }
  .reply-from { display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; }
  .reply-from select { font: inherit; color: var(--_fg, inherit); padding: 1px 2px; max-width: 16em; }
  .presence { flex: 1 1 auto; display: inline-flex; flex-wrap: wrap; gap: 2px 12px; }
  .presence .who[data-typing] { color: var(--_link); font-weight: 600; }
  .collision { position: absolute; inset: auto 0 0 0; z-index: 3; display: grid; gap: 8px; padding: 12px; background: var(--_bg); border-top: 1px solid var(--_border); border-radius: var(--_radius) var(--_radius) 0 0; box-shadow: 0 -6px 24px rgba(11, 20, 26, 0.25); }
  .collision p { margin: 0; }
  .collision .question { font-weight: 600; }
  .collision .keep { font-size: 12px; color: var(--_muted); }
  .collision blockquote { margin: 0; padding: 6px 9px; border-left: 3px solid var(--_accent); border-radius: 4px; background: var(--_soft); white-space: pre-wrap; overflow-wrap: anywhere; max-height: 6.5em; overflow-y: auto; }
  .collision .choices { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; }
  .collision .cancel { background: var(--_soft); color: var(--_fg); }
`;

/** What presence reads of the thread: the connector's clock, the messages, whether the stream is open. */
export interface ThreadState {
  now(): number;
  readonly messages: readonly MessageView[];
  readonly connection: StreamState;
}

/** "20 s ago", "3 min ago" in the panel's language. */
function ago(ms: number, locale: Locale): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const words = new Intl.RelativeTimeFormat(locale, { style: 'short', numeric: 'always' });
  return seconds < 60 ? words.format(-seconds, 'second') : words.format(-Math.round(seconds / 60), 'minute');
}

export class ThreadPresence implements ReactiveController {
  /** This panel's own id: one teammate may have the same thread open in two tabs or hosts. */
  private readonly panel = crypto.randomUUID();
  private reports = new Map<string, PresenceView>();
  private client: ConnectorClient | null = null;
  private contact = '';
  private beat: ReturnType<typeof setInterval> | null = null;
  /** When (Date.now()) "typing" was last reported; 0 when the last report said not typing. */
  private typingReportedAt = 0;
  /** When (connector time) the draft now in the composer was started; null with an empty composer. */
  private draftStartedAt: number | null = null;
  private me: number | null = null;
  private warning: { reply: MessageView; send: () => void } | null = null;
  /** The teammate chose "Send anyway": the next send goes through once. */
  private sendAnyway = false;

  constructor(
    private readonly host: ReactiveElement,
    private readonly thread: ThreadState,
    adopt: (styles: CSSResult) => void,
  ) {
    adopt(presenceStyles);
    host.addController(this);
  }

  hostConnected(): void {
    // The composer is in the panel's shadow root: its input events are heard there (capture: heard even when they do not bubble), with no wiring in the core.
    this.host.renderRoot.addEventListener('input', this.onInput, true);
    addEventListener('pagehide', this.onPageHide);
    if (this.contact) {
      this.report(false);
      this.startBeat();
    }
  }

  hostDisconnected(): void {
    this.host.renderRoot.removeEventListener('input', this.onInput, true);
    removeEventListener('pagehide', this.onPageHide);
    this.report(false, true);
    this.stopBeat();
  }

  /** The panel shows this customer now (the previous one, if another, is told this panel left). */
  open(client: ConnectorClient, contact: string): void {
    if (this.contact && (this.contact !== contact || this.client !== client)) this.report(false, true);
    if (this.contact !== contact) {
      this.reports = new Map();
      // A draft typed before this chunk was listening counts from now: a reply sent from here on is still caught.
      this.draftStartedAt = this.host.renderRoot.querySelector<HTMLTextAreaElement>('#draft')?.value.trim() ? this.thread.now() : null;
      this.warning = null;
    }
    this.client = client;
    this.contact = contact;
    this.typingReportedAt = 0;
    this.report(false);
    this.startBeat();
  }

  /** A `presence` event from the thread's stream. */
  apply(presence: PresenceView): void {
    this.reports = mergePresence(this.reports, presence);
    this.host.requestUpdate();
  }

  /**
   * Asked before a reply leaves: true when it is held because another
   * teammate answered the customer since this draft was started (the warning
   * then shows, and `send` runs on "Send anyway"). The draft stays in the
   * composer either way.
   */
  hold(send: () => void): boolean {
    const reply = this.sendAnyway || this.me === null ? null : collisionSince(this.thread.messages, this.me, this.draftStartedAt);
    this.sendAnyway = false;
    if (!reply) {
      this.draftStartedAt = null;
      if (this.typingReportedAt) this.report(false);
      return false;
    }
    this.warning = { reply, send };
    this.host.requestUpdate();
    // The least destructive choice has the focus (WAI-ARIA APG, alert dialog): Enter again does not send.
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>('.collision .cancel')?.focus());
    return true;
  }

  /** Who else is here: a live region inside the owner line, empty (and taking no room) when nobody is. */
  render(locale: Locale, me: number) {
    this.me = me;
    const s = STRINGS[locale];
    const here = whoIsHere(this.reports.values(), me, this.thread.now());
    const name = (p: (typeof here)[number]) => (p.host ? format(s.onHost, { name: p.name, host: hostLabel(p.host) }) : p.name);
    return html`<span class="presence" part="presence" role="status">${here.map((p) => html`<span class="who" ?data-typing=${p.typing}>${format(p.typing ? s.typing : s.viewing, { name: name(p) })}</span>`)}</span>`;
  }

  /** The collision warning, when a send is held: a sheet over the composer. */
  renderWarning(locale: Locale) {
    return this.warning ? this.warningSheet(locale, this.warning.reply) : nothing;
  }

  private warningSheet(locale: Locale, reply: MessageView) {
    const s = STRINGS[locale];
    const question = format(s.replied, { name: reply.sender?.name ?? '', ago: ago(this.thread.now() - reply.at, locale) });
    return html`<div class="collision" part="collision" role="alertdialog" aria-modal="true" aria-labelledby="collision-question" aria-describedby="collision-reply collision-keep" @keydown=${this.onWarningKeydown}>
      <p class="question" id="collision-question">${question}</p>
      ${reply.text ? html`<blockquote id="collision-reply">${reply.text}</blockquote>` : nothing}
      <p class="keep" id="collision-keep">${s.keep}</p>
      <div class="choices">
        <button type="button" class="send-anyway" @click=${() => this.decide(true)}>${s.sendAnyway}</button>
        <button type="button" class="cancel" @click=${() => this.decide(false)}>${s.cancel}</button>
      </div>
    </div>`;
  }

  private decide(send: boolean): void {
    const warning = this.warning;
    if (!warning) return;
    this.warning = null;
    this.host.requestUpdate();
    if (send) {
      this.sendAnyway = true;
      warning.send();
      return;
    }
    // Their reply is now seen: only a newer one warns again about this draft.
    this.draftStartedAt = warning.reply.at;
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>('#draft')?.focus());
  }

  /** Escape cancels; Tab stays between the two choices while the warning is up. */
  private readonly onWarningKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.decide(false);
      return;
    }
    if (event.key !== 'Tab') return;
    const buttons = [...this.host.renderRoot.querySelectorAll<HTMLElement>('.collision button')];
    const at = buttons.indexOf(event.composedPath()[0] as HTMLElement);
    const next = buttons[(at + (event.shiftKey ? -1 : 1) + buttons.length) % buttons.length];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  private readonly onInput = (event: Event): void => {
    const target = event.composedPath()[0];
    if (!(target instanceof HTMLTextAreaElement) || target.id !== 'draft') return;
    if (target.value.trim()) {
      this.draftStartedAt ??= this.thread.now();
      if (Date.now() - this.typingReportedAt >= TYPING_BEAT_MS) this.report(true);
    } else {
      this.draftStartedAt = null;
      if (this.typingReportedAt) this.report(false);
    }
  };

  private readonly onPageHide = (): void => this.report(false, true);

  private startBeat(): void {
    // Only while the thread's stream is open: a signed-out panel says nothing.
    this.beat ??= setInterval(() => {
      if (this.thread.connection !== 'closed') this.report(Date.now() - this.typingReportedAt < TYPING_BEAT_MS);
    }, PRESENCE_BEAT_MS);
  }

  private stopBeat(): void {
    if (this.beat) clearInterval(this.beat);
    this.beat = null;
  }

  private report(typing: boolean, leaving = false): void {
    const { client, contact } = this;
    if (!client || !contact) return;
    this.typingReportedAt = typing ? Date.now() : 0;
    // A panel closing may outlive its page by a moment: keepalive lets the request finish (sendBeacon cannot carry the bearer token).
    const init: RequestInit = { method: 'POST', body: JSON.stringify({ panel: this.panel, typing, leaving }), keepalive: leaving };
    client.request<{ present: PresenceView[] }>(`/api/conversations/${encodeURIComponent(contact)}/presence`, init).then(
      ({ present }) => {
        if (leaving || this.contact !== contact) return;
        for (const p of present) this.reports = mergePresence(this.reports, p);
        this.host.requestUpdate();
      },
      () => {
        // Presence is a courtesy: the thread works without it (an older connector, a network blip).
      },
    );
  }
}
