/**
 * <go2msg-inbox>: the team's WhatsApp conversations, inside any host page.
 *
 * @summary Tabs Unassigned / Mine / All / Resolved with counts; each row shows
 *   the customer, their last message, how long they have waited, the 24-hour
 *   window, the owner and unread messages; search; claim, assign, resolve,
 *   snooze; live updates and alerts. Choosing a row opens <go2msg-thread> beside
 *   the list, or (open="event") tells the host page to open its own record.
 * @attr connector-url - The go2msg connector's base URL (the same session as every go2msg panel on the page).
 * @attr open - "thread" (default): the thread opens beside the list; "event": only `go2msg-open-conversation` fires.
 * @attr lang - en, es or pt-BR; defaults to the host page's <html lang>.
 * @attr theme - light, dark, or auto.
 * @fires go2msg-open-conversation - A row was chosen; detail {contact} (E.164 number or business-scoped id). Bubbles, composed.
 *
 * Its code is a chunk of its own, loaded when a page first uses the tag (widget/index.ts).
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ConversationView, ConversationViewName } from '@domain/conversations';
import { businessNumbers, changeConversation, teammates, type ConversationChange, type Teammate } from '../../api/conversations';
import type { BusinessNumber } from '@domain/business-numbers';
import { ApiError } from '../../api/errors';
import { InboxAlerts } from '../../controllers/inbox-alerts';
import { LocaleController } from '../../controllers/locale-controller';
import { InboxController } from '../../controllers/inbox-controller';
import { AtDeskController } from '../../controllers/at-desk';
import { SessionController } from '../../controllers/session-controller';
import { TickController } from '../../controllers/tick-controller';
import { defineOnce } from '../../define';
import { INBOX_STRINGS, type InboxStrings } from '../../i18n/inbox-strings';
import { format } from '../../i18n/strings';
import { SignInFocus, signInView } from '../thread/sign-in-view';
import { threadStyles } from '../thread/thread.styles';
import { alertFor } from './alert-rule';
import { inboxStyles } from './inbox.styles';
import { contactRef, conversationRow, customerRef, type RowContext } from './row';
import { toolbar } from './toolbar';
import { OpenConversationEvent } from '../../events/open-conversation';

/** Typing pauses this long before the search is sent. */
export const SEARCH_DEBOUNCE_MS = 300;

export class Go2msgInbox extends LitElement {
  static override styles = [threadStyles, inboxStyles];
  static override properties = {
    connectorUrl: { attribute: 'connector-url' },
    open: {},
    uiLang: { attribute: 'lang' },
    theme: { reflect: true },
  };

  declare connectorUrl: string;
  declare open: 'thread' | 'event';
  declare uiLang: string | null;
  declare theme: 'light' | 'dark' | 'auto';

  /** The inbox's language, as the panel's: its `lang`, else the page's `<html lang>`, followed live. */
  private readonly i18n = new LocaleController(this, () => this.uiLang);
  /** The inbox's own words: all languages ship in the inbox's chunk, so they follow the language at once. */
  private get ti(): InboxStrings {
    return INBOX_STRINGS[this.i18n.locale];
  }
  private readonly auth = new SessionController(this, () => this.onSession());
  /** Tells the connector this teammate is at their desk, for automatic assignment. */
  private readonly desk = new AtDeskController(this);
  private readonly list = new InboxController(this, {
    onSignedOut: (code) => void this.signedOut(code),
    onChange: (before, after, cause) => {
      // The open conversation is being looked at only while the page is in view.
      const lookingAt = document.visibilityState === 'visible' ? this.list.lookingAt : null;
      const kind = alertFor(before, after, cause, this.list.me, lookingAt, this.list.now());
      if (kind) {
        const name = after.contact.name ?? after.contact.phone ?? after.contact.userId ?? '';
        this.alerts.raise({
          contactId: after.contact.id,
          title: format(kind === 'new' ? this.ti.alertNew : this.ti.alertMessage, { name }),
          body: after.lastMessage?.text ?? this.ti.attachment,
        });
      } else if (after.waitingSince === null || (after.owner !== null && after.owner.id !== this.list.me)) this.alerts.settle(after.contact.id);
    },
  });
  private readonly alerts = new InboxAlerts(this, (contactId) => {
    // The conversation may be in another tab than the one shown: open it from what the inbox knows.
    const known = this.list.rows.find((r) => r.contact.id === contactId) ?? this.list.find(contactId);
    if (known) this.choose({ unread: 0, ...known });
  });
  private sessionKey = '';
  private selected: ConversationView | null = null;
  private focusId: number | null = null;
  private search = '';
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private menuFor: number | null = null;
  private team: Teammate[] | null = null;
  /** The business's numbers by id when it has several; null with one (rows then name none). */
  private numbers: ReadonlyMap<string, BusinessNumber> | null = null;
  private readonly busy = new Set<number>();
  private readonly errors = new Map<number, ApiError>();
  private moreObserver: IntersectionObserver | null = null;
  /** Moves focus to the code field when a popup without its link shows a code. */
  private readonly signInFocus = new SignInFocus();

