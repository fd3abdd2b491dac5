import { html, nothing } from 'lit';
import type { MessageView } from '@domain/views';
import { format, type StringKey, type Strings } from '../../i18n/strings';

const STATUS_LABEL: Record<string, StringKey> = {
  queued: 'statusQueued',
  sending: 'statusSending',
  accepted: 'statusAccepted',
  sent: 'statusSent',
  delivered: 'statusDelivered',
  read: 'statusRead',
  played: 'statusPlayed',
  failed: 'statusFailed',
};

const TICKS: Record<string, string> = {
  queued: '🕓',
  sending: '🕓',
  accepted: '✓',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  played: '✓✓',
  failed: '!',
};

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * One message. Every customer- or Meta-supplied string is rendered as text by
 * Lit's escaping; nothing here is ever interpreted as HTML.
 */
export function messageItem(m: MessageView, t: Strings) {
  const out = m.direction === 'out';
  const status = out ? m.status : null;
  return html`<li class="msg ${out ? 'out' : 'in'}" part="message message-${out ? 'out' : 'in'}" data-id=${m.id} data-status=${status ?? 'received'} data-channel=${m.channel}>
    ${m.contentDeleted
      ? html`<p class="placeholder">${format(t.contentDeleted, { days: m.contentDeleted.afterDays })}</p>`
      : m.text !== null
        ? html`<p class="text">${m.text}</p>`
        : html`<p class="placeholder">${format(t.unsupported, { type: m.type })}</p>`}
    <div class="meta">
      ${m.channel === 'sms' ? html`<span class="channel" data-channel="sms">${t.channelSms}</span>` : nothing}
      ${out ? html`<span class="sender">${m.sender?.name ?? t.you}</span>` : nothing}
      <time datetime=${new Date(m.at).toISOString()}>${clock.format(m.at)}</time>
      ${status
        ? html`<span class="ticks" data-status=${status} title=${t[STATUS_LABEL[status] ?? 'statusSent']} aria-label=${t[STATUS_LABEL[status] ?? 'statusSent']}>${TICKS[status] ?? ''}</span>`
        : nothing}
    </div>
    ${m.failure ? html`<p class="failure" role="note">${m.failure.reason} ${m.failure.action}</p>` : nothing}
  </li>`;
}
