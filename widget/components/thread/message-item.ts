import { hostLabel } from '@domain/attribution';
import { html, nothing, svg } from 'lit';
import { REACTION_TARGET_MAX_AGE_DAYS } from '@domain/limits';
import type { Channel } from '@domain/channel';
import type { MessageFailure } from '@domain/meta-errors';
import type { MessageView, SenderView } from '@domain/views';
import type { Explainable } from '../../i18n/error-catalog';
import { format, type StringKey } from '../../i18n/strings';
import type { PendingSend } from '../../controllers/send-queue';
import { messageBody, httpUrl, type BodyContext } from './message-body';
import type { Formats } from './format';

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

/** Drawn, not typed: the size WhatsApp uses (16 × 11 px), and no emoji font needed. */
const CHECK = svg`<path d="M1 6l3.5 3.5L11 2" />`;
const DOUBLE_CHECK = svg`<path d="M1 6l3.5 3.5L11 2M7 8.5l1 1L15 2" />`;
const CLOCK = svg`<circle cx="8" cy="5.5" r="4.5" /><path d="M8 3v2.5l1.5 1.5" />`;
const TICKS: Record<string, ReturnType<typeof svg>> = { queued: CLOCK, sending: CLOCK, accepted: CHECK, sent: CHECK };

/** The status as a drawn tick with its name ("Read at 4:36 PM"), or a red "!" when it failed. */
export function ticks(status: string, label: string) {
  if (status === 'failed') return html`<span class="ticks" data-status="failed" role="img" aria-label=${label} title=${label}>!</span>`;
  return html`<svg class="ticks" data-status=${status} role="img" aria-label=${label} viewBox="0 0 16 11" width="16" height="11">${TICKS[status] ?? DOUBLE_CHECK}</svg>`;
}

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

export interface ItemContext extends BodyContext {
  formats: Formats;
  now: number;
  customerName: string;
  /** The message whose reaction picker is open. */
  reactingId: number | null;
  /** Roving focus: the one message reachable by Tab. */
  focusId: number | null;
  onReply: (m: MessageView) => void;
  onToggleReactions: (m: MessageView) => void;
  onReact: (m: MessageView, emoji: string) => void;
  onResend: (m: MessageView) => void;
  /** A refusal, and a stored message's failure, in the panel's language. */
  describe: (error: Explainable) => string;
  failure: (failure: MessageFailure, channel: Channel) => string;
}

/** "Ana Souza", or "Ana Souza via Zendesk" when a host vouched for the sender. */
export function senderName(sender: SenderView | null, t: ItemContext['t']): string {
  if (!sender) return t.you;
  return sender.host ? format(t.viaHost, { name: sender.name, host: hostLabel(sender.host) }) : sender.name;
}

/** Meta lets a business quote and react only to messages of the last 30 days that have a WhatsApp id. */
export function canTarget(m: MessageView, now: number): boolean {
  return Boolean(m.wamid) && now - m.at < REACTION_TARGET_MAX_AGE_DAYS * 86_400_000;
}

function quote(m: MessageView, c: ItemContext) {
  const q = m.replyTo;
  if (!q) return nothing;
  const who = q.direction === 'out' ? c.t.you : q.direction === 'in' ? c.customerName : '';
  return html`<blockquote class="quote" aria-label=${c.t.quoted}>
    ${who ? html`<span class="quote-who"><bdi>${who}</bdi></span>` : nothing}
    <span class="quote-text">${q.text ?? c.t.quotedMissing}</span>
  </blockquote>`;
}

function reactions(m: MessageView, c: ItemContext) {
  if (!m.reactions.length) return nothing;
  return html`<ul class="reactions" aria-label=${c.t.reactionsLabel}>
    ${m.reactions.map((r) => {
      const who = r.direction === 'in' ? c.customerName : senderName(r.sender, c.t);
      const label = format(c.t.reactionFrom, { emoji: r.emoji, who });
      return html`<li data-direction=${r.direction} title=${label} aria-label=${label}>${r.emoji}</li>`;
    })}
  </ul>`;
}

