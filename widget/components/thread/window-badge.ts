import { html } from 'lit';
import type { ReplyWindow } from '@domain/reply-window';
import { format, formatRemaining, type Strings } from '../../i18n/strings';

const time = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The window status shown on every thread, with the exact expiry in its tooltip. */
export function windowBadge(window: ReplyWindow, t: Strings) {
  const left = formatRemaining(window.remainingMs);
  const [label, title] = {
    open: [format(t.windowOpen, { left }), format(t.windowOpenTitle, { time: time(window.closesAt ?? 0) })],
    closing_soon: [format(t.windowClosingSoon, { left }), format(t.windowOpenTitle, { time: time(window.closesAt ?? 0) })],
    closed: [t.windowClosed, format(t.windowClosedTitle, { time: time(window.closesAt ?? 0) })],
    never_opened: [t.windowNever, t.windowNeverTitle],
  }[window.state];
  return html`<span class="badge" part="window-badge" data-state=${window.state} title=${title} role="status" aria-label=${`${label}. ${title}`}>${label}</span>`;
}
