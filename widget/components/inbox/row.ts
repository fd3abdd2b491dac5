/** One conversation in the inbox: who, what they last said, how long they have waited, the window, the owner, unread. */
import { html, nothing } from 'lit';
import { describeBusinessNumber, type BusinessNumber } from '@domain/business-numbers';
import { effectiveState, type ConversationView } from '@domain/conversations';
import { replyWindow } from '@domain/reply-window';
import type { ApiError } from '../../api/errors';
import type { Locale } from '../../i18n/locale';
import type { InboxStrings } from '../../i18n/inbox-strings';
import { format, formatRemaining, type Strings } from '../../i18n/strings';
import type { Formats } from '../thread/format';
import { waitedFor } from './durations';
import { rowActions, type RowActionsView } from './row-actions';

export interface RowContext {
  t: Strings;
  ti: InboxStrings;
  locale: Locale;
  formats: Formats;
  now: number;
  me: number;
  /** The row the arrow keys are on (the list's one Tab stop). */
  focusId: number | null;
  selectedId: number | null;
  onOpen: (row: ConversationView) => void;
  actions: Omit<RowActionsView, 'row' | 'name' | 'busy' | 'menuOpen'> & { menuFor: number | null; busy: ReadonlySet<number> };
  errors: ReadonlyMap<number, ApiError>;
  /** A refusal in the inbox's language. */
  describe: (error: ApiError) => string;
  /** The business's numbers by id, when it has more than one (rows then say which each thread is with). */
  numbers?: ReadonlyMap<string, BusinessNumber> | null;
}

/** How the customer is named: their name, else their number (or business-scoped id). */
export function customerName(row: ConversationView): string {
  return row.contact.name ?? row.contact.phone ?? row.contact.userId ?? '';
}

/** The customer as a host names them: their number, or business-scoped id. */
export function customerRef(row: ConversationView): string {
  return row.contact.phone ?? row.contact.userId ?? '';
}

/** The thread as the API and <go2msg-thread> take it: the customer's thread with the row's business number. */
export function contactRef(row: ConversationView): string {
  const number = row.contact.phoneNumberId;
  return number ? `${customerRef(row)}@${number}` : customerRef(row);
}

/** "Support +1 555…": which of the business's numbers the row's thread is with, when there are several. */
function viaNumber(row: ConversationView, c: RowContext): string | null {
  const number = row.contact.phoneNumberId ? c.numbers?.get(row.contact.phoneNumberId) : undefined;
  return number ? format(c.ti.viaNumber, { number: describeBusinessNumber(number) }) : null;
}

function ownerPhrase(row: ConversationView, c: RowContext): string {
  if (!row.owner) return c.ti.unassignedOwner;
  return row.owner.id === c.me ? c.ti.ownerYou : format(c.ti.ownerName, { name: row.owner.name });
}

/** "Maria Lopez, waiting 5 minutes, 2 unread, unassigned": what a screen reader says for the row. */
export function rowLabel(row: ConversationView, c: RowContext): string {
  const state = effectiveState(row, c.now);
  const parts = [customerName(row)];
  const via = viaNumber(row, c);
  if (via) parts.push(via);
  if (row.waitingSince !== null) parts.push(format(c.ti.waitingFor, { time: waitedFor(c.now - row.waitingSince, c.locale, 'long') }));
  if (row.unread > 0) parts.push(format(c.ti.unreadCount, { n: row.unread }));
  parts.push(ownerPhrase(row, c));
  if (state === 'snoozed' && row.snoozedUntil !== null) parts.push(format(c.ti.snoozedUntil, { time: c.formats.full.format(row.snoozedUntil) }));
  if (state === 'resolved') parts.push(c.ti.resolvedState);
  return parts.join(', ');
}

function preview(row: ConversationView, c: RowContext): string {
  const last = row.lastMessage;
  if (!last) return c.ti.noMessage;
  const text = last.text ?? c.ti.attachment;
  return last.direction === 'out' ? format(c.ti.youWrote, { text }) : text;
}

/** The window pill, by the same rule as the thread's header (@domain/reply-window). */
function windowPill(row: ConversationView, c: RowContext) {
  const w = replyWindow({ lastInboundAt: row.contact.lastInboundAt, closedByProviderAt: row.contact.windowClosedAt, now: c.now });
  const label =
    w.state === 'open' || w.state === 'closing_soon'
      ? format(w.state === 'open' ? c.t.windowOpen : c.t.windowClosingSoon, { left: formatRemaining(w.remainingMs) })
      : w.state === 'closed'
        ? c.t.windowClosed
        : c.t.windowNever;
  return html`<span class="badge" data-state=${w.state}>${label}</span>`;
}

export function conversationRow(row: ConversationView, c: RowContext) {
  const id = row.contact.id;
  const name = customerName(row);
  const named = row.contact.name !== null;
  const error = c.errors.get(id);
  const via = viaNumber(row, c);
  return html`<li class="conv" data-contact=${id} data-state=${effectiveState(row, c.now)} ?data-selected=${c.selectedId === id}>
    <button
      class="open"
      type="button"
      data-contact=${id}
      tabindex=${c.focusId === id ? 0 : -1}
      aria-current=${c.selectedId === id ? 'true' : nothing}
      aria-describedby=${`preview-${id}`}
      @click=${() => c.onOpen(row)}
    >
      <!-- The name comes from this text, not aria-label: what is on screen is then never missing from it (WCAG 2.5.3). -->
      <span class="sr-only label">${rowLabel(row, c)}</span>
      <span class="visual" aria-hidden="true">
      <span class="line">
        <strong class="name">${named ? html`<bdi>${name}</bdi>` : html`<bdi dir="ltr">${name}</bdi>`}</strong>
        ${row.waitingSince !== null ? html`<span class="waited" data-waiting>${waitedFor(c.now - row.waitingSince, c.locale, 'short')}</span>` : row.lastMessage ? html`<span class="waited">${c.formats.clock.format(row.lastMessage.at)}</span>` : nothing}
      </span>
      <span class="line">
        <span class="preview" id=${`preview-${id}`}>${preview(row, c)}</span>
        ${row.unread > 0 ? html`<span class="unread">${row.unread}</span>` : nothing}
      </span>
      <span class="line small">${windowPill(row, c)}${via ? html`<span class="via" data-number=${row.contact.phoneNumberId}>${via}</span>` : nothing}<span class="owner" data-owner=${row.owner ? (row.owner.id === c.me ? 'me' : 'other') : 'none'}>${row.owner ? (row.owner.id === c.me ? c.ti.ownerYou : row.owner.name) : c.ti.unassigned}</span></span>
      </span>
    </button>
    ${rowActions({ ...c.actions, row, name, busy: c.actions.busy.has(id), menuOpen: c.actions.menuFor === id })}
    ${error ? html`<p class="error" role="alert" data-code=${error.code}>${c.describe(error)}</p>` : nothing}
  </li>`;
}
