/**
 * HubSpot: the page the CRM card opens in HubSpot's iframe modal
 * (PUBLIC_URL/adapters/hubspot/panel#launch=…&host=…&contact=…). The launch
 * token was minted by the connector for a request HubSpot signed (v3), and
 * names the HubSpot user; the panel redeems it at POST /auth/host-session.
 * The fragment is read once and cleared, so it stays out of history.
 */
import type { HostProof, MountedAdapter } from '../contract';
import { whatsappNumbers } from '../shared/phones';
import { PanelMount } from '../shared/panel-mount';

export interface HubspotLaunchParams {
  proof: HostProof | null;
  contact: string | null;
}

export function readLaunch(hash: string): HubspotLaunchParams {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const launch = params.get('launch');
  const host = params.get('host');
  return { proof: launch && host?.startsWith('hubspot:') ? { host, proof: launch } : null, contact: params.get('contact') };
}

export interface HubspotMount extends MountedAdapter {
  /** The card opened the modal again for another contact. */
  launch(params: HubspotLaunchParams): void;
}

export function mountHubspot(container: HTMLElement, connectorUrl: string, params: HubspotLaunchParams): HubspotMount {
  const mount = new PanelMount(container, { connectorUrl });
  const launch = (next: HubspotLaunchParams) => {
    const { numbers, unusable } = whatsappNumbers([next.contact]);
    mount.setNumbers(numbers, unusable);
    if (next.proof) mount.setProof(next.proof);
  };
  launch(params);
  return {
    panel: mount.panel,
    context: () => mount.context(),
    proof: () => mount.proof(),
    refresh: async () => undefined,
    launch,
    dispose: () => mount.dispose(),
  };
}
