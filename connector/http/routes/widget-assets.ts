/**
 * The built panel (dist/), loaded by host pages on other origins: a module
 * script from another origin needs CORS, and a cross-origin resource policy
 * that lets it be embedded.
 */
import { existsSync } from 'node:fs';
import express from 'express';

export function widgetAssetsRouter(distDir: string): express.Router {
  const router = express.Router();
  router.use('/widget', (_req, res, next) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('cross-origin-resource-policy', 'cross-origin');
    next();
  });
  router.use('/widget', express.static(distDir, { fallthrough: true, index: false, setHeaders: (res) => res.setHeader('cache-control', 'no-cache') }));
  router.get('/widget/{*rest}', (_req, res) => {
    res
      .status(404)
      .type('text/plain')
      .send(existsSync(distDir) ? 'Not found' : 'The panel is not built: run `npm run build` (npm start does it for you).');
  });
  return router;
}
