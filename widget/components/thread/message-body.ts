/**
 * What a message holds, by WhatsApp type: text, media, a location, contact
 * cards, interactive messages and replies, templates, or a clear placeholder
 * for types the panel cannot show. Every customer- or Meta-supplied string is
 * bound as text (or as a plain attribute value), never as markup; links are
 * built from numbers, or shown only when they are http(s).
 */
import { html, nothing } from 'lit';
import type { MediaView, MessageView } from '@domain/views';
import { format, type Strings } from '../../i18n/strings';
import type { MediaController } from '../../controllers/media-controller';
import { formatBytes, plain } from './format';

export interface BodyContext {
  t: Strings;
  media: MediaController;
  /** Videos are fetched on a click, not with the thread. */
  wantVideo: Set<string>;
  onOpenImage: (media: MediaView, alt: string) => void;
  onPlayVideo: (media: MediaView) => void;
  onDownload: (media: MediaView) => void;
}

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);
const TEXT_TYPES = new Set(['text', 'template', 'button', 'order', 'system', 'reaction']);

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function mediaBlock(m: MessageView, media: MediaView, c: BodyContext) {
  const t = c.t;
  if (media.status === 'pending') return html`<p class="media-note">${t.mediaPending}</p>`;
  if (media.status === 'failed') return html`<p class="media-note failed">${t.mediaFailed} ${media.failure ?? ''}</p>`;
  const caption = plain(m.content.caption);
  switch (media.kind) {
    case 'image':
    case 'sticker': {
      const file = c.media.get(media);
      const alt = caption ?? (media.kind === 'sticker' ? t.sticker : t.image);
      const image = file?.state === 'ready' ? html`<img src=${file.url} alt=${alt} />` : html`<span class="media-wait">${file?.state === 'error' ? t.mediaFailed : t.mediaLoading}</span>`;
      if (media.kind === 'sticker') return html`<div class="sticker">${image}</div>`;
      return html`<button class="thumb" type="button" aria-label=${t.openImage} ?disabled=${file?.state !== 'ready'} @click=${() => c.onOpenImage(media, alt)}>${image}</button>`;
    }
    case 'video': {
      const file = c.media.get(media, c.wantVideo.has(media.id));
      if (file?.state === 'ready') return html`<video class="video" controls preload="metadata" src=${file.url} aria-label=${t.video}></video>`;
      return html`<button class="play" type="button" ?disabled=${file?.state === 'loading'} @click=${() => c.onPlayVideo(media)}>
        ▶ ${file?.state === 'loading' ? t.mediaLoading : t.loadVideo}${media.size ? html` · ${formatBytes(media.size)}` : nothing}
      </button>`;
    }
    case 'audio': {
      const file = c.media.get(media);
      const label = media.voice ? t.voiceNote : t.audio;
      return html`<div class="audio" data-voice=${media.voice ? 'true' : 'false'}>
        <span class="audio-label">${media.voice ? '🎤' : '🎵'} ${label}</span>
        ${file?.state === 'ready' ? html`<audio controls preload="metadata" src=${file.url} aria-label=${label}></audio>` : html`<span class="media-wait">${file?.state === 'error' ? t.mediaFailed : t.mediaLoading}</span>`}
      </div>`;
    }
    case 'document': {
      const name = media.filename ?? plain(m.content.filename) ?? t.document;
      const kind = media.mimeType?.split('/')[1]?.split('.').pop()?.toUpperCase() ?? '';
      return html`<div class="doc">
        <span class="doc-icon" aria-hidden="true">📄</span>
        <span class="doc-text"><span class="doc-name">${name}</span><span class="doc-size">${[formatBytes(media.size), kind].filter(Boolean).join(' · ')}</span></span>
        <button class="link" type="button" @click=${() => c.onDownload(media)}>${t.download}</button>
      </div>`;
    }
  }
}

function location(m: MessageView, t: Strings) {
  const { latitude, longitude, name, address } = m.content as { latitude?: unknown; longitude?: unknown; name?: unknown; address?: unknown };
  const lat = Number(latitude);
  const lon = Number(longitude);
  const valid = Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  return html`<div class="location">
    <span class="loc-title">📍 ${plain(name) ?? t.location}</span>
    ${plain(address) ? html`<span class="loc-address">${plain(address)}</span>` : nothing}
    ${valid
      ? html`<a class="map" href=${`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`} target="_blank" rel="noopener noreferrer">${t.openMap}</a>`
      : nothing}
  </div>`;
}

function contactCards(m: MessageView, t: Strings) {
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

function interactive(m: MessageView, t: Strings) {
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
    ${buttons.length || cta
      ? html`<ul class="offered" aria-label=${format(t.buttonsOffered, { list: [...buttons, cta].filter(Boolean).join(', ') })}>
          ${[...buttons, ...(cta ? [cta] : [])].map((b) => html`<li>${b}</li>`)}
        </ul>`
      : nothing}`;
}

export function messageBody(m: MessageView, c: BodyContext) {
  const t = c.t;
  if (m.media && MEDIA_TYPES.has(m.type)) {
    const caption = plain(m.content.caption);
    return html`${mediaBlock(m, m.media, c)}${caption ? html`<p class="text">${caption}</p>` : nothing}`;
  }
  if (m.type === 'location') return location(m, t);
  if (m.type === 'contacts') return contactCards(m, t);
  if (m.type === 'interactive') return interactive(m, t);
  if (TEXT_TYPES.has(m.type) && m.text !== null) return html`<p class="text">${m.text}</p>`;
  return html`<p class="placeholder">${format(t.unsupported, { type: m.type })}</p>${m.text !== null ? html`<p class="text">${m.text}</p>` : nothing}`;
}
