/**
 * The demo CRM: a host page on its own origin that embeds <go2msg-thread> the
 * way a real helpdesk would, loading the built bundle from the connector's
 * origin, so the cross-origin path (CORS, bearer token, no third-party cookies)
 * is the one in use.
 */
import { readFileSync } from 'node:fs';
import express from 'express';
import { escapeHtml } from '../../http/html';

const TEMPLATE = readFileSync(new URL('./demo.html', import.meta.url), 'utf8');
/** The admin page: templates, number health and business profile, as an admin sees them. */
const ADMIN_TEMPLATE = readFileSync(new URL('./admin.html', import.meta.url), 'utf8');

export function createDemoApp(options: { connectorUrl: string }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const body = TEMPLATE.replaceAll('{{CONNECTOR_URL}}', escapeHtml(options.connectorUrl));
  app.get('/', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.type('html').send(body);
  });
  const adminBody = ADMIN_TEMPLATE.replaceAll('{{CONNECTOR_URL}}', escapeHtml(options.connectorUrl));
  app.get('/admin', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.type('html').send(adminBody);
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', page: 'demo' });
  });
  return app;
}
