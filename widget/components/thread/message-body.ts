/**
 * What a message holds, by WhatsApp type: text, media, a location, contact
 * cards, interactive messages and replies, templates, or a clear placeholder
 * for types the panel cannot show. Every customer- or Meta-supplied string is
 * bound as text (or as a plain attribute value), never as markup; links are
 * built from numbers, or shown only when they are http(s).
 */
import { html, nothing } from 'lit';
import type { MediaView, MessageView } from '@domain/views';
import type { Locale } from '../../i18n/locale';
import { format, type Strings } from '../../i18n/strings';
import type { MediaController } from '../../controllers/media-controller';
import { formatBytes, plain } from './format';

export interface BodyContext {
  t: Strings;
  /** The language of `t`: the rarer types' strings come with their chunk. */
  locale: Locale;
  media: MediaController;
  /** Videos are fetched on a click, not with the thread. */
  wantVideo: Set<string>;
  onOpenImage: (media: MediaView, alt: string) => void;
  onPlayVideo: (media: MediaView) => void;
  onDownload: (media: MediaView) => void;
  /** A lazy chunk the thread draws with has arrived: draw again. */
  onChunk: () => void;
}

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);
const RICH_TYPES = new Set(['location', 'contacts', 'interactive']);
let rich: typeof import('../../lazy/rich-messages') | null = null;
let richLoading: Promise<void> | null = null;
const TEXT_TYPES = new Set(['text', 'template', 'button', 'order', 'system', 'reaction']);

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
      const image =
        file?.state === 'ready'
          ? html`<img src=${file.url} alt=${alt} />`
          : html`<span class="media-wait">${file?.state === 'error' ? t.mediaFailed : t.mediaLoading}</span>`;
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

export function messageBody(m: MessageView, c: BodyContext) {
  const t = c.t;
  if (m.media && MEDIA_TYPES.has(m.type)) {
    const caption = plain(m.content.caption);
    return html`${mediaBlock(m, m.media, c)}${caption ? html`<p class="text">${caption}</p>` : nothing}`;
  }
  if (RICH_TYPES.has(m.type) || m.template) {
    if (rich) return rich.richBody(m, t, c.locale);
    // Rare types draw from their own chunk; until it is here, their text stands in.
    richLoading ??= import('../../lazy/rich-messages').then((module) => {
      rich = module;
      c.onChunk();
    });
    return m.text !== null ? html`<p class="text">${m.text}</p>` : nothing;
  }
  if (TEXT_TYPES.has(m.type) && m.text !== null) return html`<p class="text">${m.text}</p>`;
  return html`<p class="placeholder">${format(t.unsupported, { type: m.type })}</p>${m.text !== null ? html`<p class="text">${m.text}</p>` : nothing}`;
}
