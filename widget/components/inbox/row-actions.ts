/**
 * What a teammate can do with a conversation from its row: claim it at once,
 * or from the row's menu assign it to a teammate, unassign, resolve, reopen,
 * snooze. The menu follows the ARIA menu-button pattern: arrows move, Escape
 * closes and gives focus back to its button.
 */
import { html, nothing } from 'lit';
import { effectiveState, type ConversationView } from '@domain/conversations';
import type { ConversationChange, Teammate } from '../../api/conversations';
import type { InboxStrings } from '../../i18n/inbox-strings';
import { format } from '../../i18n/strings';
import { SNOOZE_PRESETS, snoozeUntil } from './durations';

export interface RowActionsView {
  ti: InboxStrings;
  row: ConversationView;
  name: string;
  me: number;
  now: number;
  busy: boolean;
  menuOpen: boolean;
  /** null until the menu first opens (then loaded from /api/teammates). */
  teammates: Teammate[] | null;
  /** `refocus`: give focus back to the menu's button (Escape), not when the teammate went elsewhere. */
  onToggleMenu: (row: ConversationView, open: boolean, refocus?: boolean) => void;
  onChange: (row: ConversationView, change: ConversationChange) => void;
}

const PRESET_LABEL = { hour: 'snoozeHour', tomorrow: 'snoozeTomorrow', nextWeek: 'snoozeNextWeek' } as const;

function onMenuKeydown(event: KeyboardEvent, close: () => void): void {
  const items = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])')];
  const at = items.indexOf(event.target as HTMLButtonElement);
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[event.key];
  // Tab leaves the menu like any control; the row's focusout closes it.
  if (event.key === 'Escape') {
    event.preventDefault();
    close();
    return;
  }
  if (to === undefined || !items.length) return;
  event.preventDefault();
  event.stopPropagation();
  items[(to + items.length) % items.length]!.focus();
}

export function rowActions(v: RowActionsView) {
  const { ti, row } = v;
  const state = effectiveState(row, v.now);
  const mine = row.owner?.id === v.me;
  const act = (change: ConversationChange) => () => v.onChange(row, change);
  const item = (label: string, change: ConversationChange, kind = '') =>
    html`<button type="button" role="menuitem" tabindex="-1" data-action=${kind || change.type} ?disabled=${v.busy} @click=${act(change)}>${label}</button>`;
  const others = (v.teammates ?? []).filter((t) => t.id !== v.me && t.id !== row.owner?.id);
  // Focus leaving the row's actions (a click or Tab elsewhere) closes its menu.
  const leave = (event: FocusEvent) => {
    if (v.menuOpen && !(event.currentTarget as HTMLElement).contains(event.relatedTarget as Node | null)) v.onToggleMenu(row, false, false);
  };
  return html`<div class="row-actions" @focusout=${leave}>
    ${
      state !== 'resolved' && !mine
        ? html`<button type="button" class="claim" data-action="claim" ?disabled=${v.busy} aria-label=${`${ti.claim}: ${v.name}`} @click=${act({ type: 'assign', teammateId: v.me })}>${ti.claim}</button>`
        : nothing
    }
    <button
      type="button"
      class="more"
      aria-haspopup="menu"
      aria-expanded=${v.menuOpen ? 'true' : 'false'}
      aria-label=${format(ti.actionsFor, { name: v.name })}
      @click=${() => v.onToggleMenu(row, !v.menuOpen)}
    >
      ⋯
    </button>
    ${
      v.menuOpen
        ? html`<div class="menu" role="menu" aria-label=${format(ti.actionsFor, { name: v.name })} @keydown=${(e: KeyboardEvent) => onMenuKeydown(e, () => v.onToggleMenu(row, false))}>
          ${
            state === 'resolved'
              ? item(ti.reopen, { type: 'reopen' })
              : html`${mine ? nothing : item(ti.claim, { type: 'assign', teammateId: v.me }, 'claim')}
              ${others.map((t) => item(format(ti.assignTo, { name: t.name }), { type: 'assign', teammateId: t.id }, `assign-${t.id}`))}
              ${row.owner ? item(ti.unassign, { type: 'assign', teammateId: null }, 'unassign') : nothing}
              ${item(ti.resolve, { type: 'resolve' })}
              <div class="menu-group" role="group" aria-label=${ti.snooze}>
                <span class="menu-label" aria-hidden="true">${ti.snooze}</span>
                ${SNOOZE_PRESETS.map((p) => item(ti[PRESET_LABEL[p]], { type: 'snooze', until: snoozeUntil(p, v.now) }, `snooze-${p}`))}
              </div>
              ${state === 'snoozed' ? item(ti.reopen, { type: 'reopen' }) : nothing}`
          }
        </div>`
        : nothing
    }
  </div>`;
}
