/**
 * Which pages may frame the connector's host app pages (Zendesk sidebar,
 * Salesforce Canvas, HubSpot modal, the script-tag embed's frame). Sent as
 * `Content-Security-Policy: frame-ancestors …` (X-Frame-Options cannot list
 * origins; reference/embedding.md §3.3). Every other connector page keeps
 * `frame-ancestors 'none'`.
 *
 * The list is derived from what is already configured, so an admin rarely
 * writes it by hand:
 *   ALLOWED_ORIGINS            the host pages that embed the panel
 *   ZENDESK_SIGNED_URLS        https://<account>  (the agent interface, e.g. https://acme.zendesk.com)
 *   SALESFORCE_CANVAS_SECRETS  https://<org>.my.salesforce.com and its Lightning origin
 *   HUBSPOT_APPS               HubSpot's app origins (the iframe modal's parent)
 *   HOST_FRAME_ORIGINS         anything else (a Visualforce domain, a sandbox org, an EU HubSpot)
 */
import type { Config } from './config';

/** HubSpot's app UI, where the CRM card's iframe modal opens (NA and EU data centres). */
export const HUBSPOT_APP_ORIGINS = ['https://app.hubspot.com', 'https://app-eu1.hubspot.com'];

/** acme.my.salesforce.com → https://acme.lightning.force.com, where Lightning pages run. */
export function lightningOrigin(instanceHost: string): string | null {
  const match = /^([a-z0-9-]+)\.my\.salesforce\.com$/i.exec(instanceHost);
  return match ? `https://${match[1]!.toLowerCase()}.lightning.force.com` : null;
}

export function hostFrameAncestors(config: Pick<Config, 'allowedOrigins' | 'hostProofs' | 'hostFrameOrigins'>): string[] {
  const origins = new Set<string>(config.allowedOrigins);
  for (const host of config.hostProofs) {
    if (host.kind === 'zendesk') origins.add(`https://${host.host.slice('zendesk:'.length)}`);
    if (host.kind === 'salesforce-canvas') {
      origins.add(`https://${host.instanceHost}`);
      const lightning = lightningOrigin(host.instanceHost);
      if (lightning) origins.add(lightning);
    }
    if (host.kind === 'hubspot') for (const origin of HUBSPOT_APP_ORIGINS) origins.add(origin);
  }
  for (const origin of config.hostFrameOrigins) origins.add(origin);
  return [...origins];
}
