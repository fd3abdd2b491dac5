/**
 * <go2msg-number-health>: the sending number as Meta sees it, for admins —
 * display name and its review, quality rating, messaging limit, throughput,
 * registration — with the alerts every panel shows and Meta's latest
 * account events. With several business numbers, each other number's display
 * name and review, quality and messaging limit follow (Meta rates each on its
 * own), and its alerts name it.
 *
 * @attr connector-url - The go2msg connector's base URL.
 */
import { html, nothing } from 'lit';
import type { AccountAlert, NumberHealthView } from '@domain/account-views';
import { describeBusinessNumber, type BusinessNumbersResponse } from '@domain/business-numbers';
import type { AccountEvent } from '../../api/admin-client';
import { adminEn } from '../../i18n/admin-strings';
import { en, format } from '../../i18n/strings';
import { AdminElement } from '../admin/admin-element';
import { adminStyles } from '../admin/admin.styles';
import { alertText } from '../thread/account-alerts';
import { dateTime } from '../thread/format';

const number = (n: number) => n.toLocaleString();

export class Go2msgNumberHealth extends AdminElement {
  static override styles = adminStyles;
  static override properties = {
    health: { state: true },
    alerts: { state: true },
    events: { state: true },
    loaded: { state: true },
    others: { state: true },
  };

  declare health: NumberHealthView | null;
  declare alerts: AccountAlert[];
  declare events: AccountEvent[];
  declare loaded: boolean;
  /** The other business numbers with their health (several numbers); empty with one. */
  declare others: BusinessNumbersResponse['data'];

  protected override readonly t = adminEn;

  constructor() {
    super();
    this.health = null;
    this.alerts = [];
    this.events = [];
    this.loaded = false;
    this.others = [];
  }

  protected async load(): Promise<void> {
    const [health, events] = await Promise.all([this.attempt(() => this.client!.numberHealth()), this.attempt(() => this.client!.accountEvents(20))]);
    if (health) {
      this.health = health.health;
      this.alerts = health.alerts;
    }
    if (events) this.events = events.data;
    await this.loadOthers();
    this.loaded = true;
  }

  /** The other numbers' health; an older connector without the list shows the default's only. */
  private async loadOthers(): Promise<void> {
    const listed = await this.client!.businessNumbers().catch(() => null);
    this.others = listed ? listed.data.filter((n) => n.id !== listed.defaultId) : [];
  }

  private async refresh(): Promise<void> {
    const result = await this.attempt(() => this.client!.refreshHealth());
    if (!result) return;
    this.health = result.health;
    this.alerts = result.alerts;
    const events = await this.attempt(() => this.client!.accountEvents(20));
    if (events) this.events = events.data;
    await this.loadOthers();
  }

  override render() {
    const t = this.t;
    const gate = this.renderGate();
    return html`<section class="box" part="box" aria-label=${t.healthTitle}>
      <div class="bar">
        <h2>${t.healthTitle}</h2>
        ${gate === null ? html`<button class="secondary" type="button" ?disabled=${this.busy} @click=${() => this.refresh()}>${t.refresh}</button>` : nothing}
      </div>
      ${gate ?? html`${this.renderNotice()} ${this.renderHealth()} ${this.renderOthers()} ${this.renderAlerts()} ${this.renderEvents()}`}
    </section>`;
  }

