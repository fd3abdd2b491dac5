/**
 * The template picker, loaded on demand: a sheet over the thread (focus kept
 * inside, Escape closes) with its Send button always in view below a
 * scrolling body. Only approved templates that may be a reply (never
 * authentication ones: those carry one-time codes and go out through their own
 * route), filtered by category, language and a search; a field for every
 * variable (header text or media, body, the variable end of URL buttons); a
 * live preview drawn the way WhatsApp shows the message; nothing can be sent
 * while a field is empty (the same `checkTemplateSend` the connector runs decides).
 * A customer who stopped marketing messages is named at the top, with the
 * date, and a marketing template cannot be sent to them (the connector refuses
 * it too: MARKETING_OPTED_OUT).
 */
import { css, html, nothing, type ReactiveControllerHost } from 'lit';
import { acceptFor, checkMedia, SNIFF_BYTES, type MediaKind } from '@domain/media';
import type { TemplateComponentParams, TemplateContent } from '@domain/outbound';
import {
  checkTemplateSend,
  dynamicUrlButtons,
  renderTemplateBody,
  splitAtVariables,
  TEMPLATE_CATEGORIES,
  templateVariables,
  textParameter,
  type Template,
  type TemplateCategory,
} from '@domain/templates';
import type { MarketingPreference, UploadedMedia } from '@domain/views';
import type { Upload } from '../api/media-upload';
import type { Explainable } from '../i18n/error-catalog';
import type { Locale } from '../i18n/locale';
import { PICKER_STRINGS, type PickerStrings } from '../i18n/picker-strings';
import { format, type Strings } from '../i18n/strings';

/** The panel's strings and the picker's own (which come with this chunk). */
type Text = Strings & PickerStrings;

