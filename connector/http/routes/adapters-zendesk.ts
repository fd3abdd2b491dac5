/**
 * The Zendesk app's page (manifest.json locations → PUBLIC_URL/adapters/zendesk/app).
 *
 * With `"signedUrls": true` Zendesk loads the page with a POST whose `token`
 * field is a JWT it signs RS256 with the app's key (reference/embedding.md
 * §1.4); only that first request carries it. The token is checked here (the
 * account's pinned key, issuer, audience: ZENDESK_SIGNED_URLS) and handed to
 * the panel, which redeems it at POST /auth/host-session: the agent is signed
 * in without a popup once linked. A GET (zcli apps:server, an app without
 * signed URLs) gets the same page, signing in through the popup.
 *
 * Zendesk appends `origin` and `app_guid` to the URL; the ZAF SDK reads them
 * from the page's own URL, so they survive the POST.
 */
import express from 'express';
import { decodeJwt } from 'jose';
import { DomainError } from '@domain/errors';
import type { AdapterBoot } from '@domain/hosts';
import type { HostProofs } from '../../auth/host-proofs/index';
import { sendAdapterPage } from './adapters-pages';

export interface ZendeskPageDeps {
  publicUrl: string;
  hostProofs: HostProofs;
  frameAncestors: string[];
  now: () => number;
}

/** The account a Zendesk token claims to come from, read before its signature is checked (to pick the key). */
function claimedAccount(token: string): string | null {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' && /^[a-z0-9][a-z0-9.-]{0,252}$/i.test(iss) ? iss.toLowerCase() : null;
  } catch {
    return null;
  }
}

export function zendeskAppRouter(deps: ZendeskPageDeps): express.Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  const render = async (req: express.Request, res: express.Response) => {
    const boot: AdapterBoot = { connectorUrl: deps.publicUrl };
    const token = typeof req.body?.token === 'string' ? req.body.token : null;
    if (token) {
      const account = claimedAccount(token);
      const host = `zendesk:${account ?? 'unknown'}`;
      try {
        await deps.hostProofs.verify(host, token, deps.now());
        boot.hostProof = { host, proof: token };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // The panel still works through the popup; it says why the helpdesk's sign-in did not.
        boot.notice = { code: error.code, message: `${error.message} (${String(error.details.reason ?? '')})`, action: error.action };
      }
    }
    sendAdapterPage(res, { title: 'WhatsApp · go2msg for Zendesk', script: '/widget/adapters/zendesk.js', boot, frameAncestors: deps.frameAncestors });
  };
  router.get('/adapters/zendesk/app', render);
  router.post('/adapters/zendesk/app', form, render);
  return router;
}
