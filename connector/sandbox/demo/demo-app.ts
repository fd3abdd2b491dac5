/**
 * The demo CRM: a host page on its own origin that embeds <go2msg-thread> the
 * way a real helpdesk would, loading the built bundle from the connector's
 * origin, so the cross-origin path (CORS, bearer token, no third-party cookies)
 * is the one in use.
 */
import { readFileSync } from 'node:fs';
import express from 'express';
import { SignJWT } from 'jose';
import { projectPath } from '../../config/project-root';
import { escapeHtml } from '../../web/html';

const page = (name: string) => readFileSync(projectPath('connector/sandbox/demo', name), 'utf8');
const TEMPLATE = page('demo.html');
/** The admin page: templates, number health and business profile, as an admin sees them. */
const ADMIN_TEMPLATE = page('admin.html');
/** The team inbox page: <go2msg-inbox> and a customer who has never written before. */
const INBOX_TEMPLATE = page('inbox.html');

/** The demo CRM's own users; their emails match the sandbox teammates', as a real directory's would. */
const DEMO_CRM_USERS = [
  { id: 'crm-ana', name: 'Ana Souza', email: 'ana@acme.example' },
  { id: 'crm-ben', name: 'Ben Carter', email: 'ben@acme.example' },
];

export interface DemoAppOptions {
  connectorUrl: string;
  /** The demo CRM's host id and the secret it shares with the connector (HOST_SECRETS). */
  crm?: { host: string; secret: string } | null;
}

export function createDemoApp(options: DemoAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const body = TEMPLATE.replaceAll('{{CONNECTOR_URL}}', escapeHtml(options.connectorUrl));
  const crm = options.crm;
  if (crm) {
    // The CRM's backend vouches for its signed-in user, as an in-house CRM would:
    // a short-lived HS256 JWT for the connector (iss = host, aud = the connector's URL).
    app.get('/crm/host-proof', async (req, res) => {
      const user = DEMO_CRM_USERS.find((u) => u.id === req.query.user);
      if (!user) {
        res.status(404).json({ error: 'unknown CRM user' });
        return;
      }
      const now = Math.floor(Date.now() / 1000);
      const proof = await new SignJWT({ email: user.email, name: user.name })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(crm.host)
        .setAudience(options.connectorUrl)
        .setSubject(user.id)
        .setIssuedAt(now)
        .setExpirationTime(now + 120)
        .sign(new TextEncoder().encode(crm.secret));
      res.setHeader('cache-control', 'no-store');
      res.json({ host: crm.host, proof });
    });
  }
  app.get('/', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.type('html').send(body);
  });
  const adminBody = ADMIN_TEMPLATE.replaceAll('{{CONNECTOR_URL}}', escapeHtml(options.connectorUrl));
  app.get('/admin', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.type('html').send(adminBody);
  });
  const inboxBody = INBOX_TEMPLATE.replaceAll('{{CONNECTOR_URL}}', escapeHtml(options.connectorUrl));
  app.get('/inbox', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.type('html').send(inboxBody);
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', page: 'demo' });
  });
  return app;
}
