/**
 * <go2msg-saved-replies-admin>: the team's saved replies, for admins — each
 * with its name, language and text, created, edited and deleted here (every
 * change audited by the connector). The form checks the same rules the
 * connector does as the admin types (`checkSavedReply`), offers the
 * placeholders at the caret, and previews the text as an agent gets it.
 *
 * @attr connector-url - The go2msg connector's base URL.
 */
import { html, nothing } from 'lit';
import { isDomainError } from '@domain/errors';
import {
  checkSavedReply,
  fillSavedReply,
  SAVED_REPLY_NAME_MAX,
  SAVED_REPLY_PLACEHOLDERS,
  type SavedReplyDraft,
  type SavedReplyView,
} from '@domain/saved-replies';
import { deleteSavedReply, listSavedReplies, saveSavedReply } from '../../api/saved-replies';
import { adminEn } from '../../i18n/admin-strings';
import { format } from '../../i18n/strings';
import { AdminElement } from '../admin/admin-element';
import { adminStyles } from '../admin/admin.styles';

interface Form {
  name: string;
  text: string;
  language: string;
}

const EMPTY: Form = { name: '', text: '', language: '' };
const SAMPLE = { customer: { name: 'Maria Lopez', phone: '+16505551234' }, agent: { name: 'Ana Souza' } };

const draftOf = (f: Form): SavedReplyDraft => ({ name: f.name, text: f.text, language: f.language.trim() || null });

/** The field the rules refuse and why, or null when the connector would take it. */
function refusal(form: Form): { field: string; reason: string } | null {
  try {
    checkSavedReply(draftOf(form));
    return null;
  } catch (error) {
    if (isDomainError(error)) return { field: String(error.details?.field ?? ''), reason: String(error.details?.reason ?? error.message) };
    throw error;
  }
}

export class Go2msgSavedRepliesAdmin extends AdminElement {
  static override styles = adminStyles;
  static override properties = {
    replies: { state: true },
    form: { state: true },
    /** null: no form; 'new'; or the id of the reply being edited. */
    editing: { state: true },
    attempted: { state: true },
    confirming: { state: true },
  };

  declare replies: SavedReplyView[] | null;
  declare form: Form;
  declare editing: number | 'new' | null;
  declare attempted: boolean;
  declare confirming: number | null;

  protected override readonly t = adminEn;

  constructor() {
    super();
    this.replies = null;
    this.form = EMPTY;
    this.editing = null;
    this.attempted = false;
    this.confirming = null;
  }

  protected async load(): Promise<void> {
    const result = await this.attempt(() => listSavedReplies(this.client!));
    if (result) this.replies = result.data;
  }

