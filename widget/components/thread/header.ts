/** The header: the customer, the sending number's identity and health, the window, the connection. */
import { hostLabel } from '@domain/attribution';
import { html, nothing } from 'lit';
import type { ReplyWindow } from '@domain/reply-window';
import type { ContactView } from '@domain/views';
import type { BusinessIdentity, NumberHealth, SignedInTeammate } from '../../api/connector-client';
import type { StreamState } from '../../api/event-stream';
import { MESSAGING_LIMIT_TIERS } from '@domain/account-health';
import { format, type StringKey, type Strings } from '../../i18n/strings';
import { httpUrl } from './message-body';
import type { Formats } from './format';
import { windowBadge } from './window-badge';

export interface HeaderView {
  t: Strings;
  formats: Formats;
  contactRef: string;
  contact: ContactView | null;
  replyWindow: ReplyWindow | null;
  business: BusinessIdentity | null;
  health: NumberHealth | null;
  teammate: SignedInTeammate | null;
  /** The host that vouched for this sign-in ("zendesk:acme.zendesk.com"), when one did. */
  via?: string | null;
  connection: StreamState;
  onSignOut: () => void;
  /** Who owns the conversation, and "Assign to me" (lazy/ownership.ts, once loaded). */
  owner?: unknown;
}

/** Meta's tier name as people read it: "1,000 customers per 24 h"; an unknown name as Meta spells it. */
function tierText(tier: string, t: Strings, formats: Formats): string {
  if (!(tier in MESSAGING_LIMIT_TIERS)) return tier;
  const customers = MESSAGING_LIMIT_TIERS[tier];
  return customers === null || customers === undefined ? t.tierUnlimited : format(t.tierCustomers, { n: customers.toLocaleString(formats.locale) });
}

function identity(v: HeaderView) {
  const { t, business, health } = v;
  if (!business && !health) return nothing;
  const picture = business?.pictureUrl && httpUrl(business.pictureUrl)?.startsWith('https:') ? business.pictureUrl : null;
  const quality = health?.quality?.toUpperCase();
  const qualityKey = `quality${quality}` as StringKey;
  return html`<div class="business" part="business">
    ${picture ? html`<img class="avatar" src=${picture} alt="" referrerpolicy="no-referrer" />` : nothing}
    ${business?.name ? html`<span class="business-name">${format(t.sendingAs, { name: business.name })}</span>` : nothing}
    ${business?.verified ? html`<span class="verified" title=${t.businessVerified} aria-label=${t.businessVerified}>✔</span>` : nothing}
    ${quality ? html`<span class="health" data-quality=${quality}>${format(t.qualityLabel, { rating: qualityKey in t ? t[qualityKey] : quality })}</span>` : nothing}
    ${health?.tier ? html`<span class="tier" data-tier=${health.tier}>${format(t.tierLabel, { tier: tierText(health.tier, t, v.formats) })}</span>` : nothing}
  </div>`;
}

export function headerView(v: HeaderView) {
  const { t, contact, teammate, connection } = v;
  const title = contact?.name ?? contact?.phone ?? (v.contactRef || t.noContact);
  // The number goes under the name; with no name it is the title, shown once. The WhatsApp username follows it,
  // then the business-scoped id shared across the business's portfolio (parent_user_id), when Meta sends one.
  const number = contact?.phone ?? contact?.userId;
  return html`<header part="header">
    <div class="who">
      <strong><bdi>${title}</bdi></strong>
      ${number && number !== title ? html`<span><bdi dir="ltr">${number}</bdi></span>` : nothing}
      ${[contact?.username, contact?.parentUserId].map((id) => (id ? html`<span><bdi>${id}</bdi></span>` : nothing))}
    </div>
    ${v.replyWindow ? windowBadge(v.replyWindow, t, v.formats) : nothing} ${identity(v)} ${v.owner ?? nothing}
    ${
      teammate
        ? html`<div class="account">
          <span>${v.via ? format(t.signedInVia, { name: teammate.name, host: hostLabel(v.via) }) : format(t.signedInAs, { name: teammate.name })}</span>
          <span class="connection" data-state=${connection} role="status"
            >${connection === 'live' ? t.live : connection === 'reconnecting' ? t.reconnecting : connection === 'connecting' ? t.connecting : ''}</span
          >
          <button class="link" type="button" @click=${v.onSignOut}>${t.signOut}</button>
        </div>`
        : nothing
    }
  </header>`;
}
