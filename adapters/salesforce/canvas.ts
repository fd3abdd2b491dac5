/**
 * Salesforce Canvas: the page the connector rendered for a verified
 * signed_request (connector/http/routes/adapters-salesforce.ts) mounts the
 * panel for the record's phone, signed in with the same signed request. A
 * Canvas app is loaded again for each record, so a context change is a new
 * page; `setRecord` is the same change within one page.
 */
import type { HostAgent, HostProof, MountedAdapter } from '../contract';
import { whatsappNumbers } from '../shared/phones';
import { PanelMount } from '../shared/panel-mount';

export interface CanvasBoot {
  connectorUrl: string;
  hostProof?: HostProof | null;
  contact?: string | null;
  agent?: HostAgent | null;
}

export interface CanvasMount extends MountedAdapter {
  setRecord(record: { phone: string | null }): void;
}

export function mountCanvas(container: HTMLElement, boot: CanvasBoot): CanvasMount {
  const mount = new PanelMount(container, { connectorUrl: boot.connectorUrl });
  const setRecord = (record: { phone: string | null }) => {
    const { numbers, unusable } = whatsappNumbers([record.phone]);
    mount.setNumbers(numbers, unusable);
  };
  mount.setAgent(boot.agent ?? null);
  setRecord({ phone: boot.contact ?? null });
  mount.setProof(boot.hostProof ?? null);
  return {
    panel: mount.panel,
    context: () => mount.context(),
    proof: () => mount.proof(),
    refresh: async () => undefined,
    setRecord,
    dispose: () => mount.dispose(),
  };
}
