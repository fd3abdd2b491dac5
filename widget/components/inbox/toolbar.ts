/** The inbox's top: the tabs with their counts (an ARIA tablist), the search box, and the alerts control. */
import { html, nothing } from 'lit';
import { CONVERSATION_VIEWS, type ConversationViewName } from '@domain/conversations';
import type { AlertPermission } from '../../controllers/inbox-alerts';
import type { InboxStrings } from '../../i18n/inbox-strings';

export interface ToolbarView {
  ti: InboxStrings;
  view: ConversationViewName;
  counts: Record<ConversationViewName, number> | null;
  search: string;
  permission: AlertPermission;
  sound: boolean;
  onView: (view: ConversationViewName) => void;
  onSearch: (text: string) => void;
  onEnableAlerts: () => void;
  onSound: (on: boolean) => void;
}

/** Left and Right (Home, End) move between tabs and show the tab reached, as the ARIA tabs pattern says. */
function onTabKeydown(event: KeyboardEvent, v: ToolbarView): void {
  const at = CONVERSATION_VIEWS.indexOf(v.view);
  const n = CONVERSATION_VIEWS.length;
  const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: n - 1 }[event.key];
  if (to === undefined) return;
  event.preventDefault();
  const view = CONVERSATION_VIEWS[(to + n) % n]!;
  v.onView(view);
  const tablist = event.currentTarget as HTMLElement;
  requestAnimationFrame(() => tablist.querySelector<HTMLElement>(`#tab-${view}`)?.focus());
}

function alertsControl(v: ToolbarView) {
  const { ti } = v;
  if (v.permission === 'unsupported') return nothing;
  return html`<div class="alerts">
    ${
      v.permission === 'default'
        ? html`<button type="button" class="link enable-alerts" @click=${v.onEnableAlerts}>${ti.enableAlerts}</button>`
        : v.permission === 'granted'
          ? html`<span class="alerts-on">${ti.alertsOn}</span>`
          : html`<span class="alerts-blocked">${ti.alertsBlocked}</span>`
    }
    <label class="check"><input type="checkbox" .checked=${v.sound} @change=${(e: Event) => v.onSound((e.target as HTMLInputElement).checked)} />${ti.sound}</label>
  </div>`;
}

export function toolbar(v: ToolbarView) {
  const { ti } = v;
  return html`<div class="inbox-bar">
    <div class="tabs" role="tablist" aria-label=${ti.tabsLabel} @keydown=${(e: KeyboardEvent) => onTabKeydown(e, v)}>
      ${CONVERSATION_VIEWS.map(
        (view) => html`<button
          type="button"
          role="tab"
          id=${`tab-${view}`}
          aria-selected=${view === v.view ? 'true' : 'false'}
          aria-controls="inbox-list"
          tabindex=${view === v.view ? 0 : -1}
          @click=${() => v.onView(view)}
        >
          ${ti[view]}${v.counts ? html` <span class="count" data-view=${view}>${v.counts[view]}</span>` : nothing}
        </button>`,
      )}
    </div>
    <input type="search" class="search" aria-label=${ti.search} placeholder=${ti.searchPlaceholder} .value=${v.search} @input=${(e: Event) => v.onSearch((e.target as HTMLInputElement).value)} />
    ${alertsControl(v)}
  </div>`;
}
