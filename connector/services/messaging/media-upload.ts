/**
 * An agent's file, checked and kept before it can be sent: its real type from
 * its first bytes, its size against the limit for its kind (the same domain
 * table the panel checks with), refused with the limit named otherwise.
 */
import type { Readable } from 'node:stream';
import { checkMedia, largestFor, mediaTooLarge, SNIFF_BYTES, type MediaKind } from '@domain/media';
import type { UploadedMedia } from '@domain/views';
import type { MediaFiles } from '../../store/media-files';
import { insertMedia, newMediaId } from '../../store/media';
import type { ServiceDeps } from '../runtime/deps';

export interface UploadRequest {
  kind: MediaKind;
  body: Readable;
  declaredMime: string | null;
  filename: string | null;
  voice: boolean;
  /** Content-Length, when the client sent one: a file too large is refused before it is read. */
  declaredSize: number | null;
}

export async function uploadMedia(deps: ServiceDeps & { files: MediaFiles }, request: UploadRequest): Promise<UploadedMedia> {
  const maxBytes = largestFor(request.kind);
  if (request.declaredSize !== null && request.declaredSize > maxBytes) {
    request.body.resume();
    throw mediaTooLarge(request.kind, request.declaredSize, maxBytes);
  }
  // Checked before the file is kept: a refused file leaves nothing in MEDIA_DIR.
  const stored = await deps.files.write(request.body, {
    maxBytes,
    headBytes: SNIFF_BYTES,
    accept: (file) =>
      checkMedia({
        kind: request.kind,
        head: file.head,
        size: file.size,
        filename: request.filename,
        declaredMime: request.declaredMime,
        voice: request.voice,
      }),
  });
  if (stored.tooLarge) throw mediaTooLarge(request.kind, stored.size, maxBytes, false);
  const { verdict } = stored;
  const id = newMediaId();
  const now = deps.clock.now();
  await insertMedia(deps.db, {
    id,
    direction: 'out',
    kind: request.kind,
    mimeType: verdict.mime,
    filename: request.filename,
    size: stored.size,
    sha256: stored.sha256,
    status: 'ready',
    now,
  });
  return { id, kind: request.kind, mimeType: verdict.mime, size: stored.size, filename: request.filename, sha256: stored.sha256 };
}