  private open(reply: SavedReplyView | null): void {
    this.form = reply ? { name: reply.name, text: reply.text, language: reply.language ?? '' } : EMPTY;
    this.editing = reply ? reply.id : 'new';
    this.attempted = false;
    this.notice = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('input[name="name"]')?.focus());
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    this.attempted = true;
    if (refusal(this.form) || this.editing === null) return;
    const id = this.editing === 'new' ? undefined : this.editing;
    const saved = await this.attempt(() => saveSavedReply(this.client!, draftOf(this.form), id));
    if (!saved) return;
    this.editing = null;
    await this.load();
    this.notice = { kind: 'ok', message: format(this.t.savedSaved, { name: saved.name }) };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('button.new-saved')?.focus());
  }

  private async deleteReply(reply: SavedReplyView): Promise<void> {
    this.confirming = null;
    if ((await this.attempt(() => deleteSavedReply(this.client!, reply.id))) === undefined) return;
    await this.load();
    this.notice = { kind: 'ok', message: format(this.t.savedDeleted, { name: reply.name }) };
  }

  /** Puts "{{customer.first_name}}" where the caret is in the text, and the caret after it. */
  private insertPlaceholder(placeholder: string): void {
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>('textarea[name="text"]');
    const text = this.form.text;
    const [from, to] = box ? [box.selectionStart, box.selectionEnd] : [text.length, text.length];
    const token = `{{${placeholder}}}`;
    this.form = { ...this.form, text: text.slice(0, from) + token + text.slice(to) };
    void this.updateComplete.then(() => {
      box?.focus();
      box?.setSelectionRange(from + token.length, from + token.length);
    });
  }

  override render() {
    const t = this.t;
    const gate = this.renderGate();
    return html`<section class="box" part="box" aria-label=${t.savedTitle}>
      <div class="bar">
        <h2>${t.savedTitle}</h2>
        ${gate === null && this.editing === null ? html`<button class="new-saved" type="button" @click=${() => this.open(null)}>${t.newSaved}</button>` : nothing}
      </div>
      ${gate ?? html`<p class="hint">${t.savedHint}</p>${this.renderNotice()}${this.editing !== null ? this.renderForm() : nothing}${this.renderList()}`}
    </section>`;
  }

  private renderList() {
    const t = this.t;
    if (!this.replies) return html`<p class="muted" role="status">${t.loading}</p>`;
    if (!this.replies.length) return html`<p class="muted">${t.noSaved}</p>`;
    return html`<table>
      <thead><tr><th scope="col">${t.savedName}</th><th scope="col">${t.savedLanguage}</th><th scope="col">${t.savedText}</th><th scope="col">${t.savedActions}</th></tr></thead>
      <tbody>
        ${this.replies.map(
          (r) => html`<tr data-id=${r.id}>
            <td class="name">${r.name}</td>
            <td>${r.language ?? t.anyLanguage}</td>
            <td class="text" style="white-space:pre-wrap">${r.text}</td>
            <td>
              ${
                this.confirming === r.id
                  ? html`<span class="muted">${format(t.confirmSavedDelete, { name: r.name })}</span>
                    <button class="danger confirm" type="button" ?disabled=${this.busy} @click=${() => this.deleteReply(r)}>${t.delete}</button>
                    <button class="link" type="button" @click=${() => (this.confirming = null)}>${t.cancel}</button>`
                  : html`<button class="link edit" type="button" aria-label=${`${t.edit} ${r.name}`} ?disabled=${this.busy} @click=${() => this.open(r)}>${t.edit}</button>
                    <button class="link delete" type="button" aria-label=${`${t.delete} ${r.name}`} ?disabled=${this.busy} @click=${() => (this.confirming = r.id)}>${t.delete}</button>`
              }
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderForm() {
    const t = this.t;
    const f = this.form;
    const wrong = this.attempted ? refusal(f) : null;
    const field = (name: keyof Form) => (e: Event) => (this.form = { ...this.form, [name]: (e.target as HTMLInputElement).value });
    const invalid = (name: string) => (wrong?.field === name ? 'true' : 'false');
    const describedBy = (name: string, ...more: string[]) => [...more, ...(wrong?.field === name ? [`${name}-why`] : [])].join(' ') || nothing;
    const why = (name: string) => (wrong?.field === name ? html`<span class="error" id=${`${name}-why`}>${wrong.reason}</span>` : nothing);
    return html`<form novalidate @submit=${this.save}>
      <h3>${this.editing === 'new' ? t.newSaved : f.name}</h3>
      <label>${t.savedName}
        <input name="name" maxlength=${SAVED_REPLY_NAME_MAX} .value=${f.name} aria-invalid=${invalid('name')} aria-describedby=${describedBy('name')} @input=${field('name')} />
        ${why('name')}
      </label>
      <label>${t.savedLanguage}
        <input name="language" .value=${f.language} placeholder=${t.anyLanguage} aria-invalid=${invalid('language')} aria-describedby=${describedBy('language', 'language-hint')} @input=${field('language')} />
        <span class="hint" id="language-hint">${t.savedLanguageHint}</span>
        ${why('language')}
      </label>
      <label>${t.savedText}
        <textarea name="text" .value=${f.text} aria-invalid=${invalid('text')} aria-describedby=${describedBy('text')} @input=${field('text')}></textarea>
        ${why('text')}
      </label>
      <div class="bar" style="justify-content:flex-start">
        ${SAVED_REPLY_PLACEHOLDERS.map((p) => html`<button class="secondary placeholder" type="button" aria-label=${format(t.insertPlaceholder, { placeholder: `{{${p}}}` })} @click=${() => this.insertPlaceholder(p)}>{{${p}}}</button>`)}
      </div>
      ${f.text.trim() ? html`<p class="hint">${t.savedPreview}</p><p class="preview">${fillSavedReply(f.text, SAMPLE)}</p>` : nothing}
      <div class="bar" style="justify-content:flex-start">
        <button type="submit" ?disabled=${this.busy}>${this.busy ? t.saving : t.save}</button>
        <button class="secondary" type="button" @click=${() => (this.editing = null)}>${t.cancel}</button>
      </div>
    </form>`;
  }
}