  constructor() {
    super();
    this.connectorUrl = '';
    this.open = 'thread';
    this.uiLang = null;
    this.theme = 'auto';
    // The waiting times and window pills move on by themselves.
    new TickController(this, 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.moreObserver?.disconnect();
    if (this.searchTimer) clearTimeout(this.searchTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('uiLang')) this.i18n.apply();
    if (changed.has('connectorUrl') && this.connectorUrl) {
      this.auth.use(this.connectorUrl);
      this.reload();
    }
  }

  protected override updated(): void {
    this.signInFocus.apply(this.renderRoot, this.auth, true);
    // The end of the list coming into view loads the next page (the button does the same for keyboards).
    const more = this.renderRoot.querySelector('.load-more');
    this.moreObserver ??= new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void this.list.loadMore();
    });
    this.moreObserver.disconnect();
    if (more) this.moreObserver.observe(more);
  }

  /** A refusal in the inbox's language (the panel's error tables; English until the table has loaded). */
  private get describe() {
    return this.i18n.describe;
  }

  private onSession(): void {
    const key = String(this.auth.session?.teammate?.id ?? '');
    if (key === this.sessionKey && key !== '') return;
    this.reload();
  }

  private reload(): void {
    const session = this.auth.session;
    this.sessionKey = String(session?.teammate?.id ?? '');
    this.selected = null;
    this.team = null;
    this.errors.clear();
    if (!session || !this.auth.signedIn || !session.teammate) {
      this.list.close();
      this.desk.stop(false);
      this.requestUpdate();
      return;
    }
    this.list.start(session.client, () => session.token, session.teammate.id);
    this.desk.start(session.client);
    void businessNumbers(session.client).then(
      ({ data }) => {
        this.numbers = data.length > 1 ? new Map(data.map((n) => [n.id, n])) : null;
        this.requestUpdate();
      },
      () => undefined, // An older connector: one number, nothing to say.
    );
  }

  private async signedOut(code: string): Promise<void> {
    if (await this.auth.recover(code)) this.reload();
    else {
      this.list.close();
      this.desk.stop(false);
    }
    this.requestUpdate();
  }

  // ——— choosing and acting ———

  private choose(row: ConversationView): void {
    this.focusId = row.contact.id;
    this.alerts.settle(row.contact.id);
    if (this.open === 'event') {
      this.dispatchEvent(new OpenConversationEvent(customerRef(row), contactRef(row)));
      this.requestUpdate();
      return;
    }
    this.selected = row;
    this.list.look(row.contact.id);
  }

  private closeThread(): void {
    const id = this.selected?.contact.id;
    this.selected = null;
    this.list.look(null);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`button.open[data-contact="${id}"]`)?.focus());
  }

  private async toggleMenu(row: ConversationView, open: boolean, refocus = true): Promise<void> {
    const id = row.contact.id;
    this.menuFor = open ? id : null;
    this.requestUpdate();
    await this.updateComplete;
    if (!open) {
      if (refocus) this.renderRoot.querySelector<HTMLElement>(`li.conv[data-contact="${id}"] .more`)?.focus();
      return;
    }
    this.renderRoot.querySelector<HTMLElement>(`li.conv[data-contact="${id}"] [role="menuitem"]`)?.focus();
    if (this.team === null && this.auth.session) {
      this.team = [];
      try {
        this.team = await teammates(this.auth.session.client);
      } catch {
        this.team = null;
      }
      this.requestUpdate();
    }
  }

  private async change(row: ConversationView, change: ConversationChange): Promise<void> {
    const session = this.auth.session;
    if (!session) return;
    const id = row.contact.id;
    this.menuFor = null;
    this.busy.add(id);
    this.errors.delete(id);
    this.requestUpdate();
    try {
      this.list.applyView(await changeConversation(session.client, contactRef(row), change));
    } catch (error) {
      const e = error instanceof ApiError ? error : ApiError.network();
      this.errors.set(id, e);
      if (e.status === 401) void this.signedOut(e.code);
    } finally {
      this.busy.delete(id);
      this.requestUpdate();
    }
  }

  private onSearch(text: string): void {
    this.search = text;
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.list.setQuery(this.search), SEARCH_DEBOUNCE_MS);
  }

  private onView(view: ConversationViewName): void {
    this.menuFor = null;
    this.list.setView(view);
  }

  /** Arrow keys or j/k move between rows (one Tab stop for the list); Enter opens (the row is a button). */
  private onListKeydown(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    if (!target.matches('button.open')) return;
    const step = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1 }[event.key];
    const ids = this.list.rows.map((r) => r.contact.id);
    const at = ids.indexOf(Number(target.dataset.contact));
    const to = event.key === 'Home' ? 0 : event.key === 'End' ? ids.length - 1 : step === undefined ? null : Math.min(ids.length - 1, Math.max(0, at + step));
    if (to === null || !ids.length) return;
    event.preventDefault();
    this.focusId = ids[to]!;
    this.requestUpdate();
    void this.updateComplete.then(() => {
      const button = this.renderRoot.querySelector<HTMLElement>(`button.open[data-contact="${this.focusId}"]`);
      button?.focus();
      button?.scrollIntoView({ block: 'nearest' });
    });
  }

  // ——— rendering ———

  override render() {
    if (!this.connectorUrl) return nothing;
    const ti = this.ti;
    const open = this.open !== 'event' && this.selected;
    return html`<section class="panel inbox" part="inbox" lang=${this.i18n.locale} dir="ltr" aria-label=${ti.inboxLabel} ?data-thread-open=${Boolean(open)}>
      <div class="list-pane">${this.auth.signedIn ? this.renderList() : this.renderSignIn()}</div>
      ${
        open
          ? html`<div class="thread-pane">
            <button type="button" class="link close-thread" @click=${() => this.closeThread()}>← ${ti.closeThread}</button>
            <go2msg-thread connector-url=${this.connectorUrl} contact=${contactRef(open)} theme=${this.theme} lang=${this.uiLang ?? nothing}></go2msg-thread>
          </div>`
          : this.open !== 'event' && this.auth.signedIn
            ? html`<div class="thread-pane placeholder"><p class="hint">${ti.pickConversation}</p></div>`
            : nothing
      }
    </section>`;
  }

  /** The thread's signed-out screen (Sign in, the popup's wait, the code entry, why), with the inbox's prompt. */
  private renderSignIn() {
    const t = { ...this.i18n.t, signInPrompt: this.ti.signInPrompt };
    return signInView({
      t,
      auth: this.auth,
      linkLabel: this.auth.session?.pendingLink?.label ?? null,
      onSignIn: () => void this.auth.signIn(),
      describe: this.describe,
    });
  }

  private rowContext(): RowContext {
    const me = this.list.me;
    const now = this.list.now();
    return {
      t: this.i18n.t,
      ti: this.ti,
      locale: this.i18n.locale,
      formats: this.i18n.formats,
      now,
      me,
      focusId: this.focusId !== null && this.list.rows.some((r) => r.contact.id === this.focusId) ? this.focusId : (this.list.rows[0]?.contact.id ?? null),
      selectedId: this.selected?.contact.id ?? null,
      onOpen: (row) => this.choose(row),
      errors: this.errors,
      describe: this.describe,
      numbers: this.numbers,
      actions: {
        ti: this.ti,
        me,
        now,
        teammates: this.team,
        menuFor: this.menuFor,
        busy: this.busy,
        onToggleMenu: (row, open, refocus) => void this.toggleMenu(row, open, refocus),
        onChange: (row, change) => void this.change(row, change),
      },
    };
  }

  private renderList() {
    const { ti, list } = this;
    const bar = toolbar({
      ti,
      view: list.view,
      counts: list.counts,
      search: this.search,
      permission: this.alerts.permission,
      sound: this.alerts.sound,
      onView: (view) => this.onView(view),
      onSearch: (text) => this.onSearch(text),
      onEnableAlerts: () => void this.alerts.enable(),
      onSound: (on) => this.alerts.setSound(on),
    });
    const connection =
      list.connection === 'reconnecting' ? html`<p class="connection" data-state="reconnecting" role="status">${ti.reconnecting}</p>` : nothing;
    return html`${bar}${connection}
      <div class="list-scroll" id="inbox-list" role="tabpanel" aria-labelledby=${`tab-${list.view}`} aria-busy=${list.state === 'loading' ? 'true' : 'false'}>${this.renderRows()}</div>`;
  }

  private renderRows() {
    const { ti, list } = this;
    if (list.state === 'error' && list.error) {
      return html`<div class="signin"><p class="error" role="alert" data-code=${list.error.code}>${this.describe(list.error)}</p><button type="button" @click=${() => void list.load()}>${ti.retry}</button></div>`;
    }
    if (list.state === 'loading' && !list.rows.length) return html`<p class="hint" role="status">${ti.loading}</p>`;
    if (!list.rows.length) return html`<p class="hint empty" role="status">${list.query.trim() ? format(ti.noMatch, { q: list.query.trim() }) : ti.empty}</p>`;
    const context = this.rowContext();
    return html`<ul class="conversations" @keydown=${this.onListKeydown}>
        ${repeat(
          list.rows,
          (r) => r.contact.id,
          (r) => conversationRow(r, context),
        )}
      </ul>
      ${
        list.next
          ? html`<div class="more-row">
            <button type="button" class="link load-more" ?disabled=${list.more === 'loading'} @click=${() => void list.loadMore()}>${list.more === 'loading' ? ti.loadingMore : ti.loadMore}</button>
            ${list.more instanceof ApiError ? html`<p class="error" role="alert">${this.describe(list.more)}</p>` : nothing}
          </div>`
          : nothing
      }`;
  }
}

/** Registers <go2msg-inbox> (widget/index.ts calls it when the chunk loads). */
export function defineInbox(tag = 'go2msg-inbox'): void {
  defineOnce(tag, Go2msgInbox);
}

declare global {
  interface HTMLElementTagNameMap {
    'go2msg-inbox': Go2msgInbox;
  }
}
