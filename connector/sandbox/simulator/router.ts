/**
 * The simulator's HTTP surface: Graph's paths under any version prefix
 * (/v17.0 … /v27.0), the bearer token checked like Meta, Meta's JSON error
 * envelope for every refusal.
 *
 * POST   /{version}/{phone-number-id}/messages     send, mark as read, typing
 * POST   /{version}/{phone-number-id}/media        upload (multipart/form-data)
 * GET    /{version}/{media-id}                     a download URL valid 5 minutes
 * DELETE /{version}/{media-id}
 * GET    /media-download/{token}                   the file (needs the bearer token)
 * GET    /{version}/{waba-id}/message_templates    paged
 * …and the account management calls in management-router.ts.
 */
import express from 'express';
import { constantTimeEqual } from '../../auth/secrets';
import { graphError } from './graph-errors';
import { managementPublicRouter, managementRouter } from './management-router';
import type { CloudApiSimulator } from './simulator';

const VERSION = /^v\d+\.\d+$/;
/** Meta accepts uploads of up to 100 MB (documents). */
const MAX_UPLOAD = '101mb';

function refuse(res: express.Response, code: number, details: string): void {
  const e = graphError(code, details);
  res.status(e.status).json(e.body);
}

export function simulatorRouter(simulator: CloudApiSimulator, options: { accessToken: string; phoneNumberId: string; wabaId: string }): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '5mb' }));
  router.use(managementPublicRouter(simulator.management));

  // Graph takes `OAuth <token>` too; Meta's resumable upload documents that form.
  const authorized = (req: express.Request) => {
    const token = /^(?:Bearer|OAuth) (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    return Boolean(token && constantTimeEqual(token, options.accessToken));
  };

  // Download URLs sit outside the versioned API, like lookaside.fbsbx.com, but still need the token.
  router.get('/media-download/:token', (req, res) => {
    if (!authorized(req)) {
      res.status(401).type('text/plain').send('Unauthorized');
      return;
    }
    if (simulator.media.failNextDownloads > 0) {
      simulator.media.failNextDownloads -= 1;
      res.status(500).type('text/plain').send('Internal Server Error');
      return;
    }
    const media = simulator.media.redeem(req.params.token);
    if (!media) {
      res.status(404).type('text/plain').send('Not Found');
      return;
    }
    res.status(200).type(media.mimeType).send(media.bytes);
  });

  router.use('/:version', (req, res, next) => {
    if (!VERSION.test(req.params.version)) return refuse(res, 100, `Unknown path components: /${req.params.version}`);
    if (!authorized(req)) return refuse(res, 190, 'Error validating access token: the token is invalid or has expired.');
    next();
  });

  router.post('/:version/:phoneNumberId/messages', (req, res) => {
    if (!simulator.number(req.params.phoneNumberId))
      return refuse(res, 100, `Unsupported post request. Object with ID '${req.params.phoneNumberId}' does not exist.`);
    const outcome = simulator.send(typeof req.body === 'object' && req.body !== null ? req.body : {}, req.params.phoneNumberId);
    if (outcome.hangMs) {
      // An injected timeout: no answer until long after the client gave up.
      const timer = setTimeout(() => {
        if (!res.writableEnded) res.status(outcome.status).json(outcome.body);
      }, outcome.hangMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    res.status(outcome.status).json(outcome.body);
  });

  router.post('/:version/:phoneNumberId/media', express.raw({ type: () => true, limit: MAX_UPLOAD }), async (req, res) => {
    if (!simulator.number(req.params.phoneNumberId))
      return refuse(res, 100, `Unsupported post request. Object with ID '${req.params.phoneNumberId}' does not exist.`);
    let form: FormData;
    try {
      form = await new Request('http://simulator/upload', {
        method: 'POST',
        headers: { 'content-type': req.get('content-type') ?? '' },
        body: req.body,
      }).formData();
    } catch {
      return refuse(res, 100, 'The upload must be multipart/form-data.');
    }
    // Some clients send messaging_product as a query parameter instead of a field.
    const product = form.get('messaging_product') ?? req.query.messaging_product;
    if (product !== 'whatsapp') return refuse(res, 131008, 'The parameter messaging_product is required.');
    const file = form.get('file');
    if (!(file instanceof Blob) || file.size === 0) return refuse(res, 131008, 'The parameter file is required.');
    // Meta's docs ask for the MIME type; some clients send the coarse kind ("image"): accept both.
    const type = String(form.get('type') ?? file.type ?? '');
    const mimeType = type.includes('/') ? type : file.type || 'application/octet-stream';
    const stored = simulator.media.put(Buffer.from(await file.arrayBuffer()), mimeType, file instanceof File ? file.name : null, req.params.phoneNumberId);
    res.json({ id: stored.id });
  });

  router.get('/:version/:wabaId/message_templates', (req, res) => {
    if (req.params.wabaId !== options.wabaId) return refuse(res, 100, `Unsupported get request. Object with ID '${req.params.wabaId}' does not exist.`);
    const limit = Math.min(Math.max(Number(req.query.limit) || 25, 1), 100);
    const page = simulator.listTemplates(limit, typeof req.query.after === 'string' ? req.query.after : undefined);
    const paging = page.paging as { next?: string };
    if (paging.next) paging.next = `${req.protocol}://${req.get('host')}${req.baseUrl}${req.path}${paging.next}`;
    res.json(page);
  });

  // A media id, or else another object (the phone number, a template…) the management routes know.
  router.get('/:version/:mediaId', (req, res, next) => {
    const media = simulator.media.get(req.params.mediaId);
    if (!media) return next();
    const phone = req.query.phone_number_id;
    // Meta: with phone_number_id, the call is processed only when it names the number the media was uploaded on (or received by).
    if (phone !== undefined && (!simulator.number(String(phone)) || (media.phoneNumberId !== null && media.phoneNumberId !== phone)))
      return refuse(res, 100, 'The media does not belong to this phone number.');
    const url = `${req.protocol}://${req.get('host')}${req.baseUrl}/media-download/${simulator.media.downloadToken(media.id)}`;
    res.json({ messaging_product: 'whatsapp', url, mime_type: media.mimeType, sha256: media.sha256, file_size: String(media.bytes.length), id: media.id });
  });

  router.delete('/:version/:mediaId', (req, res, next) => {
    if (!simulator.media.delete(req.params.mediaId)) return next();
    res.json({ success: true });
  });

  router.use(managementRouter(simulator.management, options));

  router.use((req, res) => refuse(res, 100, `Unsupported ${req.method.toLowerCase()} request.`));

  // Malformed JSON gets Meta's envelope too, not Express's HTML page.
  router.use((error: { type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if (error?.type === 'entity.too.large') return refuse(res, 131053, 'The file is larger than Meta accepts.');
    refuse(res, 100, 'The request body is not valid JSON.');
  });

  return router;
}
