/**
 * Saved replies in the composer, loaded the first time the agent reaches for
 * them: a "/" typed at the start of a word, or the Saved replies button.
 *
 * Typed: the words after "/" filter the team's replies in a list under the
 * reply box, which keeps the focus. ARIA in HTML does not allow a textarea to
 * be a `combobox`, so it is a textbox that says it completes from a list
 * (`aria-autocomplete`, `aria-controls`) and points at the option in view
 * (`aria-activedescendant`); a polite status says how many match and which
 * keys work. Up and Down choose, Enter or Tab inserts, Escape closes; none of
 * them is taken while an input method is composing (a Japanese or Chinese IME
 * uses them itself). From the button: the same list under a search field that
 * is a true combobox. Either way the reply's placeholders are filled with what
 * the panel knows before the text reaches the draft, where the agent can still
 * edit it; one nobody knows stays as "{{customer.first_name}}", selected so
 * that typing replaces it, and Send stays off while one is left.
 *
 * Outside the 24-hour window the button says why nothing is offered and opens
 * the templates instead: a saved reply is free text, which WhatsApp refuses then.
 */
import { css, html, nothing, type CSSResult, type LitElement, type ReactiveControllerHost } from 'lit';
import { fillSavedReply, findSavedReplies, savedReplyMatch, unfilledPlaceholders, type SavedReplyFacts, type SavedReplyView } from '@domain/saved-replies';
import { listSavedReplies } from '../api/saved-replies';
import type { ConnectorClient } from '../api/connector-client';
import type { ComposerView } from '../components/thread/composer';
import { problemOf, type ComposerController, type Problem } from '../controllers/composer-controller';
import type { Locale } from '../i18n/locale';
import { SAVED_REPLY_STRINGS } from '../i18n/saved-reply-strings';
import { format } from '../i18n/strings';

export const savedReplyStyles = css`
  .saved-pop { border: 1px solid var(--_border); border-radius: 8px; background: var(--_bg); display: grid; gap: 4px; padding: 4px; }
  .saved-pop .saved-search { width: 100%; }
  .saved-list { list-style: none; margin: 0; padding: 0; max-height: 11.5em; overflow-y: auto; }
  .saved-option { padding: 4px 8px; border-radius: 6px; cursor: pointer; display: grid; gap: 1px; }
  .saved-option[aria-selected='true'] { background: var(--_soft); outline: 2px solid var(--_accent); outline-offset: -2px; }
  .saved-name { font-weight: 500; }
  .saved-name mark { background: none; color: inherit; text-decoration: underline; text-decoration-thickness: 2px; font-weight: 700; }
  .saved-lang { font-size: 11px; color: var(--_muted); margin-inline-start: 6px; }
  .saved-preview { font-size: 12px; color: var(--_muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .saved-pop .hint { padding: 4px 8px; }
  .saved-unfilled { font-size: 12px; color: var(--_warning); margin: 0; }
`;

/** A "/" at the start of a word, then what the agent typed of a name, up to the caret: "/ord", "/order st". */
const TYPED = /(?:^|\s)\/([^\n/]{0,40})$/;

export interface SavedRepliesDeps {
  client: () => ConnectorClient | null;
  /** The customer and the agent the placeholders name; whatever is missing is left for the agent to fill. */
  facts?: () => SavedReplyPeople;
  adopt?: (styles: CSSResult) => void;
}

/** The thread's contact and the signed-in teammate, as the panel has them (either may not be known yet). */
export type SavedReplyPeople = [customer: { name: string | null; phone: string | null } | null | undefined, agent: { name: string } | null | undefined];

export class SavedReplies {
  private replies: SavedReplyView[] | null = null;
  private problem: Problem | null = null;
  /** Where the typed "/" is in the draft; null when the list is not open from typing. */
  private slashAt: number | null = null;
  /** The list opened from the button, with its own search field. */
  private menu = false;
  private query = '';
  private active = 0;
  /** What the draft's selection was when the button opened the list: the reply goes there. */
  private selection: [number, number] = [0, 0];
  /** The list must be read again the next time it shows inside the window. */
  private stale = true;
  /** The panel's language, as of its last render: replies in it come first, and the picker speaks it. */
  private lang: Locale = 'en';
  private readonly root: ShadowRoot;
  private readonly host: LitElement;

  constructor(
    host: ReactiveControllerHost,
    private readonly composer: ComposerController,
    private readonly deps: SavedRepliesDeps,
  ) {
    // The composer's host is the thread element, whose shadow root holds the reply box.
    this.host = host as LitElement;
    this.root = this.host.renderRoot as ShadowRoot;
    deps.adopt?.(savedReplyStyles);
    // Before the reply box's own handler (which sends on Enter): while the list is open, these keys are the list's.
    this.root.addEventListener('keydown', (event) => this.onDraftKeydown(event as KeyboardEvent), true);
    this.root.addEventListener('focusout', (event) => this.onFocusOut(event as FocusEvent));
  }

  private get draftBox(): HTMLTextAreaElement | null {
    return this.root.querySelector<HTMLTextAreaElement>('#draft');
  }

