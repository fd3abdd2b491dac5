/**
 * The thread's message log: rendering (plain DOM, virtualized from
 * VIRTUALIZE_FROM messages), the scroll position (held at the bottom, kept
 * when an earlier page is prepended), moving between messages by keyboard,
 * reactions, replies, the image viewer, and the read receipts the customer sees.
 */
import { html, nothing, type ReactiveController, type ReactiveElement } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { OutboundContent } from '@domain/outbound';
import type { MediaView, MessageView } from '@domain/views';
import { ApiError } from '../../api/errors';
import { problemOf } from '../../controllers/composer-controller';
import type { PendingSend } from '../../controllers/send-queue';
import { format, type Strings } from '../../i18n/strings';
import { dayLabel, sameDay } from './format';
import { messageItem, pendingItem, type ItemContext } from './message-item';
import type { ThreadParts } from './thread-parts';

type ViewerModule = typeof import('../../lazy/media-viewer');
type VirtualModule = typeof import('../../lazy/virtual-log');

/** Threads longer than this are virtualized; shorter ones stay plain DOM, which screen readers read best. */
export const VIRTUALIZE_FROM = 200;

export class MessageLog implements ReactiveController {
  /** Held at the bottom: new messages and growing images keep the newest in view. */
  stickToBottom = true;
  #restoreFromBottom: number | null = null;
  #viewer: { module: ViewerModule; url: string; alt: string; opener: HTMLElement | null } | null = null;
  #virtual: VirtualModule | null = null;
  #reactingId: number | null = null;
  #focusId: number | null = null;
  readonly #wantVideo = new Set<string>();
  #lastReadMarked = 0;
  /** The message list markReadIfNeeded last looked through, while the thread was visible. */
  #readScanOf: readonly MessageView[] | null = null;

  // #private, not TypeScript's `private`: the minifier shortens # names, and the core bundle has a budget.
  readonly #host: ReactiveElement;
  readonly #parts: ThreadParts;

  constructor(host: ReactiveElement, parts: ThreadParts) {
    this.#host = host;
    this.#parts = parts;
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  /** Another thread (or the same one reopened): nothing of the last one's reading position carries over. */
  reset(): void {
    this.#reactingId = null;
    this.#focusId = null;
    this.#lastReadMarked = 0;
    this.#readScanOf = null;
    this.stickToBottom = true;
  }

  #scroll() {
    return this.#host.renderRoot.querySelector<HTMLElement>('.scroll');
  }

  /** Once, after the first render: images and players grow after they load; a thread held at the bottom stays there. */
  firstUpdated(): void {
    const keepAtBottom = () => {
      const scroll = this.#scroll();
      if (scroll && this.stickToBottom) scroll.scrollTop = scroll.scrollHeight;
    };
    this.#host.renderRoot.addEventListener('load', keepAtBottom, true);
    this.#host.renderRoot.addEventListener('loadedmetadata', keepAtBottom, true);
  }

  /** After each render: the scroll position, the viewer, the read receipts. */
  updated(): void {
    const scroll = this.#scroll();
    if (scroll && this.#restoreFromBottom !== null) {
      scroll.scrollTop = scroll.scrollHeight - this.#restoreFromBottom;
      this.#restoreFromBottom = null;
    } else if (scroll && this.stickToBottom) scroll.scrollTop = scroll.scrollHeight;
    if (this.#viewer) void this.#viewer.module.showViewer(this.#host.renderRoot as ShadowRoot);
  }

  // ——— reading ———

  readonly #onVisibility = () => this.markReadIfNeeded();

  /** Blue ticks for the customer: when the thread is open and visible with customer messages not yet marked. */
  markReadIfNeeded(): void {
    const { thread } = this.#parts;
    const client = this.#parts.client();
    if (thread.state !== 'ready' || document.visibilityState !== 'visible' || !client) return;
    // Every render calls this (the countdown renders each second): the list is scanned only when it changed.
    if (thread.messages === this.#readScanOf) return;
    this.#readScanOf = thread.messages;
    let newest = 0;
    for (const m of thread.messages) if (m.direction === 'in' && m.id > newest) newest = m.id;
    if (newest <= this.#lastReadMarked) return;
    this.#lastReadMarked = newest;
    client.markRead(this.#parts.contact()).catch(() => {
      // Read receipts are a courtesy; the thread works without them.
    });
  }

  // ——— acting on messages ———

  readonly #onRetry = (p: PendingSend) => void this.#parts.queue.retry(p.key);
  readonly #onDiscard = (p: PendingSend) => void this.#parts.queue.discard(p.key);
  readonly #onEdit = (p: PendingSend) => {
    this.#parts.queue.discard(p.key);
    if (p.content.type === 'text') this.#parts.composer.setDraft(p.content.text.body);
  };

  /** Sends a failed message again as a new message; the key is tied to the failed one, so repeated clicks send it once. */
  #resend(m: MessageView): void {
    const content = { type: m.type, [m.type]: m.content, ...(m.replyTo ? { context: { message_id: m.replyTo.wamid } } : {}) } as unknown as OutboundContent;
    void this.#parts.queue.send(this.#parts.contact(), content, m.text ?? m.type, `resend-${m.id}`);
  }

