/**
 * The sending number's health and the alerts every panel shows.
 *
 * Quality rating: GREEN (high), YELLOW (medium), RED (low), NA/UNKNOWN (not yet
 * rated), from the last 7 days of customer feedback (Meta, send-messages#message-quality).
 * Messaging limit: unique customers reached outside a service window per rolling
 * 24 h, TIER_250 → TIER_UNLIMITED (Meta, messaging-limits, 2025-11-26; TIER_50 and
 * TIER_1K are legacy names). Throughput: 80 messages/s by default, 1,000 after
 * Meta's automatic upgrade (Meta, throughput, 2025-11-21).
 * A paused template comes back after 3 hours (first pause) or 6 hours (second);
 * a third pause disables it (Meta, templates/template-pausing).
 */
import type { AccountAlert, MetaAccountAlert, NumberHealthView, QualityRating, TemplateView } from './account-views';
import { describeBusinessNumber } from './business-numbers';

const HOUR = 3600_000;

export const MESSAGING_LIMIT_TIERS: Record<string, number | null> = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1_000,
  TIER_2K: 2_000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: null,
};

export const THROUGHPUT_LEVELS: Record<string, number | null> = {
  STANDARD: 80,
  HIGH: 1_000,
  NOT_APPLICABLE: null,
};

export const PAUSE_DURATION_MS: Record<string, number> = { FIRST_PAUSE: 3 * HOUR, SECOND_PAUSE: 6 * HOUR };

/** How long a lowered messaging limit and a disabled template stay on the panels' alert list. */
export const LIMIT_ALERT_MS = 24 * HOUR;
export const DISABLED_ALERT_MS = 7 * 24 * HOUR;

const QUALITY_RANK: Record<QualityRating, number> = { UNKNOWN: 0, RED: 1, YELLOW: 2, GREEN: 3 };

/** Meta spells "not yet rated" NA in the guide and UNKNOWN in the OpenAPI file. */
export function normaliseQuality(value: unknown): QualityRating {
  const v = String(value ?? '').toUpperCase();
  return v === 'GREEN' || v === 'YELLOW' || v === 'RED' ? v : 'UNKNOWN';
}

/** True when both ratings are known and the new one is lower. */
export function qualityDropped(previous: QualityRating, next: QualityRating): boolean {
  return previous !== 'UNKNOWN' && next !== 'UNKNOWN' && QUALITY_RANK[next] < QUALITY_RANK[previous];
}

function tierRank(tier: string): number {
  const perDay = MESSAGING_LIMIT_TIERS[tier];
  return perDay === undefined ? -1 : perDay === null ? Number.POSITIVE_INFINITY : perDay;
}

export function limitLowered(previous: string | null, next: string | null): boolean {
  if (!previous || !next) return false;
  const a = tierRank(previous);
  const b = tierRank(next);
  return a >= 0 && b >= 0 && b < a;
}

/** business_capability_update says 2000; the phone number API says TIER_2K. */
export function tierFromDailyLimit(value: unknown): string | null {
  if (typeof value === 'string' && value in MESSAGING_LIMIT_TIERS) return value;
  const n = Number(value);
  if (!Number.isFinite(n)) return null;
  if (n < 0) return 'TIER_UNLIMITED';
  const found = Object.entries(MESSAGING_LIMIT_TIERS).find(([, perDay]) => perDay === n);
  return found ? found[0] : null;
}

export function messagingLimit(tier: string | null): NumberHealthView['messagingLimit'] {
  return { tier, perDay: tier ? (MESSAGING_LIMIT_TIERS[tier] ?? null) : null };
}

export function throughput(level: string | null): NumberHealthView['throughput'] {
  return { level, perSecond: level ? (THROUGHPUT_LEVELS[level] ?? null) : null };
}

