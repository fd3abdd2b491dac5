/**
 * Files for the panel.
 *
 * POST /api/media?kind=image&filename=photo.jpg[&voice=true]   the file as the raw body
 * GET  /api/media/{id}                                         the file; Range requests for audio and video
 *
 * Files are served with their checked type, `nosniff`, and a sandbox CSP, so a
 * file can never run as a page of the connector's origin.
 */
import express from 'express';
import { DomainError } from '@domain/errors';
import { MEDIA_KINDS, type MediaKind } from '@domain/media';
import type { ServiceDeps } from '../../services/runtime/deps';
import { uploadMedia } from '../../services/messaging/media-upload';
import type { MediaFiles } from '../../store/media-files';
import { findMedia } from '../../store/media';

export function mediaRouter(deps: ServiceDeps & { files: MediaFiles }): express.Router {
  const router = express.Router();

  router.post('/media', async (req, res) => {
    const kind = req.query.kind;
    if (typeof kind !== 'string' || !(MEDIA_KINDS as readonly string[]).includes(kind)) {
      throw new DomainError('VALIDATION_FAILED', { field: 'kind', reason: `one of ${MEDIA_KINDS.join(', ')}` });
    }
    const filename = typeof req.query.filename === 'string' && req.query.filename.trim() ? req.query.filename.trim().slice(0, 255) : null;
    const length = req.get('content-length');
    const uploaded = await uploadMedia(deps, {
      kind: kind as MediaKind,
      body: req,
      declaredMime: req.get('content-type') ?? null,
      filename,
      voice: req.query.voice === 'true',
      declaredSize: length === undefined ? null : Number(length),
    });
    res.status(201).json(uploaded);
  });

  router.get('/media/:id', async (req, res, next) => {
    const media = await findMedia(deps.db, req.params.id);
    if (!media || media.status !== 'ready' || !media.sha256) {
      throw new DomainError('MEDIA_NOT_FOUND', { id: req.params.id, status: media?.status ?? 'unknown' });
    }
    const disposition = media.kind === 'document' ? 'attachment' : 'inline';
    const filename = media.filename ?? `${media.kind}`;
    res.setHeader('content-security-policy', "sandbox; default-src 'none'");
    res.setHeader('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(filename)}`);
    res.setHeader('cache-control', 'private, max-age=86400, immutable');
    res.sendFile(
      deps.files.path(media.sha256),
      { headers: { 'content-type': media.mime_type ?? 'application/octet-stream' }, acceptRanges: true, lastModified: false, etag: true },
      (error) => {
        if (error && !res.headersSent) next(error);
      },
    );
  });

  return router;
}
