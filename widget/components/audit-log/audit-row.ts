import { html, nothing } from 'lit';
import type { AuditRowView } from '@domain/audit';
import { format } from '../../i18n/strings';
import type { AuditStrings } from '../../i18n/audit-log';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function short(hash: string): string {
  return `${hash.slice(0, 8)}…${hash.slice(-4)}`;
}

/**
 * One audit row. Names, contacts and details can come from customers or
 * hosts: all of it is rendered as text by Lit's escaping, never as HTML.
 */
export function auditRow(r: AuditRowView, t: AuditStrings) {
  const channel = r.channel === 'sms' ? t.sms : r.channel === 'whatsapp' ? t.whatsapp : '';
  const contact = r.contact ? [r.contact.name, r.contact.phone ?? r.contact.userId].filter(Boolean).join(' · ') : '';
  return html`<tr data-id=${r.id} data-action=${r.action} title=${format(t.chainTitle, { hash: r.hash, prev: r.prevHash })}>
    <td><time datetime=${new Date(r.at).toISOString()}>${when.format(r.at)}</time></td>
    <td>${r.action}</td>
    <td>${r.teammate ? html`<span title=${r.teammate.email ?? ''}>${r.teammate.name}</span>` : html`<span class="muted">${t.system}</span>`}</td>
    <td>${channel}</td>
    <td>${contact}</td>
    <td>${r.windowState ?? ''}</td>
    <td>${r.template ? `${r.template.name}${r.template.category ? ` · ${r.template.category}` : ''}` : ''}</td>
    <td>${r.status ?? ''}${r.details && typeof (r.details.failure as { code?: unknown } | undefined)?.code === 'number' ? html` <span class="muted">(${(r.details.failure as { code: number }).code})</span>` : nothing}</td>
    <td class="content">
      ${r.content ? html`<span class="digest" title=${r.content.sha256}>${format(t.contentDigest, { hash: short(r.content.sha256), bytes: r.content.bytes })}</span>` : nothing}
      ${r.contentDeleted ? html`<span class="deleted">${format(t.contentDeleted, { days: r.contentDeleted.afterDays })}</span>` : nothing}
    </td>
    <td class="digest">${r.providerMessageId ?? ''}</td>
    <td>${r.host ? `${r.host}${r.hostUserId ? ` · ${r.hostUserId}` : ''}` : ''}</td>
  </tr>`;
}
