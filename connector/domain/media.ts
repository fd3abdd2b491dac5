/**
 * What WhatsApp accepts as media, and the check every file passes before upload.
 *
 * One table, used by the panel's file picker (`acceptFor`) and by the
 * connector's upload check (`checkMedia`), so the two cannot disagree.
 * The real type comes from the file's first bytes, never from its name or the
 * type a browser claims: a file that lies about itself is refused.
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media#supported-media-types
 * (checked 2026-11; mirrored in test/fixtures/cloud-api/media-limits.json,
 * which a test compares with this table).
 */
import { DomainError } from './errors';

export const MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export interface MediaFormat {
  mime: string;
  ext: string;
  maxBytes: number;
}

const MB = 1024 * 1024;

export const MEDIA_FORMATS: Record<MediaKind, MediaFormat[]> = {
  image: [
    { mime: 'image/jpeg', ext: '.jpeg', maxBytes: 5 * MB },
    { mime: 'image/png', ext: '.png', maxBytes: 5 * MB },
  ],
  video: [
    { mime: 'video/mp4', ext: '.mp4', maxBytes: 16 * MB },
    { mime: 'video/3gpp', ext: '.3gp', maxBytes: 16 * MB },
  ],
  audio: [
    { mime: 'audio/aac', ext: '.aac', maxBytes: 16 * MB },
    { mime: 'audio/amr', ext: '.amr', maxBytes: 16 * MB },
    { mime: 'audio/mpeg', ext: '.mp3', maxBytes: 16 * MB },
    { mime: 'audio/mp4', ext: '.m4a', maxBytes: 16 * MB },
    { mime: 'audio/ogg', ext: '.ogg', maxBytes: 16 * MB },
  ],
  document: [
    { mime: 'text/plain', ext: '.txt', maxBytes: 100 * MB },
    { mime: 'application/pdf', ext: '.pdf', maxBytes: 100 * MB },
    { mime: 'application/msword', ext: '.doc', maxBytes: 100 * MB },
    { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: '.docx', maxBytes: 100 * MB },
    { mime: 'application/vnd.ms-excel', ext: '.xls', maxBytes: 100 * MB },
    { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: '.xlsx', maxBytes: 100 * MB },
    { mime: 'application/vnd.ms-powerpoint', ext: '.ppt', maxBytes: 100 * MB },
    { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: '.pptx', maxBytes: 100 * MB },
  ],
  sticker: [{ mime: 'image/webp', ext: '.webp', maxBytes: 500 * 1024 }],
};

/** Static stickers are smaller than animated ones (100 KB vs 500 KB). */
export const STATIC_STICKER_MAX_BYTES = 100 * 1024;
/**
 * A voice note must be OGG/Opus; WhatsApp shows it as a voice message (the play icon) only up to
 * 512 KB, and as a plain audio file above (Meta's media reference, test/fixtures/cloud-api/media-limits.json).
 * So a file sent with `voice: true` is held to 512 KB, not to audio's 16 MB.
 */
export const VOICE_NOTE_PLAY_ICON_MAX_BYTES = 512 * 1024;
/** How many leading bytes `sniff` needs. */
export const SNIFF_BYTES = 4096;

function ascii(bytes: Uint8Array, offset: number, text: string): boolean {
  if (bytes.length < offset + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

function includesAscii(bytes: Uint8Array, text: string, limit = bytes.length): boolean {
  const end = Math.min(bytes.length, limit) - text.length;
  for (let i = 0; i <= end; i++) if (ascii(bytes, i, text)) return true;
  return false;
}

/** Plain text: no NUL bytes and valid UTF-8 (the start of a file may cut a character in two). */
function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0 || bytes.includes(0)) return false;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const extra = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (extra < 0) return false;
    for (let k = 1; k <= extra; k++) {
      if (i + k >= bytes.length) return true;
      if ((bytes[i + k]! & 0xc0) !== 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

export interface Sniffed {
  /** The MIME type the bytes show, or a family when the container is shared (OLE2, ZIP). */
  mime: string | 'ole2' | 'zip' | null;
  /** For WebP: whether it is animated. For OGG: whether it carries Opus. */
  animated?: boolean;
  opus?: boolean;
}

/** Reads the real type from a file's first bytes. */
export function sniff(head: Uint8Array): Sniffed {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png' };
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) {
    // Extended WebP (VP8X) sets bit 1 of its flags byte when it holds an animation.
    const animated = ascii(head, 12, 'VP8X') && ((head[20] ?? 0) & 0x02) !== 0;
    return { mime: 'image/webp', animated };
  }
  if (ascii(head, 4, 'ftyp')) {
    const brand = String.fromCharCode(...head.slice(8, 12));
    if (brand.startsWith('3g')) return { mime: 'video/3gpp' };
    if (brand === 'M4A ' || brand === 'M4B ') return { mime: 'audio/mp4' };
    return { mime: 'video/mp4' };
  }
  if (ascii(head, 0, 'OggS')) return { mime: 'audio/ogg', opus: includesAscii(head, 'OpusHead', 512) };
  if (ascii(head, 0, '#!AMR')) return { mime: 'audio/amr' };
  if (ascii(head, 0, 'ID3')) return { mime: 'audio/mpeg' };
  // ADTS AAC: sync word 0xFFF with layer bits 00; MPEG audio frames: 0xFFE with a non-zero layer.
  if (head[0] === 0xff && ((head[1] ?? 0) & 0xf6) === 0xf0) return { mime: 'audio/aac' };
  if (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0 && ((head[1] ?? 0) & 0x06) !== 0) return { mime: 'audio/mpeg' };
  if (ascii(head, 0, '%PDF-')) return { mime: 'application/pdf' };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { mime: 'ole2' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { mime: 'zip' };
  if (looksLikeText(head)) return { mime: 'text/plain' };
  return { mime: null };
}

const OLE2_TYPES = new Set(['application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint']);
const OOXML_TYPES = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
]);

const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  '.jpg': '.jpeg',
  'video/3gp': 'video/3gpp',
  'audio/x-m4a': 'audio/mp4',
  'audio/mp3': 'audio/mpeg',
};
const ALL_FORMATS = MEDIA_KINDS.flatMap((k) => MEDIA_FORMATS[k]);

