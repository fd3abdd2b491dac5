/**
 * <go2msg-audit-log>: the audit trail for admins — every outgoing message on
 * WhatsApp and SMS with its teammate, host, window state, template, content
 * digest, provider id and statuses, and the sign-ins and other security events.
 *
 * @summary Filters (teammate, contact, channel, action, dates), pages newest
 *   first, and export links (CSV, JSON Lines).
 * @attr connector-url - The go2msg connector's base URL.
 * @fires go2msg-export - Before an export downloads; detail {format, url}.
 *   Cancel it to handle the download yourself.
 * @cssproperty --go2msg-accent - Buttons.
 *
 * Its code is a chunk of its own, loaded only when a page uses the tag
 * (widget/index.ts watches for it); the tag is defined when the chunk loads.
 * Sign-in, renewal and the admins-only gate are AdminElement's: it shares the
 * session of every go2msg panel on the page for the same connector.
 */
import { html, nothing } from 'lit';
import type { AuditExportFormat, AuditFacets, AuditFilters, AuditRowView } from '@domain/audit';
import { auditExportLink, auditFacets, auditPage } from '../../api/audit';
import { defineOnce } from '../../define';
import { ExportEvent } from '../../events/export';
import { auditEn, type AuditStrings } from '../../i18n/audit-log';
import { format } from '../../i18n/strings';
import { AdminElement } from '../admin/admin-element';
import { auditLogStyles } from './audit-log.styles';
import { auditRow } from './audit-row';

