/**
 * <go2msg-templates-admin>: the account's templates for admins — status,
 * category, language, quality, billing and Meta's reason for a rejection or a
 * pause — a form that checks Meta's rules as the admin types (the same rules
 * the connector enforces), submission for review, and deletion.
 *
 * @attr connector-url - The go2msg connector's base URL.
 * @attr poll-seconds - While a template awaits review, the list is read again this often (default 5);
 *   otherwise once a minute.
 */
import { html, nothing } from 'lit';
import type { TemplateView } from '@domain/account-views';
import { TEMPLATE_LANGUAGES } from '@domain/template-languages';
import { checkTemplateDefinition, isTemplateEditable, TEMPLATE_LIMITS, type RuleViolation } from '@domain/template-rules';
import { adminEn } from '../../i18n/admin-strings';
import { format } from '../../i18n/strings';
import { AdminElement } from '../admin/admin-element';
import { adminStyles } from '../admin/admin.styles';
import {
  draftFromTemplate,
  emptyDraft,
  fieldOf,
  newButton,
  previewText,
  toDefinition,
  variablesOf,
  type DraftButton,
  type DraftButtonKind,
  type DraftField,
  type TemplateDraft,
} from './template-draft';
import { dateTime } from '../thread/format';

const IDLE_REFRESH_MS = 60_000;
const HEADER_UPLOAD = { IMAGE: 'header_image', VIDEO: 'header_video', DOCUMENT: 'header_document' } as const;

export class Go2msgTemplatesAdmin extends AdminElement {
  static override styles = adminStyles;
  static override properties = {
    pollSeconds: { attribute: 'poll-seconds', type: Number },
    templates: { state: true },
    loaded: { state: true },
    creating: { state: true },
    draft: { state: true },
    touched: { state: true },
    attempted: { state: true },
    confirming: { state: true },
    editing: { state: true },
  };

  declare pollSeconds: number;
  declare templates: TemplateView[];
  declare loaded: boolean;
  declare creating: boolean;
  declare draft: TemplateDraft;
  declare touched: ReadonlySet<DraftField>;
  declare attempted: boolean;
  /** "name|language" of the row waiting for its delete to be confirmed. */
  declare confirming: string;
  /** The template the form edits; null while it creates a new one. */
  declare editing: TemplateView | null;