function actions(m: MessageView, c: ItemContext, tab: number) {
  const t = c.t;
  const targetable = canTarget(m, c.now);
  const mine = m.reactions.find((r) => r.direction === 'out');
  const open = c.reactingId === m.id;
  return html`<div class="actions" role="toolbar" aria-label=${t.messageActions}>
      ${
        targetable
          ? html`<button type="button" class="act" tabindex=${tab} @click=${() => c.onReply(m)}>↩ ${t.reply}</button>
            <button type="button" class="act" tabindex=${tab} aria-expanded=${open ? 'true' : 'false'} @click=${() => c.onToggleReactions(m)}>☺ ${t.react}</button>`
          : nothing
      }
      ${m.direction === 'out' && m.status === 'failed' ? html`<button type="button" class="act resend" tabindex=${tab} @click=${() => c.onResend(m)}>↻ ${t.resend}</button>` : nothing}
    </div>
    ${
      open
        ? html`<div class="picker" role="group" aria-label=${t.react} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && c.onToggleReactions(m)}>
          ${QUICK_REACTIONS.map(
            (emoji) =>
              html`<button type="button" class="emoji" aria-pressed=${mine?.emoji === emoji ? 'true' : 'false'} aria-label=${format(t.reactWith, { emoji })} @click=${() => c.onReact(m, emoji)}>${emoji}</button>`,
          )}
          ${mine ? html`<button type="button" class="link remove-reaction" @click=${() => c.onReact(m, '')}>${t.removeReaction}</button>` : nothing}
        </div>`
        : nothing
    }`;
}

/** One message. Customer and Meta text is only ever bound as text. */
export function messageItem(m: MessageView, c: ItemContext, position?: { index: number; total: number }) {
  const t = c.t;
  const out = m.direction === 'out';
  const status = out ? m.status : null;
  const tab = c.focusId === m.id ? 0 : -1;
  const referralUrl = m.referral ? httpUrl(m.referral.sourceUrl) : null;
  return html`<li
    class="msg ${out ? 'out' : 'in'}"
    part="message message-${out ? 'out' : 'in'}"
    data-id=${m.id}
    data-type=${m.type}
    data-status=${status ?? 'received'}
    data-channel=${m.channel}
    tabindex=${tab}
    aria-setsize=${position ? position.total : nothing}
    aria-posinset=${position ? position.index + 1 : nothing}
  >
    ${m.forwarded ? html`<p class="forwarded">↪ ${m.forwarded === 'frequently_forwarded' ? t.frequentlyForwarded : t.forwarded}</p>` : nothing}
    ${
      m.referral
        ? html`<div class="referral">
          <span class="ref-label">${t.fromAd}</span>
          ${m.referral.headline ? html`<strong>${m.referral.headline}</strong>` : nothing} ${m.referral.body ? html`<span>${m.referral.body}</span>` : nothing}
          ${referralUrl ? html`<a href=${referralUrl} target="_blank" rel="noopener noreferrer">${referralUrl}</a>` : nothing}
        </div>`
        : nothing
    }
    ${quote(m, c)} ${m.contentDeleted ? html`<p class="placeholder">${format(t.contentDeleted, { days: m.contentDeleted.afterDays })}</p>` : messageBody(m, c)}
    <div class="meta">
      ${m.channel === 'sms' ? html`<span class="channel" data-channel="sms">${t.channelSms}</span>` : nothing}
      ${out ? html`<span class="sender"><bdi>${m.origin ? t.fromPhoneApp : senderName(m.sender, t)}</bdi></span>` : nothing}
      <time datetime=${new Date(m.at).toISOString()} title=${c.formats.full.format(m.at)}>${c.formats.clock.format(m.at)}</time>
      ${status ? ticks(status, format(t.statusAt, { status: t[STATUS_LABEL[status] ?? 'statusSent'], time: c.formats.clock.format(m.statusAt ?? m.at) })) : nothing}
    </div>
    ${m.failure ? html`<p class="failure" role="note">${c.failure(m.failure, m.channel)}</p>` : nothing} ${reactions(m, c)} ${actions(m, c, tab)}
  </li>`;
}

/** A message still on its way, or refused before it was stored: its reason, Retry (same key), Edit, Discard. */
export function pendingItem(
  p: PendingSend,
  c: ItemContext & { onRetry: (p: PendingSend) => void; onEdit: (p: PendingSend) => void; onDiscard: (p: PendingSend) => void },
) {
  const t = c.t;
  const failed = p.state === 'failed';
  return html`<li class="msg out local" part="message message-out" data-key=${p.key} data-status=${failed ? 'failed' : 'sending'}>
    <p class="text">${p.label}</p>
    <div class="meta">
      ${ticks(failed ? 'failed' : 'sending', failed ? t.notSent : t.statusSending)}
    </div>
    ${
      failed && p.error
        ? html`<p class="failure" role="alert">${t.notSent}: ${c.describe(p.error)}</p>
          <div class="local-actions">
            <button type="button" class="retry" @click=${() => c.onRetry(p)}>${t.retrySend}</button>
            ${p.content.type === 'text' ? html`<button type="button" class="link" @click=${() => c.onEdit(p)}>${t.edit}</button>` : nothing}
            <button type="button" class="link" @click=${() => c.onDiscard(p)}>${t.discard}</button>
          </div>`
        : nothing
    }
  </li>`;
}