/** The type a file claims to be, by its declared MIME type or else its extension; null when it claims nothing. */
function claimedMime(candidate: MediaCandidate): string | null {
  const declared = candidate.declaredMime?.split(';')[0]?.trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream') return ALIASES[declared] ?? declared;
  const ext = candidate.filename?.toLowerCase().match(/\.[a-z0-9]+$/)?.[0];
  if (!ext) return null;
  return ALL_FORMATS.find((f) => f.ext === (ALIASES[ext] ?? ext))?.mime ?? null;
}

export interface MediaCandidate {
  kind: MediaKind;
  /** At least the first SNIFF_BYTES bytes (or the whole file if smaller). */
  head: Uint8Array;
  size: number;
  filename?: string | null;
  /** The type the sender claims (browser, header). */
  declaredMime?: string | null;
  /** A voice note (audio with voice: true). */
  voice?: boolean;
}

export interface MediaVerdict {
  kind: MediaKind;
  mime: string;
  size: number;
  maxBytes: number;
  animated?: boolean;
}

export function humanSize(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * MEDIA_TOO_LARGE naming the limit; `sizeKnown` is false when reading stopped at the limit.
 * Facts only (the panel words them in the agent's language): "> 16 MB", not "over 16 MB".
 */
export function mediaTooLarge(kind: MediaKind, size: number, maxBytes: number, sizeKnown = true): DomainError {
  return new DomainError('MEDIA_TOO_LARGE', {
    kind,
    size,
    maxBytes,
    limit: humanSize(maxBytes),
    actual: sizeKnown ? humanSize(size) : `> ${humanSize(maxBytes)}`,
  });
}

/**
 * Decides whether a file can be sent as `kind`; throws MEDIA_EMPTY,
 * MEDIA_TYPE_UNSUPPORTED, MEDIA_TYPE_MISMATCH or MEDIA_TOO_LARGE with the limit named.
 */
export function checkMedia(candidate: MediaCandidate): MediaVerdict {
  const { kind, head, size } = candidate;
  if (size === 0 || head.length === 0) throw new DomainError('MEDIA_EMPTY', { kind });
  const found = sniff(head);
  const claimed = claimedMime(candidate);
  let detected = found.mime;
  // OLE2 and ZIP each hold several Office formats; what the file claims picks one of them.
  if (detected === 'ole2' || detected === 'zip') {
    const family = detected === 'ole2' ? OLE2_TYPES : OOXML_TYPES;
    detected = claimed && family.has(claimed) ? claimed : null;
  }
  const accepted = MEDIA_FORMATS[kind].map((f) => f.ext).join(', ');
  const format = MEDIA_FORMATS[kind].find((f) => f.mime === detected);
  if (!format) throw new DomainError('MEDIA_TYPE_UNSUPPORTED', { kind, detected, accepted });
  if (claimed && claimed !== format.mime) {
    throw new DomainError('MEDIA_TYPE_MISMATCH', { kind, detected: format.mime, claimed });
  }
  if (candidate.voice && (format.mime !== 'audio/ogg' || !found.opus)) {
    throw new DomainError('MEDIA_TYPE_UNSUPPORTED', { kind, voice: true, detected: format.mime, accepted: '.ogg (Opus)' });
  }
  const maxBytes = kind === 'sticker' && !found.animated ? STATIC_STICKER_MAX_BYTES : candidate.voice ? VOICE_NOTE_PLAY_ICON_MAX_BYTES : format.maxBytes;
  if (size > maxBytes) throw mediaTooLarge(kind, size, maxBytes);
  return { kind, mime: format.mime, size, maxBytes, ...(kind === 'sticker' ? { animated: Boolean(found.animated) } : {}) };
}

/** The largest file of `kind` WhatsApp accepts in any format. */
export function largestFor(kind: MediaKind): number {
  return Math.max(...MEDIA_FORMATS[kind].map((f) => f.maxBytes));
}

/** The `accept` attribute for a file input offering `kinds`. */
export function acceptFor(kinds: readonly MediaKind[] = MEDIA_KINDS): string {
  return [...new Set(kinds.flatMap((k) => MEDIA_FORMATS[k].flatMap((f) => [f.mime, f.ext])))].join(',');
}

/** The kind a file is sent as, from its real type (documents for anything else accepted). */
export function kindForMime(mime: string): MediaKind | null {
  for (const kind of ['image', 'video', 'audio', 'sticker', 'document'] as const) {
    if (MEDIA_FORMATS[kind].some((f) => f.mime === mime)) return kind;
  }
  return null;
}