  protected override readonly t = adminEn;
  private poll: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    this.pollSeconds = 5;
    this.templates = [];
    this.loaded = false;
    this.creating = false;
    this.draft = emptyDraft();
    this.touched = new Set();
    this.attempted = false;
    this.confirming = '';
    this.editing = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.poll) clearTimeout(this.poll);
    this.poll = null;
  }

  protected async load(): Promise<void> {
    if (this.poll) clearTimeout(this.poll);
    const result = await this.attempt(() => this.client!.listTemplates());
    if (!result) return;
    this.templates = result.data;
    this.loaded = true;
    // Meta reviews in minutes: while a template waits, the list is read again often; otherwise
    // once a minute, so a pause or a rejection that arrived by webhook shows without a reload.
    if (this.isConnected) {
      const pending = this.templates.some((t) => t.status === 'PENDING');
      this.poll = setTimeout(
        () => {
          if (this.signedIn) void this.load();
        },
        pending ? this.pollSeconds * 1000 : IDLE_REFRESH_MS,
      );
    }
  }

  private async sync(): Promise<void> {
    const result = await this.attempt(() => this.client!.syncTemplates());
    if (!result) return;
    await this.load();
    this.notice = { kind: 'ok', message: format(this.t.synced, { count: result.count }) };
  }

  private async deleteTemplate(t: TemplateView): Promise<void> {
    this.confirming = '';
    if (!(await this.attempt(() => this.client!.deleteTemplate(t.name, t.language)))) return;
    await this.load();
    this.notice = { kind: 'ok', message: format(this.t.deleted, { name: t.name, language: t.language }) };
  }

  private startEdit(template: TemplateView): void {
    this.editing = template;
    this.draft = draftFromTemplate(template);
    this.touched = new Set();
    this.attempted = false;
    this.creating = true;
  }

  private closeForm(): void {
    this.creating = false;
    this.editing = null;
    this.draft = emptyDraft();
    this.touched = new Set();
    this.attempted = false;
  }

  /** Meta's rules checked once per draft (every change makes a new draft), though each field asks. */
  private checked: { draft: TemplateDraft; list: RuleViolation[]; fields: DraftField[] } | null = null;

  private get violations(): { list: RuleViolation[]; fields: DraftField[] } {
    if (this.checked?.draft !== this.draft) {
      const { definition, fields } = toDefinition(this.draft);
      this.checked = { draft: this.draft, list: checkTemplateDefinition(definition), fields };
    }
    return this.checked;
  }

  private set(patch: Partial<TemplateDraft>, field: DraftField): void {
    this.draft = { ...this.draft, ...patch };
    this.touched = new Set([...this.touched, field]);
  }

  private setButton(index: number, patch: Partial<DraftButton>): void {
    this.set({ buttons: this.draft.buttons.map((b, i) => (i === index ? { ...b, ...patch } : b)) }, 'buttons');
  }

  private async uploadHeader(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    const format = this.draft.headerFormat;
    if (!file || !(format in HEADER_UPLOAD)) return;
    const result = await this.attempt(() => this.client!.uploadForMeta(HEADER_UPLOAD[format as keyof typeof HEADER_UPLOAD], file));
    if (result) this.set({ headerHandle: result.handle }, 'header');
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    this.attempted = true;
    const { definition } = toDefinition(this.draft);
    if (checkTemplateDefinition(definition).length) return;
    const editing = this.editing;
    const result = await this.attempt(() => (editing?.id ? this.client!.editTemplate(editing.id, definition) : this.client!.submitTemplate(definition)));
    if (!result) return;
    this.closeForm();
    await this.load();
    this.notice = { kind: 'ok', message: format(editing ? this.t.edited : this.t.submitted, { name: result.template.name }) };
  }

  override render() {
    const gate = this.renderGate();
    const t = this.t;
    return html`<section class="box" part="box" aria-label=${t.templatesTitle}>
      <div class="bar">
        <h2>${t.templatesTitle}</h2>
        ${
          gate === null
            ? html`<div class="bar">
              <button class="secondary" type="button" ?disabled=${this.busy} @click=${() => this.sync()}>${t.syncNow}</button>
              ${this.creating ? nothing : html`<button type="button" @click=${() => (this.creating = true)}>${t.newTemplate}</button>`}
            </div>`
            : nothing
        }
      </div>
      ${gate ?? html`${this.renderNotice()} ${this.creating ? this.renderForm() : nothing} ${this.renderList()}`}
    </section>`;
  }

  private renderList() {
    const t = this.t;
    if (!this.loaded) return html`<p class="muted" role="status">${t.loading}</p>`;
    if (this.templates.length === 0) return html`<p class="muted">${t.templatesEmpty}</p>`;
    return html`<table>
      <thead>
        <tr><th>${t.colName}</th><th>${t.colLanguage}</th><th>${t.colCategory}</th><th>${t.colStatus}</th><th>${t.colQuality}</th><th>${t.colBilling}</th><th>${t.colDetail}</th><th></th></tr>
      </thead>
      <tbody>
        ${this.templates.map((x) => this.renderRow(x))}
      </tbody>
    </table>`;
  }

  private renderRow(x: TemplateView) {
    const t = this.t;
    const key = `${x.name}|${x.language}`;
    const detail = [
      // A rejection always says why, even when Meta did not.
      x.rejectedReason ?? (x.status === 'REJECTED' ? t.noReasonGiven : null),
      x.statusDetail?.description,
      x.statusDetail?.recommendation,
      x.correctCategory && x.categoryChangeAt ? format(t.recategorised, { category: x.correctCategory, date: dateTime(x.categoryChangeAt) }) : null,
    ].filter(Boolean);
    return html`<tr data-template=${key}>
      <td>${x.name}</td>
      <td>${x.language}</td>
      <td>${x.category}</td>
      <td><span class="pill status" data-value=${x.status}>${x.status}</span></td>
      <td><span class="pill quality" data-value=${x.quality}>${x.quality}</span></td>
      <td class="billing" data-value=${x.billing}>${x.billing === 'always' ? t.billedAlways : t.billedOutsideWindow}</td>
      <td class="detail">${detail.map((d, i) => html`${i ? html`<br />` : nothing}${d}`)}</td>
      <td>
        ${
          this.confirming === key
            ? html`<span class="muted">${format(t.confirmDelete, { name: x.name, language: x.language })}</span>
              <button class="danger confirm" type="button" ?disabled=${this.busy} @click=${() => this.deleteTemplate(x)}>${t.delete}</button>
              <button class="link" type="button" @click=${() => (this.confirming = '')}>${t.cancel}</button>`
            : html`${isTemplateEditable(x.status) && x.id ? html`<button class="link edit" type="button" ?disabled=${this.busy} @click=${() => this.startEdit(x)}>${t.edit}</button>` : nothing}
              <button class="link delete" type="button" ?disabled=${this.busy} @click=${() => (this.confirming = key)}>${t.delete}</button>`
        }
      </td>
    </tr>`;
  }

  private renderForm() {
    const t = this.t;
    const d = this.draft;
    const { list } = this.violations;
    const name = this.fieldProblems('name');
    const auth = d.category === 'AUTHENTICATION';
    const editing = this.editing;
    // Meta keeps an edited template's name and language, and an approved one's category.
    const categoryFixed = editing !== null && editing.status !== 'REJECTED';
    return html`<form @submit=${this.submit} novalidate>
      ${editing ? html`<h3>${format(t.editing, { name: editing.name, language: editing.language })}</h3><p class="hint">${t.editingHint}</p>` : nothing}
      <label>${t.fieldName}
        <input name="name" ?disabled=${editing !== null} .value=${d.name} maxlength=${TEMPLATE_LIMITS.nameMax} aria-invalid=${name.invalid} placeholder="order_shipped" @input=${(e: Event) => this.set({ name: (e.target as HTMLInputElement).value }, 'name')} />
        <span class="hint">${t.nameHint}</span>
      </label>
      ${name.html}
      <div class="row">
        <label>${t.fieldLanguage}
          <select name="language" ?disabled=${editing !== null} @change=${(e: Event) => this.set({ language: (e.target as HTMLSelectElement).value }, 'language')}>
            ${TEMPLATE_LANGUAGES.map((code) => html`<option value=${code} ?selected=${code === d.language}>${code}</option>`)}
          </select>
        </label>
        <label>${t.fieldCategory}
          <select name="category" ?disabled=${categoryFixed} @change=${(e: Event) => this.set({ category: (e.target as HTMLSelectElement).value as TemplateDraft['category'] }, 'category')}>
            <option value="UTILITY" ?selected=${d.category === 'UTILITY'}>${t.categoryUtility}</option>
            <option value="MARKETING" ?selected=${d.category === 'MARKETING'}>${t.categoryMarketing}</option>
            <option value="AUTHENTICATION" ?selected=${d.category === 'AUTHENTICATION'}>${t.categoryAuthentication}</option>
          </select>
        </label>
      </div>
      ${
        auth || editing
          ? nothing
          : html`<label class="check"><input type="checkbox" name="allowCategoryChange" .checked=${d.allowCategoryChange} @change=${(e: Event) => this.set({ allowCategoryChange: (e.target as HTMLInputElement).checked }, 'category')} />${t.allowCategoryChange}</label>`
      }
      ${auth ? this.renderAuthentication() : this.renderContent()}
      ${this.fieldProblems('header').html} ${this.fieldProblems('language').html} ${this.fieldProblems('category').html} ${this.fieldProblems('other').html}
      <div>
        <h3>${t.preview}</h3>
        <p class="preview">${previewText(d)}</p>
      </div>
      ${this.attempted && list.length ? html`<p class="error" role="alert">${t.brokenRules}: ${list.length}</p>` : nothing}
      <div class="bar">
        <button type="submit" ?disabled=${this.busy || (this.attempted && list.length > 0)}>${this.busy ? t.submitting : editing ? t.submitChanges : t.submit}</button>
        <button class="secondary" type="button" @click=${() => this.closeForm()}>${t.cancel}</button>
      </div>
    </form>`;
  }

  private fieldProblems(field: DraftField) {
    const { list, fields } = this.violations;
    if (!(this.attempted || this.touched.has(field))) return { html: nothing, invalid: 'false' };
    const mine = list.filter((v) => fieldOf(v, fields) === field);
    return {
      html: mine.length
        ? html`<ul class="violations" data-field=${field}>${mine.map((v) => html`<li><code>${v.rule}</code> ${v.message}</li>`)}</ul>`
        : nothing,
      invalid: mine.length ? 'true' : 'false',
    };
  }

  private renderContent() {
    const t = this.t;
    const d = this.draft;
    const bodyVariables = variablesOf(d.body);
    const body = this.fieldProblems('body');
    const footer = this.fieldProblems('footer');
    const buttons = this.fieldProblems('buttons');
    const header = this.fieldProblems('header');
    return html`<fieldset>
        <legend>${t.fieldHeader}</legend>
        <select name="headerFormat" @change=${(e: Event) => this.set({ headerFormat: (e.target as HTMLSelectElement).value as TemplateDraft['headerFormat'], headerHandle: '' }, 'header')}>
          ${(
            [
              ['', t.headerNone],
              ['TEXT', t.headerText],
              ['IMAGE', t.headerImage],
              ['VIDEO', t.headerVideo],
              ['DOCUMENT', t.headerDocument],
              ['LOCATION', t.headerLocation],
            ] as const
          ).map(([value, label]) => html`<option value=${value} ?selected=${value === d.headerFormat}>${label}</option>`)}
        </select>
        ${
          d.headerFormat === 'TEXT'
            ? html`<input name="headerText" aria-label=${t.headerText} aria-invalid=${header.invalid} .value=${d.headerText} @input=${(e: Event) => this.set({ headerText: (e.target as HTMLInputElement).value }, 'header')} />
              <span class="counter" ?data-over=${[...d.headerText].length > TEMPLATE_LIMITS.headerTextMax}>${[...d.headerText].length}/${TEMPLATE_LIMITS.headerTextMax}</span>
              ${
                /\{\{/.test(d.headerText)
                  ? html`<label>${format(t.sampleFor, { variable: `{{${variablesOf(d.headerText)[0] ?? 1}}}` })}<input name="headerSample" .value=${d.headerSample} @input=${(e: Event) => this.set({ headerSample: (e.target as HTMLInputElement).value }, 'header')} /></label>`
                  : nothing
              }`
            : nothing
        }
        ${
          d.headerFormat in HEADER_UPLOAD
            ? html`<label>${t.headerSample}<input name="headerFile" type="file" @change=${(e: Event) => this.uploadHeader(e.target as HTMLInputElement)} /></label>
              ${d.headerHandle ? html`<p class="ok">${t.sampleUploaded}</p>` : nothing}`
            : nothing
        }
      </fieldset>
      <label>${t.fieldBody}
        <textarea name="body" aria-invalid=${body.invalid} .value=${d.body} @input=${(e: Event) => this.set({ body: (e.target as HTMLTextAreaElement).value }, 'body')}></textarea>
        <span class="counter" ?data-over=${[...d.body].length > TEMPLATE_LIMITS.bodyMax}>${[...d.body].length}/${TEMPLATE_LIMITS.bodyMax}</span>
        <span class="hint">${t.bodyHint}</span>
      </label>
      ${bodyVariables.map(
        (variable, i) => html`<label>${format(t.sampleFor, { variable: `{{${variable}}}` })}
          <input name=${`bodySample${i + 1}`} .value=${d.bodySamples[i] ?? ''} @input=${(e: Event) => {
            const samples = [...this.draft.bodySamples];
            samples[i] = (e.target as HTMLInputElement).value;
            this.set({ bodySamples: samples }, 'body');
          }} />
        </label>`,
      )}
      ${body.html}
      <label>${t.fieldFooter}
        <input name="footer" aria-invalid=${footer.invalid} .value=${d.footer} @input=${(e: Event) => this.set({ footer: (e.target as HTMLInputElement).value }, 'footer')} />
        <span class="counter" ?data-over=${[...d.footer].length > TEMPLATE_LIMITS.footerMax}>${[...d.footer].length}/${TEMPLATE_LIMITS.footerMax}</span>
      </label>
      ${footer.html}
      <fieldset>
        <legend>${t.fieldButtons}</legend>
        ${d.buttons.map((b, i) => this.renderButton(b, i))}
        <select name="addButton" aria-label=${t.addButton} @change=${(e: Event) => {
          const select = e.target as HTMLSelectElement;
          if (select.value) this.set({ buttons: [...this.draft.buttons, newButton(select.value as DraftButtonKind)] }, 'buttons');
          select.value = '';
        }}>
          <option value="">${t.addButton}</option>
          <option value="QUICK_REPLY">${t.buttonQuickReply}</option>
          <option value="URL">${t.buttonUrl}</option>
          <option value="PHONE_NUMBER">${t.buttonPhone}</option>
          <option value="COPY_CODE">${t.buttonCopyCode}</option>
        </select>
        ${buttons.html}
      </fieldset>`;
  }

  private renderButton(b: DraftButton, i: number) {
    const t = this.t;
    const input = (name: keyof DraftButton, label: string) =>
      html`<label>${label}<input name=${`button${i}-${name}`} .value=${b[name]} @input=${(e: Event) => this.setButton(i, { [name]: (e.target as HTMLInputElement).value })} /></label>`;
    const kindLabel = { QUICK_REPLY: t.buttonQuickReply, URL: t.buttonUrl, PHONE_NUMBER: t.buttonPhone, COPY_CODE: t.buttonCopyCode }[b.kind];
    return html`<div class="row" data-button=${b.kind}>
      <span class="pill">${kindLabel}</span>
      ${b.kind === 'COPY_CODE' ? input('code', t.buttonCodeSample) : input('text', t.buttonText)}
      ${b.kind === 'URL' ? html`${input('url', t.buttonUrlField)} ${/\{\{/.test(b.url) ? input('urlSample', t.buttonUrlSample) : nothing}` : nothing}
      ${b.kind === 'PHONE_NUMBER' ? input('phone', t.buttonPhoneField) : nothing}
      <button class="link" type="button" @click=${() => this.set({ buttons: this.draft.buttons.filter((_, j) => j !== i) }, 'buttons')}>${t.remove}</button>
    </div>`;
  }

  private renderAuthentication() {
    const t = this.t;
    const d = this.draft;
    const footer = this.fieldProblems('footer');
    const buttons = this.fieldProblems('buttons');
    return html`<p class="muted">${t.authBody}</p>
      <label class="check"><input type="checkbox" name="securityRecommendation" .checked=${d.securityRecommendation} @change=${(e: Event) => this.set({ securityRecommendation: (e.target as HTMLInputElement).checked }, 'body')} />${t.securityRecommendation}</label>
      <label>${t.codeExpiration}<input name="codeExpiration" inputmode="numeric" aria-invalid=${footer.invalid} .value=${d.codeExpiration} @input=${(e: Event) => this.set({ codeExpiration: (e.target as HTMLInputElement).value }, 'footer')} /></label>
      ${footer.html}
      <label>${t.copyButtonText}<input name="copyText" aria-invalid=${buttons.invalid} .value=${d.copyText} @input=${(e: Event) => this.set({ copyText: (e.target as HTMLInputElement).value }, 'buttons')} /></label>
      ${buttons.html}`;
  }
}
