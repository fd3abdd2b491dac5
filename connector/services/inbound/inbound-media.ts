/**
 * A file in a message that reached us through a webhook (a customer's, or one
 * the business sent from the WhatsApp Business app): recorded as pending with
 * Meta's media id, and fetched from Meta by the media worker (media-fetcher.ts).
 */
import { MEDIA_KINDS, type MediaKind } from '@domain/media';
import { insertMedia, newMediaId } from '../../store/media';
import type { Executor } from '../../store/rows';

export const INBOUND_MEDIA: ReadonlySet<string> = new Set<string>(MEDIA_KINDS);

/** The pending file row for a message of a media type that names Meta's media id; null otherwise. */
export async function recordInboundMedia(trx: Executor, m: { type: string; raw: Record<string, unknown> }, now: number): Promise<string | null> {
  if (!INBOUND_MEDIA.has(m.type)) return null;
  const file = m.raw[m.type] as { id?: string; mime_type?: string; sha256?: string; filename?: string } | undefined;
  if (!file?.id) return null;
  const id = newMediaId();
  await insertMedia(trx, {
    id,
    // "in": the file comes from Meta (downloaded), whoever sent the message.
    direction: 'in',
    kind: m.type as MediaKind,
    mimeType: file.mime_type ?? null,
    filename: file.filename ?? null,
    size: null,
    sha256: null,
    status: 'pending',
    providerMediaId: file.id,
    providerSha256: file.sha256 ?? null,
    now,
  });
  return id;
}
