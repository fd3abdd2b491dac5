/**
 * <go2msg-business-profile>: what customers see on the business's WhatsApp
 * profile. Every teammate can read it; admins edit it within Meta's limits
 * (checked as they type, with the same rules the connector enforces), and set
 * a new picture through Meta's resumable upload. With several business numbers,
 * a picker chooses whose profile is shown and edited (Meta keeps one per number).
 *
 * @attr connector-url - The go2msg connector's base URL.
 */
import { html, nothing } from 'lit';
import type { BusinessProfileView } from '@domain/account-views';
import { describeBusinessNumber, type BusinessNumber } from '@domain/business-numbers';
import { BUSINESS_PROFILE_LIMITS, BUSINESS_VERTICALS, checkBusinessProfile, type BusinessProfileUpdate, type ProfileViolation } from '@domain/business-profile';
import { UPLOAD_PURPOSES } from '@domain/uploads';
import { adminEn } from '../../i18n/admin-strings';
import { format } from '../../i18n/strings';
import { AdminElement } from '../admin/admin-element';
import { adminStyles } from '../admin/admin.styles';

interface ProfileForm {
  about: string;
  description: string;
  address: string;
  email: string;
  website1: string;
  website2: string;
  vertical: string;
}

const L = BUSINESS_PROFILE_LIMITS;

function formFrom(p: BusinessProfileView): ProfileForm {
  return {
    about: p.about ?? '',
    description: p.description ?? '',
    address: p.address ?? '',
    email: p.email ?? '',
    website1: p.websites[0] ?? '',
    website2: p.websites[1] ?? '',
    vertical: p.vertical ?? '',
  };
}

/** Only what changed is sent: Meta keeps every field left out. */
function changes(before: BusinessProfileView, form: ProfileForm): BusinessProfileUpdate {
  const update: BusinessProfileUpdate = {};
  const old = formFrom(before);
  for (const field of ['about', 'description', 'address', 'email', 'vertical'] as const) if (form[field] !== old[field]) update[field] = form[field];
  if (form.website1 !== old.website1 || form.website2 !== old.website2) update.websites = [form.website1, form.website2].map((w) => w.trim()).filter(Boolean);
  return update;
}