  async #react(m: MessageView, emoji: string): Promise<void> {
    const { thread } = this.#parts;
    const client = this.#parts.client();
    this.#reactingId = null;
    if (!client || !m.wamid) return;
    const before = m;
    const mine = this.#parts.me();
    const others = m.reactions.filter((r) => r.direction !== 'out');
    const optimistic = emoji
      ? [...others, { emoji, direction: 'out' as const, sender: mine ? { teammateId: mine.id, name: mine.name } : null, at: thread.now() }]
      : others;
    thread.upsert({ ...m, reactions: optimistic });
    try {
      await client.send(this.#parts.contact(), { type: 'reaction', reaction: { message_id: m.wamid, emoji } }, crypto.randomUUID());
    } catch (error) {
      const current = thread.messages.find((x) => x.id === m.id);
      if (current && current.reactions === optimistic) thread.upsert(before);
      this.#parts.composer.problem = problemOf(error instanceof ApiError ? error : ApiError.network());
      this.#host.requestUpdate();
    }
  }

  // ——— moving through the log ———

  async #loadEarlier(): Promise<void> {
    const scroll = this.#scroll();
    const fromBottom = scroll ? scroll.scrollHeight - scroll.scrollTop : null;
    this.stickToBottom = false;
    const added = await this.#parts.thread.loadEarlier();
    if (added && fromBottom !== null) this.#restoreFromBottom = fromBottom;
    this.#host.requestUpdate();
  }

  readonly #onScroll = (event: Event): void => {
    const scroll = event.target as HTMLElement;
    this.stickToBottom = scroll.scrollHeight - scroll.scrollTop - scroll.clientHeight < 40;
  };

  /** Arrow keys move between messages (one Tab stop for the whole log); Tab then reaches that message's actions. */
  readonly #onKeydown = (event: KeyboardEvent): void => {
    const ids = this.#parts.thread.messages.map((m) => m.id);
    if (!ids.length || !['ArrowUp', 'ArrowDown', 'Home', 'End'].includes(event.key)) return;
    if ((event.target as HTMLElement).closest('input, textarea, select')) return;
    event.preventDefault();
    const at = Math.max(0, ids.indexOf(this.#focusId ?? ids[ids.length - 1]!));
    const next =
      event.key === 'Home' ? 0 : event.key === 'End' ? ids.length - 1 : Math.min(ids.length - 1, Math.max(0, at + (event.key === 'ArrowUp' ? -1 : 1)));
    this.#focusId = ids[next]!;
    this.stickToBottom = false;
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => {
      const item = this.#host.renderRoot.querySelector<HTMLElement>(`.msg[data-id="${this.#focusId}"]`);
      item?.focus();
      item?.scrollIntoView({ block: 'nearest' });
    });
  };

  async #openImage(media: MediaView, alt: string, opener: HTMLElement | null): Promise<void> {
    const [module, url] = await Promise.all([import('../../lazy/media-viewer'), this.#parts.media.url(media)]);
    if (!url) return;
    this.#parts.adopt(module.viewerStyles);
    this.#viewer = { module, url, alt, opener };
    this.#host.requestUpdate();
  }

  #itemContext(): ItemContext {
    const { thread, media, i18n, composer } = this.#parts;
    const host = this.#host;
    const focusId = this.#focusId ?? thread.messages.at(-1)?.id ?? null;
    return {
      t: i18n.t,
      locale: i18n.tLocale,
      formats: i18n.formats,
      now: thread.now(),
      customerName: this.#parts.customerName(),
      media,
      wantVideo: this.#wantVideo,
      reactingId: this.#reactingId,
      focusId,
      onOpenImage: (m, alt) =>
        void this.#openImage(m, alt, host.renderRoot.querySelector<HTMLElement>(':focus') ?? (host.shadowRoot?.activeElement as HTMLElement | null)),
      onPlayVideo: (m) => {
        this.#wantVideo.add(m.id);
        host.requestUpdate();
      },
      onDownload: (m) => void media.download(m, i18n.t.document),
      onChunk: () => host.requestUpdate(),
      onReply: (m) => {
        composer.setReplyTo(m);
        void host.updateComplete.then(() => host.renderRoot.querySelector<HTMLTextAreaElement>('#draft')?.focus());
      },
      onToggleReactions: (m) => {
        this.#reactingId = this.#reactingId === m.id ? null : m.id;
        host.requestUpdate();
        if (this.#reactingId !== null) void host.updateComplete.then(() => host.renderRoot.querySelector<HTMLElement>('.picker .emoji')?.focus());
      },
      onReact: (m, emoji) => void this.#react(m, emoji),
      onResend: (m) => this.#resend(m),
      describe: i18n.describe,
      failure: (failure, channel) => i18n.errorCatalog()?.failure(failure, channel) ?? `${failure.reason} ${failure.action}`,
    };
  }

  // ——— rendering ———

  /** The log; `inert` while a sheet (the templates) covers it. */
  render(inert: boolean) {
    const { thread, i18n } = this.#parts;
    const t = i18n.t;
    const messages = thread.messages;
    const context = this.#itemContext();
    const pending = this.#parts.queue.forContact(this.#parts.contact());
    const long = messages.length >= VIRTUALIZE_FROM;
    if (long && !this.#virtual) {
      void import('../../lazy/virtual-log').then((m) => {
        this.#virtual = m;
        this.#host.requestUpdate();
      });
    }
    const total = messages.length;
    const earlier =
      thread.earlierState === 'loading'
        ? html`<p class="earlier" role="status">${t.loadingEarlier}</p>`
        : thread.earlier
          ? html`<div class="earlier">
              <button type="button" class="link load-earlier" @click=${() => this.#loadEarlier()}>${t.loadEarlier}</button>
              ${thread.earlierState instanceof ApiError ? html`<span class="error" role="alert">${i18n.describe(thread.earlierState)}</span>` : nothing}
            </div>`
          : messages.length
            ? html`<p class="earlier beginning">${t.beginning}</p>`
            : nothing;
    const items =
      long && this.#virtual
        ? this.#virtual.virtualLog(
            messages,
            (m, index) => messageItem(m, context, { index, total }),
            (m) => m.id,
          )
        : // Keyed by id: prepending a page or a live update must not move players, focus or images to another message.
          // The first loaded message starts its day only when nothing earlier is left to load.
          repeat(
            messages,
            (m) => m.id,
            (m, i) =>
              html`${(i === 0 ? !thread.earlier : !sameDay(messages[i - 1]!.at, m.at)) ? this.#daySeparator(m.at, context.now) : nothing}${messageItem(m, context)}`,
          );
    // The scroll box is the log landmark; the lists inside stay lists, so each message is a list item to a screen reader.
    return html`<div class="scroll" role="log" aria-live="off" aria-label=${format(t.logLabel, { name: this.#parts.customerName() })} ?inert=${inert} @scroll=${this.#onScroll}>
      ${earlier}
      <ol
        class="log"
        part="log"
        data-virtual=${long && this.#virtual ? 'true' : 'false'}
        @keydown=${this.#onKeydown}
      >
        ${messages.length || pending.length ? items : html`<li class="empty">${t.empty}</li>`}
      </ol>
      ${
        pending.length
          ? html`<ol class="log pending" aria-label=${t.statusSending}>
            ${pending.map((p) => pendingItem(p, { ...context, onRetry: this.#onRetry, onEdit: this.#onEdit, onDiscard: this.#onDiscard }))}
          </ol>`
          : nothing
      }
    </div>`;
  }

  #daySeparator(at: number, now: number) {
    return html`<li class="day">${dayLabel(at, now, this.#parts.i18n.locale)}</li>`;
  }

  /** The full-size image, over the whole panel, once one was opened. */
  renderViewer(t: Strings) {
    return this.#viewer ? this.#viewer.module.mediaViewer(this.#viewer, t, () => ((this.#viewer = null), this.#host.requestUpdate())) : nothing;
  }
}