  private renderHealth() {
    const t = this.t;
    if (!this.loaded) return html`<p class="muted" role="status">${t.loading}</p>`;
    const h = this.health;
    if (!h) return html`<p class="muted">${t.noHealth}</p>`;
    const quality = this.quality(h.qualityRating);
    const limit =
      h.messagingLimit.tier === 'TIER_UNLIMITED'
        ? t.unlimited
        : h.messagingLimit.perDay !== null
          ? format(t.perDay, { n: number(h.messagingLimit.perDay) })
          : t.unknown;
    return html`<dl>
      <dt>${t.displayName}</dt><dd class="display-name">${h.verifiedName ?? t.unknown}</dd>
      <dt>${t.nameStatus}</dt><dd><span class="pill name-status" data-value=${h.nameStatus ?? ''}>${h.nameStatus ?? t.unknown}</span></dd>
      <dt>${t.phoneNumber}</dt><dd>${h.displayPhoneNumber ? `+${h.displayPhoneNumber.replace(/^\+/, '')}` : t.unknown}</dd>
      <dt>${t.quality}</dt><dd><span class="pill quality" data-value=${h.qualityRating}>${quality}</span></dd>
      <dt>${t.messagingLimit}</dt><dd class="limit">${limit}${h.messagingLimit.tier ? html` <span class="muted">(${h.messagingLimit.tier})</span>` : nothing}</dd>
      <dt>${t.throughput}</dt><dd class="throughput">${h.throughput.perSecond !== null ? format(t.perSecond, { n: number(h.throughput.perSecond) }) : t.unknown}${h.throughput.level ? html` <span class="muted">(${h.throughput.level})</span>` : nothing}</dd>
      <dt>${t.numberStatus}</dt><dd><span class="pill" data-value=${h.status ?? ''}>${h.status ?? t.unknown}</span></dd>
      <dt>${t.checkedAt}</dt><dd>${dateTime(h.checkedAt)}</dd>
    </dl>`;
  }

  private quality(rating: NumberHealthView['qualityRating']): string {
    const t = this.t;
    return { GREEN: t.qualityGREEN, YELLOW: t.qualityYELLOW, RED: t.qualityRED, UNKNOWN: t.qualityUNKNOWN }[rating];
  }

  private renderOthers() {
    const t = this.t;
    if (!this.loaded || this.others.length === 0) return nothing;
    return html`<h3>${t.otherNumbers}</h3>
      <p class="hint">${t.otherNumbersHint}</p>
      <table class="other-numbers">
        <thead>
          <tr><th>${t.phoneNumber}</th><th>${t.displayName}</th><th>${t.quality}</th><th>${t.messagingLimit}</th></tr>
        </thead>
        <tbody>
          ${this.others.map((n) => {
            const h = n.health ?? null;
            return html`<tr data-number=${n.id}>
              <td>${describeBusinessNumber(n)}</td>
              <td>${h ? html`${h.verifiedName ?? t.unknown} <span class="pill name-status" data-value=${h.nameStatus ?? ''}>${h.nameStatus ?? t.unknown}</span>` : t.unknown}</td>
              <td>${h ? html`<span class="pill quality" data-value=${h.qualityRating}>${this.quality(h.qualityRating)}</span>` : t.unknown}</td>
              <td class="limit">${h?.messagingLimit.tier ?? t.unknown}</td>
            </tr>`;
          })}
        </tbody>
      </table>`;
  }

  private renderAlerts() {
    const t = this.t;
    if (!this.loaded) return nothing;
    return html`<h3>${t.alertsTitle}</h3>
      ${
        this.alerts.length
          ? html`<ul class="plain alerts">${this.alerts.map((a) => html`<li class="alert" data-kind=${a.kind} data-severity=${a.severity} data-number=${a.number?.id ?? ''}>${alertText(a, en)}${a.details ? html` <span class="muted">${a.details}</span>` : nothing}</li>`)}</ul>`
          : html`<p class="muted">${t.noAlerts}</p>`
      }`;
  }

  private renderEvents() {
    const t = this.t;
    if (!this.loaded) return nothing;
    return html`<h3>${t.recentEvents}</h3>
      ${
        this.events.length
          ? html`<ul class="plain events">${this.events.map((e) => html`<li><span class="muted">${dateTime(e.receivedAt)}</span> ${e.field} <strong>${e.event ?? ''}</strong> ${e.subject ?? ''}</li>`)}</ul>`
          : html`<p class="muted">${t.noEvents}</p>`
      }`;
  }
}
