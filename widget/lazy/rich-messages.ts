/**
 * Message types most threads never hold, drawn from their own chunk: a shared
 * place (with a map link built from its numbers), contact cards, interactive
 * messages (what the customer tapped, or the buttons we offered), and sent
 * templates as the customer saw them (header, body, footer, buttons).
 * Every customer- or Meta-supplied string is bound as text.
 */
import { html, nothing } from 'lit';
import type { TemplateShown } from '@domain/templates';
import type { MessageView } from '@domain/views';
import type { Locale } from '../i18n/locale';
import { RICH_STRINGS, type RichStrings } from '../i18n/rich-strings';
import { format, type Strings } from '../i18n/strings';

type Texts = Strings & RichStrings;
import { plain } from '../components/thread/format';

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function location(m: MessageView, t: Texts) {
  const { latitude, longitude, name, address } = m.content as { latitude?: unknown; longitude?: unknown; name?: unknown; address?: unknown };
  const lat = Number(latitude);
  const lon = Number(longitude);
  const valid = Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  return html`<div class="location">
    <span class="loc-title">📍 ${plain(name) ?? t.location}</span>
    ${plain(address) ? html`<span class="loc-address">${plain(address)}</span>` : nothing}
    ${
      valid
        ? html`<a class="map" href=${`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`} target="_blank" rel="noopener noreferrer">${t.openMap}</a>`
        : nothing
    }
  </div>`;
}

function contactCards(m: MessageView, t: Texts) {
  const content = m.content as unknown;
  const list = Array.isArray(content) ? content : Array.isArray(record(content).contacts) ? (record(content).contacts as unknown[]) : [content];
  return html`${list.map((raw) => {
    const card = record(raw);
    const name = plain(record(card.name).formatted_name) ?? plain(record(card.name).first_name) ?? t.contactCard;
    const phones = (Array.isArray(card.phones) ? card.phones : []).map((p) => plain(record(p).phone) ?? plain(record(p).wa_id)).filter(Boolean);
    const emails = (Array.isArray(card.emails) ? card.emails : []).map((e) => plain(record(e).email)).filter(Boolean);
    const org = plain(record(card.org).company);
    return html`<div class="card" role="group" aria-label=${t.contactCard}>
      <span class="card-name">👤 ${name}</span>
      ${org ? html`<span class="card-line">${org}</span>` : nothing}
      ${phones.map((p) => html`<span class="card-line" dir="ltr">${p}</span>`)} ${emails.map((e) => html`<span class="card-line">${e}</span>`)}
    </div>`;
  })}`;
}

function interactive(m: MessageView, t: Texts) {
  const content = m.content;
  const reply = record(content.button_reply ?? content.list_reply);
  if (m.direction === 'in' && (content.button_reply || content.list_reply)) {
    return html`<p class="choice"><span class="choice-label">${content.button_reply ? t.tappedReply : t.listChoice}:</span> <span class="text">${plain(reply.title) ?? m.text ?? ''}</span></p>`;
  }
  const body = plain(record(content.body).text) ?? m.text;
  const action = record(content.action);
  const buttons = Array.isArray(action.buttons) ? action.buttons.map((b) => plain(record(record(b).reply).title)).filter((x): x is string => Boolean(x)) : [];
  const cta = plain(record(action.parameters).display_text) ?? plain(action.button);
  return html`${body ? html`<p class="text">${body}</p>` : nothing}
    ${
      buttons.length || cta
        ? html`<ul class="offered" aria-label=${format(t.buttonsOffered, { list: [...buttons, cta].filter(Boolean).join(', ') })}>
          ${[...buttons, ...(cta ? [cta] : [])].map((b) => html`<li>${b}</li>`)}
        </ul>`
        : nothing
    }`;
}

function sentTemplate(s: TemplateShown, t: Texts) {
  const header = s.header;
  return html`${header ? ('text' in header ? html`<p class="tpl-header">${header.text}</p>` : html`<p class="media-note" data-kind=${header.media}>${t[header.media]}</p>`) : nothing}
    <p class="text">${s.body}</p>
    ${s.footer ? html`<p class="tpl-footer">${s.footer}</p>` : nothing}
    ${
      s.buttons.length
        ? html`<ul class="offered" aria-label=${format(t.buttonsOffered, { list: s.buttons.map((b) => b.text).join(', ') })}>
          ${s.buttons.map((b) => html`<li>${b.text}</li>`)}
        </ul>`
        : nothing
    }`;
}

export function richBody(m: MessageView, strings: Strings, locale: Locale) {
  const t: Texts = { ...strings, ...RICH_STRINGS[locale] };
  if (m.template) return sentTemplate(m.template, t);
  return m.type === 'location' ? location(m, t) : m.type === 'contacts' ? contactCards(m, t) : interactive(m, t);
}