const MEDIA_HEADER: Record<string, 'image' | 'video' | 'document'> = { IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document' };

export interface TemplatePickerDeps {
  upload: (file: File, kind: MediaKind, mime: string) => Upload | null;
  /** A refused header file, in the panel's language. */
  describe: (error: Explainable) => string;
  send: (content: TemplateContent, label: string) => void;
}

/** One variable of the header or body text and what the agent typed for it. */
interface Variable {
  key: string;
  value: string;
}

/** What the agent typed for a LOCATION header: the place Meta draws as a map. */
interface PlaceFields {
  latitude: string;
  longitude: string;
  name: string;
  address: string;
}

const NO_PLACE: PlaceFields = { latitude: '', longitude: '', name: '', address: '' };

interface HeaderMedia {
  name: string;
  progress: number;
  upload: Upload | null;
  uploaded: UploadedMedia | null;
  error: Explainable | null;
}

/** Adopted by the panel when this chunk loads, so the core bundle does not carry them. */
export const pickerStyles = css`
  .sheet { position: absolute; inset: auto 0 0 0; max-height: 100%; display: flex; flex-direction: column; background: var(--_bg); border-top: 1px solid var(--_border); border-radius: var(--_radius) var(--_radius) 0 0; box-shadow: 0 -6px 24px rgba(11, 20, 26, 0.25); z-index: 2; }
  .sheet-head, .sheet-foot { flex: none; padding: 10px 12px; }
  .sheet-head { border-bottom: 1px solid var(--_border); }
  .sheet-foot { border-top: 1px solid var(--_border); }
  progress { width: 100%; height: 6px; accent-color: var(--_accent); }
  .sheet-body { flex: 1 1 auto; min-height: 0; overflow-y: auto; padding: 10px 12px; display: grid; gap: 8px; align-content: start; }
  .categories { display: flex; flex-wrap: wrap; gap: 4px; }
  .chip { padding: 4px 10px; border-radius: 999px; background: var(--_soft); color: var(--_fg); font-weight: 500; font-size: 12px; }
  .chip[aria-checked='true'] { background: var(--_accent); color: var(--_accent-fg); }
  .category-help { margin: 0; font-size: 12px; padding: 6px 8px; border-radius: 6px; background: var(--_soft); }
  .category-help[data-category='MARKETING'] { color: var(--_soon-fg); background: var(--_soon-bg); }
  .category-help[data-category='AUTHENTICATION'] { color: var(--_closed-fg); background: var(--_closed-bg); }
  .filters { display: grid; grid-template-columns: 1fr auto; gap: 6px; }
  .filters select { width: auto; }
  .fields { display: grid; gap: 6px; }
  .field { display: grid; grid-template-columns: minmax(96px, max-content) 1fr; align-items: center; gap: 8px; }
  .field input { padding: 6px 8px; }
  .field .error, .field progress { grid-column: 1 / -1; }
  .wa-preview { margin: 0; padding: 10px; border-radius: 8px; background: var(--_log-bg); display: grid; justify-items: start; gap: 2px; }
  .wa-bubble { background: var(--_in); border-radius: 0 8px 8px 8px; padding: 6px 9px; max-width: 90%; box-shadow: 0 1px 0.5px rgba(11, 20, 26, 0.13); }
  .wa-media { padding: 22px 12px; margin-bottom: 6px; text-align: center; border-radius: 6px; background: var(--_soft); color: var(--_muted); overflow-wrap: anywhere; }
  .wa-header { margin: 0 0 4px; font-weight: 700; }
  .wa-body, .preview { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13px; }
  .wa-footer { margin: 4px 0 0; font-size: 12px; color: var(--_muted); }
  .var { background: var(--_ok-bg); color: var(--_ok-fg); border-radius: 3px; padding: 0 2px; }
  .var.empty { background: var(--_closed-bg); color: var(--_closed-fg); }
  .wa-buttons { list-style: none; margin: 0; padding: 0; display: grid; gap: 2px; width: 90%; }
  .opted-out { margin: 0; font-size: 12px; padding: 6px 8px; border-radius: 6px; color: var(--_closed-fg); background: var(--_closed-bg); }
  .wa-buttons li { background: var(--_in); color: #027eb5; text-align: center; padding: 6px; border-radius: 8px; font-size: 13px; font-weight: 500; }
`;

export const templateKey = (t: Template) => `${t.name}|${t.language}`;

/** The categories a reply may use: authentication templates are sent only as one-time codes. */
const REPLY_CATEGORIES = TEMPLATE_CATEGORIES.filter((c) => c !== 'AUTHENTICATION');

function focusable(within: Element | null): HTMLElement[] {
  return within
    ? [...within.querySelectorAll<HTMLElement>('button, input, select, textarea')].filter((e) => !e.matches(':disabled') && e.getClientRects().length > 0)
    : [];
}

/** A modal sheet: Escape closes it, and Tab and Shift+Tab wrap around inside it. */
function keepFocusIn(event: KeyboardEvent, onClose: () => void): void {
  if (event.key === 'Escape') {
    event.preventDefault();
    event.stopPropagation();
    onClose();
    return;
  }
  if (event.key !== 'Tab') return;
  const items = focusable(event.currentTarget as Element);
  const active = ((event.currentTarget as Element).getRootNode() as ShadowRoot).activeElement;
  const edge = event.shiftKey ? items[0] : items.at(-1);
  if (active === edge || !items.includes(active as HTMLElement)) {
    event.preventDefault();
    (event.shiftKey ? items.at(-1) : items[0])?.focus();
  }
}

function part(template: Template, type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS') {
  return template.components.find((c) => c.type === type);
}

export class TemplatePicker {
  templates: Template[] = [];
  category: TemplateCategory | 'ALL' = 'ALL';
  language = '';
  query = '';
  key = '';
  header: Variable[] = [];
  body: Variable[] = [];
  buttons = new Map<number, string>();
  media: HeaderMedia | null = null;
  place: PlaceFields = NO_PLACE;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: TemplatePickerDeps,
  ) {}

  setTemplates(all: Template[]): void {
    this.templates = all.filter((t) => t.status === 'APPROVED' && t.category !== 'AUTHENTICATION');
    this.ensureSelection();
  }

  get languages(): string[] {
    return [...new Set(this.templates.map((t) => t.language))].sort();
  }

  get filtered(): Template[] {
    const q = this.query.trim().toLowerCase();
    return this.templates.filter(
      (t) =>
        (this.category === 'ALL' || t.category === this.category) &&
        (!this.language || t.language === this.language) &&
        (!q || t.name.toLowerCase().includes(q) || t.components.some((c) => c.text?.toLowerCase().includes(q))),
    );
  }

  /** Always one of `filtered` (ensureSelection keeps it so), found without filtering again. */
  get selected(): Template | undefined {
    return this.key ? this.templates.find((t) => templateKey(t) === this.key) : undefined;
  }

  private ensureSelection(): void {
    if (!this.filtered.some((t) => templateKey(t) === this.key)) this.select(this.filtered[0]);
    this.host.requestUpdate();
  }

  select(template: Template | undefined): void {
    const key = template ? templateKey(template) : '';
    if (key === this.key && template) return;
    this.key = key;
    this.media?.upload?.cancel();
    this.media = null;
    this.place = NO_PLACE;
    const variables = (type: 'HEADER' | 'BODY') => (template ? templateVariables(part(template, type)?.text) : []).map((key) => ({ key, value: '' }));
    this.header = variables('HEADER');
    this.body = variables('BODY');
    this.buttons = new Map(template ? dynamicUrlButtons(template).map((i) => [i, '']) : []);
    this.host.requestUpdate();
  }

  private filter(change: Partial<Pick<TemplatePicker, 'category' | 'language' | 'query'>>): void {
    Object.assign(this, change);
    this.ensureSelection();
  }

  /** The content to send, or null while something required is missing. */
  content(): TemplateContent | null {
    const template = this.selected;
    if (!template) return null;
    const components: TemplateComponentParams[] = [];
    const headerKind = MEDIA_HEADER[part(template, 'HEADER')?.format ?? ''];
    if (headerKind) {
      if (!this.media?.uploaded) return null;
      const id = this.media.uploaded.id;
      const parameter =
        headerKind === 'image'
          ? { type: 'image' as const, image: { id } }
          : headerKind === 'video'
            ? { type: 'video' as const, video: { id } }
            : { type: 'document' as const, document: { id, filename: this.media.name } };
      components.push({ type: 'header', parameters: [parameter] });
    } else if (part(template, 'HEADER')?.format === 'LOCATION') {
      const { latitude, longitude, name, address } = this.place;
      // Empty or not a number: nothing to send yet (the shared check below refuses a place off the map).
      if (latitude.trim() === '' || longitude.trim() === '' || Number.isNaN(Number(latitude)) || Number.isNaN(Number(longitude))) return null;
      const location = {
        latitude: Number(latitude),
        longitude: Number(longitude),
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(address.trim() ? { address: address.trim() } : {}),
      };
      components.push({ type: 'header', parameters: [{ type: 'location', location }] });
    } else if (this.header.length) {
      components.push({ type: 'header', parameters: this.header.map((v) => textParameter(v.key, v.value)) });
    }
    if (this.body.length) components.push({ type: 'body', parameters: this.body.map((v) => textParameter(v.key, v.value)) });
    for (const [index, text] of this.buttons) components.push({ type: 'button', sub_type: 'url', index: String(index), parameters: [{ type: 'text', text }] });
    const content: TemplateContent = {
      type: 'template',
      template: { name: template.name, language: { code: template.language }, ...(components.length ? { components } : {}) },
    };
    if ([...this.header.map((v) => v.value), ...this.buttons.values()].some((v) => v.trim() === '')) return null;
    try {
      checkTemplateSend(template, content);
    } catch {
      return null;
    }
    return content;
  }

  send(): void {
    const template = this.selected;
    const content = this.content();
    if (!template || !content) return;
    this.deps.send(content, renderTemplateBody(template, content));
    this.select(undefined);
    this.select(template);
  }

  private async pickHeaderFile(file: File, kind: 'image' | 'video' | 'document'): Promise<void> {
    this.media?.upload?.cancel();
    const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
    let mime: string;
    try {
      mime = checkMedia({ kind, head, size: file.size, filename: file.name, declaredMime: file.type || null }).mime;
    } catch (error) {
      this.media = { name: file.name, progress: 0, upload: null, uploaded: null, error: error as Explainable };
      this.host.requestUpdate();
      return;
    }
    const upload = this.deps.upload(file, kind, mime);
    const media: HeaderMedia = { name: file.name, progress: 0, upload, uploaded: null, error: null };
    this.media = media;
    this.host.requestUpdate();
    if (!upload) return;
    upload.done.then(
      (uploaded) => {
        if (this.media?.upload === upload) this.media = { ...this.media, uploaded, progress: 1 };
        this.host.requestUpdate();
      },
      (error: Error & Explainable) => {
        if (this.media?.upload === upload && error.name !== 'UploadCancelled') this.media = { ...this.media, error };
        this.host.requestUpdate();
      },
    );
  }

  progress(fraction: number): void {
    if (this.media) this.media = { ...this.media, progress: fraction };
    this.host.requestUpdate();
  }

  render(strings: Strings, locale: Locale, options: { reason: string | null; onClose: () => void; marketing?: MarketingPreference | null }) {
    const t: Text = { ...strings, ...PICKER_STRINGS[locale] };
    const template = this.selected;
    const stopped = options.marketing?.value === 'stop' ? options.marketing : null;
    const refused = stopped !== null && template?.category === 'MARKETING';
    const content = template && !refused ? this.content() : null;
    return html`<div class="sheet picker-panel" part="template-picker" role="dialog" aria-modal="true" aria-labelledby="sheet-title" @keydown=${(e: KeyboardEvent) => keepFocusIn(e, options.onClose)}>
      <div class="sheet-head row"><strong id="sheet-title">${t.templates}</strong><button type="button" class="link close-templates" @click=${options.onClose}>${t.closeTemplates}</button></div>
      <div class="sheet-body">
        ${options.reason ? html`<p class="reason">${options.reason}</p>` : nothing}
        ${stopped ? html`<p class="opted-out" role="note">${format(t.stoppedMarketing, { date: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(stopped.at) })}</p>` : nothing}
        ${this.templates.length === 0 ? html`<p class="error">${t.noTemplates}</p>` : this.renderChooser(t, this.filtered, template)}
      </div>
      ${
        template
          ? html`<div class="sheet-foot row">
            ${content ? html`<span></span>` : html`<p class="hint" role="status">${refused ? t.marketingStopped : t.fillEveryField}</p>`}
            <button type="button" class="send-template" ?disabled=${!content} @click=${() => this.send()}>${t.sendTemplate}</button>
          </div>`
          : nothing
      }
    </div>`;
  }

  /** Moves focus into the sheet: to the template list, or its first control. */
  focusIn(root: ShadowRoot): void {
    const sheet = root.querySelector('.sheet');
    sheet?.querySelector<HTMLElement>('select.template-select')?.focus();
    if (!sheet?.contains(root.activeElement)) focusable(sheet)[0]?.focus();
  }

  private renderChooser(t: Text, list: Template[], template: Template | undefined) {
    return html`<div class="categories" role="radiogroup" aria-label=${t.category}>
        ${(['ALL', ...REPLY_CATEGORIES] as const).map(
          (
            c,
          ) => html`<button type="button" role="radio" class="chip" aria-checked=${this.category === c ? 'true' : 'false'} @click=${() => this.filter({ category: c })}>
            ${c === 'ALL' ? t.categoryAll : t[`category${c}`]}
          </button>`,
        )}
      </div>
      ${this.category !== 'ALL' ? html`<p class="category-help" data-category=${this.category}>${t[`categoryHelp${this.category}`]}</p>` : nothing}
      <div class="filters">
        <input type="search" aria-label=${t.searchTemplates} placeholder=${t.searchTemplates} .value=${this.query} @input=${(e: Event) => this.filter({ query: (e.target as HTMLInputElement).value })} />
        <select class="language" aria-label=${t.language} @change=${(e: Event) => this.filter({ language: (e.target as HTMLSelectElement).value })}>
          <option value="" ?selected=${this.language === ''}>${t.allLanguages}</option>
          ${this.languages.map((l) => html`<option value=${l} ?selected=${this.language === l}>${l}</option>`)}
        </select>
      </div>
      ${
        list.length === 0
          ? html`<p class="hint">${t.noTemplateMatch}</p>`
          : html`<label for="template">${t.templateLabel}</label>
            <select id="template" class="template-select" @change=${(e: Event) => this.select(list.find((x) => templateKey(x) === (e.target as HTMLSelectElement).value))}>
              ${list.map((x) => html`<option value=${templateKey(x)} ?selected=${templateKey(x) === this.key}>${x.name} · ${x.language} · ${x.category}</option>`)}
            </select>`
      }
      ${
        template
          ? html`${template.category !== 'UTILITY' && this.category === 'ALL' ? html`<p class="category-help" data-category=${template.category}>${t[`categoryHelp${template.category}`]}</p>` : nothing}
          ${this.renderPreview(t, template)} ${this.renderFields(t, template)}`
          : nothing
      }`;
  }

  private field(label: string, value: string, onInput: (value: string) => void) {
    return html`<label class="field"><span>${label}</span><input required aria-required="true" aria-invalid=${value.trim() === '' ? 'true' : 'false'} .value=${value} @input=${(e: Event) => onInput((e.target as HTMLInputElement).value)} /></label>`;
  }

  private renderFields(t: Text, template: Template) {
    const header = part(template, 'HEADER');
    const kind = MEDIA_HEADER[header?.format ?? ''];
    const urlButtons = part(template, 'BUTTONS')?.buttons ?? [];
    const update = (list: 'header' | 'body', i: number) => (value: string) => {
      this[list] = this[list].map((v, j) => (j === i ? { ...v, value } : v));
      this.host.requestUpdate();
    };
    return html`<div class="fields">
      ${header?.format === 'LOCATION' ? this.renderPlaceFields(t) : nothing}
      ${
        kind
          ? html`<label class="field"
            ><span>${format(t.headerMedia, { kind: t[kind] })}</span>
            <input type="file" accept=${acceptFor([kind])} aria-required="true" @change=${(e: Event) => {
              const file = (e.target as HTMLInputElement).files?.[0];
              if (file) void this.pickHeaderFile(file, kind);
            }} />
            ${this.media?.error ? html`<span class="error" role="alert">${this.deps.describe(this.media.error)}</span>` : this.media && !this.media.uploaded ? html`<progress max="100" value=${Math.round(this.media.progress * 100)}></progress>` : nothing}</label
          >`
          : this.header.map((v, i) => this.field(format(t.headerVariable, { label: `{{${v.key}}}` }), v.value, update('header', i)))
      }
      ${this.body.map((v, i) => this.field(format(t.bodyVariable, { label: `{{${v.key}}}` }), v.value, update('body', i)))}
      ${[...this.buttons].map(([index, v]) =>
        this.field(format(t.buttonVariable, { text: urlButtons[index]?.text ?? '' }), v, (value) => {
          this.buttons = new Map(this.buttons).set(index, value);
          this.host.requestUpdate();
        }),
      )}
    </div>`;
  }

  private renderPlaceFields(t: Text) {
    const input = (key: keyof PlaceFields, label: string, required: boolean) =>
      html`<label class="field"
        ><span>${label}</span
        ><input
          name=${`place-${key}`}
          inputmode=${key === 'latitude' || key === 'longitude' ? 'decimal' : nothing}
          ?required=${required}
          aria-required=${required ? 'true' : 'false'}
          aria-invalid=${required && (this.place[key].trim() === '' || Number.isNaN(Number(this.place[key]))) ? 'true' : 'false'}
          .value=${this.place[key]}
          @input=${(e: Event) => {
            this.place = { ...this.place, [key]: (e.target as HTMLInputElement).value };
            this.host.requestUpdate();
          }}
      /></label>`;
    return html`${input('latitude', t.headerLatitude, true)} ${input('longitude', t.headerLongitude, true)} ${input('name', t.headerPlaceName, false)}
    ${input('address', t.headerPlaceAddress, false)}`;
  }

  /** Text with its variables filled; an empty variable stays visible as {{n}} or {{name}}. */
  private filled(text: string, variables: Variable[]) {
    return splitAtVariables(text).map((part) => {
      if (typeof part === 'string') return part;
      const value = variables.find((v) => v.key === part.key)?.value;
      return value ? html`<span class="var">${value}</span>` : html`<span class="var empty">${part.written}</span>`;
    });
  }

  private renderPreview(t: Text, template: Template) {
    const header = part(template, 'HEADER');
    const kind = MEDIA_HEADER[header?.format ?? ''];
    const footer = part(template, 'FOOTER')?.text;
    const buttons = part(template, 'BUTTONS')?.buttons ?? [];
    return html`<figure class="wa-preview" aria-label=${t.templatePreview}>
      <div class="wa-bubble">
        ${kind ? html`<div class="wa-media" data-kind=${kind}>${kind === 'image' ? '🖼' : kind === 'video' ? '🎬' : '📄'} ${this.media?.name ?? t[kind]}</div>` : nothing}
        ${header?.format === 'LOCATION' ? html`<div class="wa-media" data-kind="location">📍 ${this.place.name.trim() || `${this.place.latitude || '…'}, ${this.place.longitude || '…'}`}</div>` : nothing}
        ${header?.text && !kind ? html`<p class="wa-header">${this.filled(header.text, this.header)}</p>` : nothing}
        <p class="preview wa-body">${this.filled(part(template, 'BODY')?.text ?? '', this.body)}</p>
        ${footer ? html`<p class="wa-footer">${footer}</p>` : nothing}
      </div>
      ${
        buttons.length
          ? html`<ul class="wa-buttons">
            ${buttons.map((b) => html`<li>${b.type === 'URL' ? '↗' : b.type === 'PHONE_NUMBER' ? '📞' : '↩'} ${b.text}</li>`)}
          </ul>`
          : nothing
      }
    </figure>`;
  }
}