  private get t() {
    return SAVED_REPLY_STRINGS[this.lang];
  }

  private facts(): SavedReplyFacts {
    const [customer, agent] = this.deps.facts?.() ?? [];
    return { customer: { name: customer?.name ?? null, phone: customer?.phone ?? null }, agent: { name: agent?.name ?? '' } };
  }

  private get open(): boolean {
    return this.menu || this.slashAt !== null;
  }

  /** Called on every change of the draft that holds a "/", and by the button (with its click). */
  show(event?: Event): void {
    if (event) {
      const wasOpen = this.menu;
      this.close();
      if (wasOpen) return;
      const box = this.draftBox;
      this.selection = box ? [box.selectionStart, box.selectionEnd] : [0, 0];
      this.menu = this.stale = true;
      this.changed();
      void this.host.updateComplete.then(() => this.root.querySelector<HTMLElement>('.saved-search, .saved-pop button')?.focus());
      return;
    }
    if (this.menu) return;
    const typed = this.typed();
    if (!typed) {
      if (this.slashAt !== null) this.close();
      return;
    }
    if (this.slashAt === null) this.stale = true;
    if (typed.query !== this.query || typed.at !== this.slashAt) this.active = 0;
    [this.slashAt, this.query] = [typed.at, typed.query];
    this.changed();
  }

  /** The "/" and the words after it, when the caret is right after them. */
  private typed(): { at: number; query: string } | null {
    const box = this.draftBox;
    // A box not yet showing the draft (a reply just inserted) has no caret to read.
    if (!box || box.value !== this.composer.draft || box.selectionStart !== box.selectionEnd) return null;
    const before = this.composer.draft.slice(0, box.selectionEnd);
    const match = TYPED.exec(before);
    return match ? { at: before.length - match[1]!.length - 1, query: match[1]! } : null;
  }

  /** The Saved replies button (the click that opened the list is over by the time this chunk has loaded). */
  private get opener(): HTMLElement | null {
    return this.root.querySelector<HTMLElement>('.saved-open');
  }

  /** Reads the list each time it opens, so an admin's change shows without reloading the page. */
  private load(): void {
    const client = this.deps.client();
    this.stale = false;
    if (!client) return;
    listSavedReplies(client).then(
      ({ data }) => {
        this.replies = data;
        this.problem = null;
        this.changed();
      },
      (error: unknown) => {
        this.problem = problemOf(error);
        this.changed();
      },
    );
  }

  private get matches(): SavedReplyView[] {
    return findSavedReplies(this.replies ?? [], this.query, this.lang);
  }

  close(focusOpener = false): void {
    if (!this.open) return;
    this.menu = false;
    this.slashAt = null;
    this.query = '';
    this.active = 0;
    this.changed();
    if (focusOpener) this.opener?.focus();
  }

