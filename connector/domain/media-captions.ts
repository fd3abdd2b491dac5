/**
 * Which kinds of media message carry a caption: a rule of Meta's (audio and
 * stickers have none), kept apart from media.ts so the panel's core bundle
 * takes this one set without the rest of the media rules (they load with the
 * attachments chunk).
 */
import type { MediaKind } from './media';

export const CAPTIONED: ReadonlySet<MediaKind> = new Set<MediaKind>(['image', 'video', 'document']);