export interface AlertInput {
  health: NumberHealthView | null;
  /** The other business numbers' health (several numbers): their alerts name them. */
  otherNumbers?: NumberHealthView[];
  templates: Array<Pick<TemplateView, 'name' | 'language' | 'status' | 'statusDetail' | 'statusAt'>>;
  metaAlerts: MetaAccountAlert[];
  now: number;
}

function alert(partial: Omit<AccountAlert, 'value' | 'previous' | 'details' | 'since' | 'until'> & Partial<AccountAlert>): AccountAlert {
  return { value: null, previous: null, details: null, since: null, until: null, ...partial };
}

/**
 * One number's conditions. Another number's (`named`) carry the number and start their details
 * with its label and display number ("Sales +15550783882"), and their keys end with its id, so
 * Support's and Sales's quality alerts are two alerts.
 */
function numberAlerts(health: NumberHealthView, now: number, named: boolean): AccountAlert[] {
  const alerts: AccountAlert[] = [];
  if (health.qualityRating === 'YELLOW' || health.qualityRating === 'RED') {
    alerts.push(alert({ key: 'quality', kind: 'quality', severity: health.qualityRating === 'RED' ? 'critical' : 'warning', value: health.qualityRating }));
  }
  if (health.status && health.status !== 'CONNECTED') {
    alerts.push(alert({ key: 'number_status', kind: 'number_status', severity: 'critical', value: health.status }));
  }
  if (health.nameStatus === 'DECLINED' || health.nameStatus === 'EXPIRED') {
    alerts.push(alert({ key: 'display_name', kind: 'display_name', severity: 'warning', value: health.nameStatus, details: health.verifiedName }));
  }
  const change = health.limitChange;
  if (change && now - change.at < LIMIT_ALERT_MS) {
    alerts.push(alert({ key: 'limit', kind: 'limit_lowered', severity: 'warning', value: change.to, previous: change.from, since: change.at }));
  }
  if (!named) return alerts;
  const number = { id: health.phoneNumberId, label: health.label ?? null, displayPhoneNumber: health.displayPhoneNumber };
  const name = describeBusinessNumber(number);
  return alerts.map((a) => ({ ...a, key: `${a.key}:${number.id}`, number, details: a.details ? `${name}: ${a.details}` : name }));
}

/** The conditions panels show, most severe first. */
export function accountAlerts({ health, otherNumbers = [], templates, metaAlerts, now }: AlertInput): AccountAlert[] {
  const alerts: AccountAlert[] = [];
  if (health) alerts.push(...numberAlerts(health, now, false));
  for (const other of otherNumbers) alerts.push(...numberAlerts(other, now, true));
  for (const t of templates) {
    const key = `template:${t.name}:${t.language}`;
    const template = { name: t.name, language: t.language };
    const details = t.statusDetail?.description ?? null;
    if (t.status === 'PAUSED') {
      const pause = t.statusDetail?.title ? PAUSE_DURATION_MS[t.statusDetail.title] : undefined;
      const until = pause !== undefined && t.statusAt !== null ? t.statusAt + pause : null;
      alerts.push(alert({ key, kind: 'template_paused', severity: 'warning', template, value: 'PAUSED', details, since: t.statusAt, until }));
    }
    if (t.status === 'DISABLED' && t.statusAt !== null && now - t.statusAt < DISABLED_ALERT_MS) {
      alerts.push(alert({ key, kind: 'template_disabled', severity: 'critical', template, value: 'DISABLED', details, since: t.statusAt }));
    }
  }
  for (const m of metaAlerts) {
    const severity = /CRITICAL|HIGH/i.test(m.severity) ? 'critical' : 'warning';
    alerts.push(alert({ key: `meta:${m.type}`, kind: 'meta_alert', severity, value: m.type, details: m.description, since: m.since }));
  }
  const rank = (a: AccountAlert) => (a.severity === 'critical' ? 0 : 1);
  return alerts.sort((a, b) => rank(a) - rank(b) || (b.since ?? 0) - (a.since ?? 0));
}
