/**
 * Everything the host adapters need from the connector (docs/hosts/): the
 * pages hosts frame, and HubSpot's signed launch. Each page may be framed
 * only by the hosts the configuration names (config/adapter-config.ts).
 */
import express from 'express';
import type { HostProofs } from '../../auth/host-proofs/index';
import { hostFrameAncestors } from '../../config/adapter-config';
import type { Config } from '../../config/config';
import { embedFrameRouter } from './adapters-embed';
import { hubspotRouter } from './adapters-hubspot';
import { salesforceCanvasRouter } from './adapters-salesforce';
import { zendeskAppRouter } from './adapters-zendesk';

export function adaptersRouter(deps: { config: Config; hostProofs: HostProofs; now: () => number }): express.Router {
  const { config } = deps;
  const frameAncestors = hostFrameAncestors(config);
  const common = { publicUrl: config.publicUrl, frameAncestors, now: deps.now };
  const router = express.Router();
  router.use(zendeskAppRouter({ ...common, hostProofs: deps.hostProofs }));
  router.use(salesforceCanvasRouter({ ...common, hostProofs: deps.hostProofs }));
  router.use(hubspotRouter({ ...common, hosts: config.hostProofs, defaultCountry: config.defaultPhoneCountry }));
  router.use(embedFrameRouter({ publicUrl: config.publicUrl, allowedOrigins: config.allowedOrigins }));
  return router;
}