const safeLink = (url: string) => (/^https?:\/\//i.test(url) ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${url}</a>` : url);

export class Go2msgBusinessProfile extends AdminElement {
  static override styles = adminStyles;
  static override properties = {
    profile: { state: true },
    editing: { state: true },
    form: { state: true },
    picture: { state: true },
    numbers: { state: true },
    numberId: { state: true },
  };

  declare profile: BusinessProfileView | null;
  /** The business's numbers when there are several (the default first); empty: one number, no picker. */
  declare numbers: BusinessNumber[];
  /** Whose profile is shown and edited; null: the default number's. */
  declare numberId: string | null;
  declare editing: boolean;
  declare form: ProfileForm;
  declare picture: File | null;

  protected override readonly t = adminEn;

  constructor() {
    super();
    this.profile = null;
    this.editing = false;
    this.form = { about: '', description: '', address: '', email: '', website1: '', website2: '', vertical: '' };
    this.picture = null;
    this.numbers = [];
    this.numberId = null;
  }

  protected override get adminOnly(): boolean {
    return false;
  }

  protected async load(): Promise<void> {
    const client = this.client!;
    // An older connector has no list of numbers: one number, no picker.
    const listed = await client.businessNumbers().catch(() => null);
    this.numbers = listed && listed.data.length > 1 ? listed.data : [];
    if (this.numberId !== null && !this.numbers.some((n) => n.id === this.numberId)) this.numberId = null;
    const numberId = this.numberId;
    const result = await this.attempt(() => client.numberProfile(numberId));
    // A slower answer for a number no longer picked is not shown as the picked one's.
    if (result && numberId === this.numberId) this.profile = result.profile;
  }

  private pickNumber(event: Event): void {
    const id = (event.target as HTMLSelectElement).value;
    if (id === (this.numberId ?? this.numbers[0]?.id)) return;
    this.numberId = id;
    this.profile = null;
    this.editing = false;
    this.notice = null;
    void this.load();
  }

  private edit(): void {
    if (!this.profile) return;
    this.form = formFrom(this.profile);
    this.picture = null;
    this.editing = true;
  }

  private get violations(): ProfileViolation[] {
    return this.profile ? checkBusinessProfile(changes(this.profile, this.form)) : [];
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.profile || this.violations.length) return;
    const update = changes(this.profile, this.form);
    if (this.picture) {
      const file = this.picture;
      const uploaded = await this.attempt(() => this.client!.uploadForMeta('profile_picture', file));
      if (!uploaded) return;
      update.profilePictureHandle = uploaded.handle;
    }
    if (Object.keys(update).length === 0) {
      this.editing = false;
      return;
    }
    const numberId = this.numberId;
    const result = await this.attempt(() => this.client!.updateProfile(update, numberId));
    if (!result) return;
    this.profile = result.profile;
    this.editing = false;
    this.notice = { kind: 'ok', message: this.t.profileSaved };
  }

  override render() {
    const t = this.t;
    const gate = this.renderGate();
    return html`<section class="box" part="box" aria-label=${t.profileTitle}>
      <div class="bar">
        <h2>${t.profileTitle}</h2>
        ${gate === null && this.isAdmin && this.profile && !this.editing ? html`<button type="button" @click=${() => this.edit()}>${t.edit}</button>` : nothing}
      </div>
      ${
        gate ??
        html`<p class="hint">${t.profileHint}</p>${this.renderNumberPicker()}${this.renderNotice()}${this.editing ? this.renderForm() : this.renderView()}`
      }
    </section>`;
  }

  private renderNumberPicker() {
    if (this.numbers.length < 2) return nothing;
    const t = this.t;
    const current = this.numberId ?? this.numbers[0]!.id;
    return html`<label class="number-picker"
      >${t.profileNumber}
      <select name="number" ?disabled=${this.editing} @change=${this.pickNumber}>
        ${this.numbers.map((n) => html`<option value=${n.id} ?selected=${n.id === current}>${describeBusinessNumber(n)}</option>`)}
      </select>
      <span class="muted">${t.profileNumberHint}</span>
    </label>`;
  }

  private renderView() {
    const t = this.t;
    const p = this.profile;
    if (!p) return html`<p class="muted" role="status">${t.loading}</p>`;
    return html`<div class="bar" style="justify-content:flex-start">
        ${p.profilePictureUrl ? html`<img class="picture" src=${p.profilePictureUrl} alt=${t.fieldPicture} />` : html`<span class="muted">${t.noPicture}</span>`}
      </div>
      <dl>
        <dt>${t.fieldAbout}</dt><dd class="about">${p.about ?? '—'}</dd>
        <dt>${t.fieldDescription}</dt><dd class="description">${p.description ?? '—'}</dd>
        <dt>${t.fieldAddress}</dt><dd>${p.address ?? '—'}</dd>
        <dt>${t.fieldEmail}</dt><dd>${p.email ?? '—'}</dd>
        <dt>${t.fieldWebsites}</dt><dd class="websites">${p.websites.length ? p.websites.map((w, i) => html`${i ? html`<br />` : nothing}${safeLink(w)}`) : '—'}</dd>
        <dt>${t.fieldVertical}</dt><dd>${p.vertical ?? '—'}</dd>
      </dl>`;
  }

  private renderForm() {
    const t = this.t;
    const f = this.form;
    const violations = this.violations;
    const problems = (prefix: string) => {
      const mine = violations.filter((v) => v.path === prefix || v.path.startsWith(`${prefix}[`));
      return mine.length
        ? html`<ul class="violations" data-field=${prefix}>${mine.map((v) => html`<li><code>${v.rule}</code> ${v.message}</li>`)}</ul>`
        : nothing;
    };
    const invalid = (prefix: string) => String(violations.some((v) => v.path === prefix || v.path.startsWith(`${prefix}[`)));
    const set = (field: keyof ProfileForm) => (e: Event) => (this.form = { ...this.form, [field]: (e.target as HTMLInputElement).value });
    const counter = (value: string, max: number) => {
      const left = max - [...value].length;
      return html`<span class="counter" ?data-over=${left < 0}>${format(t.charactersLeft, { n: left })}</span>`;
    };
    return html`<form @submit=${this.save} novalidate>
      <label>${t.fieldAbout}<input name="about" .value=${f.about} aria-invalid=${invalid('about')} @input=${set('about')} />${counter(f.about, L.about[1])}</label>
      ${problems('about')}
      <label>${t.fieldDescription}<textarea name="description" .value=${f.description} aria-invalid=${invalid('description')} @input=${set('description')}></textarea>${counter(f.description, L.descriptionMax)}</label>
      ${problems('description')}
      <label>${t.fieldAddress}<input name="address" .value=${f.address} aria-invalid=${invalid('address')} @input=${set('address')} />${counter(f.address, L.addressMax)}</label>
      ${problems('address')}
      <label>${t.fieldEmail}<input name="email" type="email" .value=${f.email} aria-invalid=${invalid('email')} @input=${set('email')} /></label>
      ${problems('email')}
      <fieldset>
        <legend>${t.fieldWebsites}</legend>
        <input name="website1" aria-label="Website 1" placeholder="https://" .value=${f.website1} @input=${set('website1')} />
        <input name="website2" aria-label="Website 2" placeholder="https://" .value=${f.website2} @input=${set('website2')} />
        ${problems('websites')}
      </fieldset>
      <label>${t.fieldVertical}
        <select name="vertical" @change=${set('vertical')}>
          <option value="" ?selected=${f.vertical === ''}>${t.verticalNone}</option>
          ${BUSINESS_VERTICALS.map((v) => html`<option value=${v} ?selected=${v === f.vertical}>${v}</option>`)}
        </select>
      </label>
      ${problems('vertical')}
      <label>${t.fieldPicture}
        <input name="picture" type="file" accept=${UPLOAD_PURPOSES.profile_picture.types.join(',')} @change=${(e: Event) => (this.picture = (e.target as HTMLInputElement).files?.[0] ?? null)} />
      </label>
      <div class="bar">
        <button type="submit" ?disabled=${this.busy || violations.length > 0}>${this.busy ? t.saving : t.save}</button>
        <button class="secondary" type="button" @click=${() => (this.editing = false)}>${t.cancel}</button>
      </div>
    </form>`;
  }
}
