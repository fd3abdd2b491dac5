/**
 * HubSpot CRM card (adapters/hubspot/project):
 *
 * POST /adapters/hubspot/launch?portalId=&userId=&userEmail=…   from the card, through hubspot.fetch()
 *   body {"contact": "+1…", "objectId": "…"}; signed by HubSpot (X-HubSpot-Signature-v3)
 *   → {"url": "PUBLIC_URL/adapters/hubspot/panel#launch=<token>&contact=<E.164>"}
 * GET  /adapters/hubspot/panel                                  the page the card opens in HubSpot's iframe modal
 *
 * The signature covers the full URL (HubSpot puts the portal and the signed-in
 * user in its query) and the body. The URL is rebuilt from PUBLIC_URL, the
 * address HubSpot was given, since a proxy in front may rewrite the host.
 * The launch token travels in the fragment, so it never reaches a log or a
 * Referer header.
 */
import express from 'express';
import { z } from 'zod';
import { checkHubspotSignature, hubspotLaunchAudience, mintHubspotLaunch } from '../../auth/host-proofs/hubspot';
import { proofRefused } from '../../auth/host-proofs/types';
import type { HostProofConfig } from '../../config/host-config';
import { readPhone, type CountryCode } from '../../services/contacts/phone-numbers';
import { sendAdapterPage } from './adapters-pages';
import { parseBody } from '../../web/parse-body';

const LaunchBody = z.object({ contact: z.string().min(3).max(40), objectId: z.string().max(40).optional() });

export interface HubspotRouteDeps {
  publicUrl: string;
  hosts: HostProofConfig[];
  frameAncestors: string[];
  now: () => number;
  /** A HubSpot record's number without a country code is read as this country's. */
  defaultCountry: CountryCode | null;
}

export function hubspotRouter(deps: HubspotRouteDeps): express.Router {
  const router = express.Router();
  // The raw body: the signature is over the exact bytes HubSpot sent.
  const raw = express.text({ type: () => true, limit: '16kb' });

  router.post('/adapters/hubspot/launch', raw, async (req, res) => {
    const portalId = typeof req.query.portalId === 'string' ? req.query.portalId : '';
    const host = `hubspot:${portalId}`;
    const app = deps.hosts.find((h) => h.kind === 'hubspot' && h.host === host);
    if (!app || app.kind !== 'hubspot') throw proofRefused(host, 'this HubSpot portal is not configured (HUBSPOT_APPS)');
    const body = typeof req.body === 'string' ? req.body : '';
    checkHubspotSignature(
      host,
      app.clientSecret,
      {
        method: req.method,
        uri: `${deps.publicUrl}${req.originalUrl}`,
        body,
        signature: req.get('x-hubspot-signature-v3'),
        timestamp: req.get('x-hubspot-request-timestamp'),
      },
      deps.now(),
    );
    const userId = typeof req.query.userId === 'string' ? req.query.userId : '';
    if (!userId) throw proofRefused(host, 'the request names no HubSpot user');
    let json: unknown;
    try {
      json = JSON.parse(body || '{}');
    } catch {
      json = null;
    }
    const launch = parseBody(LaunchBody, json);
    const contact = readPhone(launch.contact, deps.defaultCountry).e164;
    const email = typeof req.query.userEmail === 'string' && req.query.userEmail ? req.query.userEmail : null;
    const token = await mintHubspotLaunch(app, hubspotLaunchAudience(deps.publicUrl), { userId, email, contact }, deps.now());
    res.setHeader('cache-control', 'no-store');
    res.json({ url: `${deps.publicUrl}/adapters/hubspot/panel#${new URLSearchParams({ launch: token, host, contact })}` });
  });

  router.get('/adapters/hubspot/panel', (_req, res) => {
    sendAdapterPage(res, {
      title: 'WhatsApp · go2msg for HubSpot',
      script: '/widget/adapters/hubspot.js',
      boot: { connectorUrl: deps.publicUrl },
      frameAncestors: deps.frameAncestors,
    });
  });
  return router;
}
