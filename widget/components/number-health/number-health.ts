/**
 * <go2msg-number-health>: the sending number as Meta sees it, for admins —
 * display name and its review, quality rating, messaging limit, throughput,
 * registration — with the alerts every panel shows and Meta's latest
 * account events.
 *
 * @attr connector-url - The go2msg connector's base URL.
 */
import { html, nothing } from 'lit';
import type { AccountAlert, NumberHealthView } from '@domain/account-views';
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
  };

  declare health: NumberHealthView | null;
  declare alerts: AccountAlert[];
  declare events: AccountEvent[];
  declare loaded: boolean;

  protected override readonly t = adminEn;

  constructor() {
    super();
    this.health = null;
    this.alerts = [];
    this.events = [];
    this.loaded = false;
  }

  protected async load(): Promise<void> {
    const [health, events] = await Promise.all([this.attempt(() => this.client!.numberHealth()), this.attempt(() => this.client!.accountEvents(20))]);
    if (health) {
      this.health = health.health;
      this.alerts = health.alerts;
    }
    if (events) this.events = events.data;
    this.loaded = true;
  }

  private async refresh(): Promise<void> {
    const result = await this.attempt(() => this.client!.refreshHealth());
    if (!result) return;
    this.health = result.health;
    this.alerts = result.alerts;
    const events = await this.attempt(() => this.client!.accountEvents(20));
    if (events) this.events = events.data;
  }

  override render() {
    const t = this.t;
    const gate = this.renderGate();
    return html`<section class="box" part="box" aria-label=${t.healthTitle}>
      <div class="bar">
        <h2>${t.healthTitle}</h2>
        ${gate === null ? html`<button class="secondary" type="button" ?disabled=${this.busy} @click=${() => this.refresh()}>${t.refresh}</button>` : nothing}
      </div>
      ${gate ?? html`${this.renderNotice()} ${this.renderHealth()} ${this.renderAlerts()} ${this.renderEvents()}`}
    </section>`;
  }

  private renderHealth() {
    const t = this.t;
    if (!this.loaded) return html`<p class="muted" role="status">${t.loading}</p>`;
    const h = this.health;
    if (!h) return html`<p class="muted">${t.noHealth}</p>`;
    const quality = { GREEN: t.qualityGREEN, YELLOW: t.qualityYELLOW, RED: t.qualityRED, UNKNOWN: t.qualityUNKNOWN }[h.qualityRating];
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

  private renderAlerts() {
    const t = this.t;
    if (!this.loaded) return nothing;
    return html`<h3>${t.alertsTitle}</h3>
      ${
        this.alerts.length
          ? html`<ul class="plain alerts">${this.alerts.map((a) => html`<li class="alert" data-kind=${a.kind} data-severity=${a.severity}>${alertText(a, en)}${a.details ? html` <span class="muted">${a.details}</span>` : nothing}</li>`)}</ul>`
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
