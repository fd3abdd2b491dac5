import { html, nothing } from 'lit';
import type { ReplyWindow } from '@domain/reply-window';
import { format, formatRemaining, type Strings } from '../../i18n/strings';
import type { Formats } from './format';

/** The window status on every thread: state, live countdown, and the exact expiry beside it. */
export function windowBadge(replyWindow: ReplyWindow, t: Strings, formats: Formats) {
  const left = formatRemaining(replyWindow.remainingMs);
  const at = replyWindow.closesAt !== null ? formats.full.format(replyWindow.closesAt) : '';
  const [label, title] = {
    open: [format(t.windowOpen, { left }), format(t.windowOpenTitle, { time: at })],
    closing_soon: [format(t.windowClosingSoon, { left }), format(t.windowOpenTitle, { time: at })],
    closed: [t.windowClosed, format(t.windowClosedTitle, { time: at })],
    never_opened: [t.windowNever, t.windowNeverTitle],
  }[replyWindow.state];
  const expiry =
    replyWindow.closesAt === null ? null : format(replyWindow.open ? t.windowUntil : t.windowSince, { time: formats.full.format(replyWindow.closesAt) });
  return html`<div class="window" role="status" aria-label=${`${label}. ${title}`}>
    <span class="badge" part="window-badge" data-state=${replyWindow.state} title=${title}>${label}</span>
    ${expiry ? html`<time class="expiry" datetime=${new Date(replyWindow.closesAt!).toISOString()}>${expiry}</time>` : nothing}
  </div>`;
}
