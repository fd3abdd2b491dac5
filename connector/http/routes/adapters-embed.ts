/**
 * GET /adapters/embed/frame?origin=<host page origin>: the panel in a frame
 * of its own, for host pages that would rather not run the panel in their
 * page (adapters/embed `go2msg.frame()`). The host page talks to it through
 * the postMessage bridge (adapters/embed/bridge.ts); the frame listens to
 * and answers only that origin, which must be in ALLOWED_ORIGINS, and only
 * that origin may frame it.
 */
import express from 'express';
import { sendAdapterPage, sendAdapterRefusal } from './adapters-pages';

export function embedFrameRouter(deps: { publicUrl: string; allowedOrigins: string[] }): express.Router {
  const router = express.Router();
  const allowed = new Set(deps.allowedOrigins);
  router.get('/adapters/embed/frame', (req, res) => {
    const origin = typeof req.query.origin === 'string' ? req.query.origin : '';
    if (!allowed.has(origin)) {
      sendAdapterRefusal(res, 403, [], 'This page is not allowed to show the go2msg panel.', 'An admin can add its origin to ALLOWED_ORIGINS.');
      return;
    }
    sendAdapterPage(res, {
      title: 'WhatsApp · go2msg',
      script: '/widget/adapters/embed-frame.js',
      boot: { connectorUrl: deps.publicUrl, allowedOrigins: [origin], parentOrigin: origin },
      frameAncestors: [origin],
    });
  });
  return router;
}