/** The form's values as typed: dates are YYYY-MM-DD in the admin's own time zone. */
interface FilterForm {
  teammate: string;
  contact: string;
  channel: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY_FORM: FilterForm = { teammate: '', contact: '', channel: '', action: '', from: '', to: '' };

function localMidnight(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime() : undefined;
}

/** The API's filters for a form: `to` includes the whole day picked. */
export function filtersFromForm(form: FilterForm): AuditFilters {
  const to = localMidnight(form.to);
  const filters: AuditFilters = {
    teammate: form.teammate ? Number(form.teammate) : undefined,
    contact: form.contact.trim() || undefined,
    channel: form.channel === 'whatsapp' || form.channel === 'sms' ? form.channel : undefined,
    action: form.action || undefined,
    from: localMidnight(form.from),
    to: to === undefined ? undefined : new Date(to).setDate(new Date(to).getDate() + 1),
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as AuditFilters;
}

export class Go2msgAuditLog extends AdminElement {
  static override styles = auditLogStyles;
  static override properties = {
    state: { state: true },
    rows: { state: true },
    facets: { state: true },
    form: { state: true },
    pages: { state: true },
    next: { state: true },
  };

  declare state: 'loading' | 'ready' | 'error';
  declare rows: AuditRowView[];
  declare facets: AuditFacets | null;
  declare form: FilterForm;
  /** The `before` cursor of each page seen so far; the last is the page shown. */
  declare pages: Array<string | undefined>;
  declare next: string | null;

  protected override readonly t: AuditStrings = auditEn;
  private applied: AuditFilters = {};
  private generation = 0;

  constructor() {
    super();
    this.state = 'loading';
    this.rows = [];
    this.facets = null;
    this.form = { ...EMPTY_FORM };
    this.pages = [undefined];
    this.next = null;
  }

  /**
   * Loads the first page again with the filters applied (after sign-in, or on
   * demand). For admins only: the connector refuses anyone else too (403), so
   * asking would only log a failed request.
   */
  override reload(): void {
    this.pages = [undefined];
    if (!this.signedIn || !this.isAdmin) this.rows = [];
    super.reload();
  }

  protected async load(): Promise<void> {
    if (!this.facets) void this.loadFacets();
    await this.loadPage();
  }

  private async loadFacets(): Promise<void> {
    try {
      this.facets = await auditFacets(this.client!);
    } catch {
      // The page load reports the reason; the filters fall back to free values.
    }
  }

  private async loadPage(): Promise<void> {
    const generation = ++this.generation;
    this.state = 'loading';
    this.notice = null;
    try {
      const page = await auditPage(this.client!, this.applied, this.pages.at(-1));
      if (generation !== this.generation) return;
      this.rows = page.data;
      this.next = page.next;
      this.state = 'ready';
    } catch (error) {
      if (generation !== this.generation) return;
      this.report(error);
      this.state = 'error';
    }
  }

  private apply(event: Event): void {
    event.preventDefault();
    this.applied = filtersFromForm(this.form);
    this.pages = [undefined];
    void this.loadPage();
  }

  private reset(): void {
    this.form = { ...EMPTY_FORM };
    this.applied = {};
    this.pages = [undefined];
    void this.loadPage();
  }

  private older(): void {
    if (!this.next) return;
    this.pages = [...this.pages, this.next];
    void this.loadPage();
  }

  private newer(): void {
    if (this.pages.length < 2) return;
    this.pages = this.pages.slice(0, -1);
    void this.loadPage();
  }

  private async exportAs(format: AuditExportFormat): Promise<void> {
    if (!this.client || this.busy) return;
    await this.attempt(async () => {
      const { url } = await auditExportLink(this.client!, format, this.applied);
      const proceed = this.dispatchEvent(new ExportEvent(format, url));
      if (proceed) {
        // The connector answers with Content-Disposition: attachment, so the page stays where it is.
        const link = document.createElement('a');
        link.href = url;
        link.rel = 'noopener';
        link.click();
      }
    });
  }

  private field(name: keyof FilterForm) {
    return (e: Event) => (this.form = { ...this.form, [name]: (e.target as HTMLInputElement | HTMLSelectElement).value });
  }

  override render() {
    if (!this.connectorUrl) return nothing;
    const t = this.t;
    return html`<section part="panel" aria-label=${t.title}>
      <h2>${t.title}</h2>
      ${this.renderGate() ?? html`${this.renderFilters()}${this.renderBody()}`}
    </section>`;
  }

  private renderFilters() {
    const t = this.t;
    const f = this.form;
    const facets = this.facets;
    return html`<form @submit=${this.apply} part="filters">
      <label>${t.teammate}
        <select name="teammate" .value=${f.teammate} @change=${this.field('teammate')}>
          <option value="">${t.all}</option>
          ${(facets?.teammates ?? []).map((m) => html`<option value=${String(m.id)} ?selected=${f.teammate === String(m.id)}>${m.name}${m.email ? ` (${m.email})` : ''}</option>`)}
        </select>
      </label>
      <label>${t.contact}<input name="contact" .value=${f.contact} placeholder=${t.contactPlaceholder} @input=${this.field('contact')} /></label>
      <label>${t.channel}
        <select name="channel" .value=${f.channel} @change=${this.field('channel')}>
          <option value="">${t.all}</option>
          <option value="whatsapp" ?selected=${f.channel === 'whatsapp'}>${t.whatsapp}</option>
          <option value="sms" ?selected=${f.channel === 'sms'}>${t.sms}</option>
        </select>
      </label>
      <label>${t.action}
        <select name="action" .value=${f.action} @change=${this.field('action')}>
          <option value="">${t.all}</option>
          ${(facets?.actions ?? []).map((a) => html`<option value=${a} ?selected=${f.action === a}>${a}</option>`)}
        </select>
      </label>
      <label>${t.from}<input name="from" type="date" .value=${f.from} @input=${this.field('from')} /></label>
      <label>${t.to}<input name="to" type="date" .value=${f.to} @input=${this.field('to')} /></label>
      <button class="primary" type="submit">${t.apply}</button>
      <button type="button" @click=${() => this.reset()}>${t.reset}</button>
    </form>`;
  }

  private renderBody() {
    const t = this.t;
    const notice = this.renderNotice();
    if (this.state === 'error') return notice;
    return html`${notice}
      <div class="bar">
        <div class="group">
          <button type="button" ?disabled=${this.pages.length < 2 || this.state === 'loading'} @click=${() => this.newer()}>${t.newer}</button>
          <span class="muted page" aria-live="polite">${format(t.page, { n: this.pages.length })}</span>
          <button type="button" ?disabled=${!this.next || this.state === 'loading'} @click=${() => this.older()}>${t.older}</button>
          <button type="button" class="refresh" ?disabled=${this.state === 'loading'} @click=${() => void this.loadPage()}>${t.refresh}</button>
        </div>
        <div class="group">
          <button type="button" class="export" data-format="csv" ?disabled=${this.busy} @click=${() => this.exportAs('csv')}>${t.exportCsv}</button>
          <button type="button" class="export" data-format="jsonl" ?disabled=${this.busy} @click=${() => this.exportAs('jsonl')}>${t.exportJsonl}</button>
        </div>
      </div>
      <div class="scroll" part="table">
        ${
          this.state === 'loading' && this.rows.length === 0
            ? html`<p class="empty" role="status">${t.loading}</p>`
            : this.rows.length === 0
              ? html`<p class="empty">${t.empty}</p>`
              : html`<table>
                <thead>
                  <tr>
                    ${[t.colWhen, t.colAction, t.colTeammate, t.colChannel, t.colContact, t.colWindow, t.colTemplate, t.colStatus, t.colContent, t.colProvider, t.colHost].map((c) => html`<th scope="col">${c}</th>`)}
                  </tr>
                </thead>
                <tbody>
                  ${this.rows.map((r) => auditRow(r, t))}
                </tbody>
              </table>`
        }
      </div>`;
  }
}

export const AUDIT_LOG_TAG = 'go2msg-audit-log';

export function defineAuditLog(): void {
  defineOnce(AUDIT_LOG_TAG, Go2msgAuditLog);
}

declare global {
  interface HTMLElementTagNameMap {
    'go2msg-audit-log': Go2msgAuditLog;
  }
}
