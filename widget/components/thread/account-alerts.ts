/**
 * The account's alerts above the thread: quality dropped, a template paused
 * or disabled, the number disconnected. Meta's own explanation, when it gave
 * one, follows as plain text.
 */
import { css, html, nothing } from 'lit';
import type { AccountAlert } from '@domain/account-views';
import { format, type Strings } from '../../i18n/strings';
import { dateTime } from './format';

export function alertText(alert: AccountAlert, t: Strings): string {
  const template = { name: alert.template?.name ?? '', language: alert.template?.language ?? '' };
  switch (alert.kind) {
    case 'quality':
      return alert.value === 'RED' ? t.alertQualityRED : t.alertQualityYELLOW;
    case 'template_paused':
      return format(t.alertTemplatePaused, { ...template, until: alert.until ? format(t.alertPausedUntil, { time: dateTime(alert.until) }) : '' });
    case 'template_disabled':
      return format(t.alertTemplateDisabled, template);
    case 'number_status':
      return format(t.alertNumberStatus, { value: alert.value ?? '' });
    case 'display_name':
      return t.alertDisplayName;
    case 'limit_lowered':
      return format(t.alertLimitLowered, { value: alert.value ?? '' });
    case 'meta_alert':
      return format(t.alertMeta, { value: alert.value ?? '' });
  }
}

export function accountAlerts(alerts: AccountAlert[], t: Strings, onDismiss: (alert: AccountAlert) => void) {
  if (alerts.length === 0) return nothing;
  return html`<ul class="alerts" part="alerts" aria-label=${t.alertsLabel}>
    ${alerts.map(
      (a) => html`<li class="alert" role="alert" data-kind=${a.kind} data-severity=${a.severity}>
        <span><span class="alert-text">${alertText(a, t)}</span>${a.details ? html` <span class="alert-details">${a.details}</span>` : nothing}</span>
        <button class="link" type="button" aria-label=${t.dismiss} title=${t.dismiss} @click=${() => onDismiss(a)}>×</button>
      </li>`,
    )}
  </ul>`;
}

export const accountAlertStyles = css`
  .alerts { flex: none; list-style: none; margin: 0; padding: 6px 12px; display: grid; gap: 4px; border-bottom: 1px solid #e9edef; }
  .alert { display: flex; gap: 8px; justify-content: space-between; align-items: flex-start; font-size: 12px; padding: 6px 8px; border-radius: 6px; background: #fff8e1; color: #7a4d00; }
  .alert[data-severity='critical'] { background: #fde8e8; color: #8a1c1c; }
  .alert-details { opacity: 0.85; }
  .alert button { color: inherit; font-size: 14px; line-height: 1; }
`;