  private changed(): void {
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.describeDraftBox());
  }

  /** The reply box's ARIA while the typed list is open (set here, so the core panel carries none of it). */
  private describeDraftBox(): void {
    const box = this.draftBox;
    if (!box) return;
    box.setAttribute('aria-autocomplete', 'list');
    const typing = this.slashAt !== null && this.matches.length > 0;
    if (typing) box.setAttribute('aria-controls', 'saved-list');
    else box.removeAttribute('aria-controls');
    if (typing) box.setAttribute('aria-activedescendant', `saved-option-${this.active}`);
    else box.removeAttribute('aria-activedescendant');
    this.opener?.setAttribute('aria-expanded', String(this.menu));
  }

  /** Up, Down, Enter, Tab and Escape for the open list; true when the key was the list's. */
  private handleKey(event: KeyboardEvent): boolean {
    // An input method composing uses these keys itself (Enter confirms the composition).
    if (!this.open || event.isComposing || event.keyCode === 229 || event.altKey || event.ctrlKey || event.metaKey) return false;
    const n = this.matches.length;
    if (event.key === 'Escape') {
      // From the button, focus goes back to it; typed, it never left the reply box.
      this.close(this.menu);
      return true;
    }
    if (!n) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      this.active = (this.active + (event.key === 'ArrowDown' ? 1 : n - 1)) % n;
      this.changed();
      void this.host.updateComplete.then(() => this.root.querySelector(`#saved-option-${this.active}`)?.scrollIntoView({ block: 'nearest' }));
      return true;
    }
    if ((event.key === 'Enter' && !event.shiftKey) || (event.key === 'Tab' && !event.shiftKey)) {
      this.insert(this.matches[Math.min(this.active, n - 1)]!);
      return true;
    }
    return false;
  }

  private onDraftKeydown(event: KeyboardEvent): void {
    if (this.slashAt === null || (event.target as Element).id !== 'draft') return;
    if (this.handleKey(event)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }

  private onFocusOut(event: FocusEvent): void {
    if (!this.open) return;
    const next = event.relatedTarget as Node | null;
    // Focus moving between the reply box, the list and its search field keeps it open; anywhere else closes it.
    if (next && (next === this.draftBox || this.root.querySelector('.saved-pop')?.contains(next) || next === this.opener)) return;
    this.close();
  }

  /** The reply, filled, replaces the typed "/words" (or the selection the button saw), and the caret goes where the agent has work left. */
  private insert(reply: SavedReplyView): void {
    const draft = this.composer.draft;
    const [from, to] = this.slashAt !== null ? [this.slashAt, this.slashAt + 1 + this.query.length] : this.selection;
    const text = fillSavedReply(reply.text, this.facts());
    this.close();
    this.composer.setDraft(draft.slice(0, from) + text + draft.slice(to));
    const left = unfilledPlaceholders(text)[0];
    const [start, end] = left ? [from + left.index, from + left.index + left.text.length] : [from + text.length, from + text.length];
    void this.host.updateComplete.then(() => {
      const box = this.draftBox;
      box?.focus();
      box?.setSelectionRange(start, end);
    });
  }

  /** True while the draft holds a placeholder nobody filled: the panel does not send it. */
  blocks(draft: string): boolean {
    return unfilledPlaceholders(draft).length > 0;
  }

  private highlighted(name: string) {
    const at = savedReplyMatch(name, this.query);
    const length = this.query.trim().length;
    if (at < 0 || length === 0) return name;
    return html`${name.slice(0, at)}<mark>${name.slice(at, at + length)}</mark>${name.slice(at + length)}`;
  }

  private list(v: ComposerView) {
    const t = this.t;
    if (this.problem && !this.replies) return html`<p class="error" role="alert">${v.describe(this.problem)}</p>`;
    if (!this.replies) return html`<p class="hint" role="status" aria-busy="true">${t.savedLoading}</p>`;
    if (!this.replies.length) return html`<p class="hint" role="status">${t.savedNone}</p>`;
    const matches = this.matches;
    if (!matches.length) return html`<p class="hint" role="status">${format(t.savedNoMatch, { query: this.query.trim() })}</p>`;
    const facts = this.facts();
    return html`<ul id="saved-list" class="saved-list" role="listbox" aria-label=${t.savedList}>
        ${matches.map(
          (reply, i) => html`<li
            id=${`saved-option-${i}`}
            class="saved-option"
            role="option"
            tabindex="-1"
            aria-selected=${i === this.active ? 'true' : 'false'}
            @mousedown=${(e: Event) => e.preventDefault()}
            @click=${() => this.insert(reply)}
          >
            <span><span class="saved-name">${this.highlighted(reply.name)}</span><span class="saved-lang">${reply.language ?? t.savedAnyLanguage}</span></span>
            <span class="saved-preview">${fillSavedReply(reply.text, facts)}</span>
          </li>`,
        )}
      </ul>
      <p class="sr-only" role="status">${matches.length === 1 ? t.savedOne : format(t.savedCount, { n: matches.length })}</p>`;
  }

  /** The list (or, outside the window, why there is none) and the note that holds Send back. */
  render(v: ComposerView) {
    this.lang = v.locale;
    // The "/" deleted (or the draft sent or cleared) without a change that calls show(): the list goes with it.
    if (this.slashAt !== null && this.composer.draft[this.slashAt] !== '/') {
      [this.slashAt, this.query, this.active] = [null, '', 0];
      void this.host.updateComplete.then(() => this.describeDraftBox());
    }
    const t = this.t;
    const left = v.closed ? [] : unfilledPlaceholders(this.composer.draft);
    const unfilled = left.length
      ? html`<p class="saved-unfilled" role="status">${format(t.savedUnfilled, { placeholders: [...new Set(left.map((p) => p.text))].join(', ') })}</p>`
      : nothing;
    if (!this.open) return unfilled;
    // Outside the window nothing is offered, so nothing is read.
    if (this.stale && !v.closed) this.load();
    if (v.closed) {
      return html`<div class="saved-pop" role="dialog" aria-label=${t.savedRepliesTitle} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.close(true)}>
        <p class="hint">${t.savedClosed}</p>
        <div class="row">
          <button type="button" class="link" aria-haspopup="dialog" @click=${(e: Event) => (this.close(), v.onOpenTemplates(e))}>${t.savedShowTemplates}</button>
          <button type="button" class="link" @click=${() => this.close(true)}>${t.savedClose}</button>
        </div>
      </div>`;
    }
    if (!this.menu) return html`<div class="saved-pop">${this.list(v)}</div>${unfilled}`;
    const n = this.matches.length;
    return html`<div class="saved-pop" role="dialog" aria-label=${t.savedRepliesTitle}>
        <input
          class="saved-search"
          type="search"
          role="combobox"
          aria-label=${t.searchSaved}
          aria-autocomplete="list"
          aria-expanded=${n > 0 ? 'true' : 'false'}
          aria-controls=${n > 0 ? 'saved-list' : nothing}
          aria-activedescendant=${n > 0 ? `saved-option-${this.active}` : nothing}
          .value=${this.query}
          @input=${(e: Event) => {
            this.query = (e.target as HTMLInputElement).value;
            this.active = 0;
            this.changed();
          }}
          @keydown=${(e: KeyboardEvent) => {
            if (this.handleKey(e)) e.preventDefault();
          }}
        />
        ${this.list(v)}
      </div>
      ${unfilled}`;
  }
}
