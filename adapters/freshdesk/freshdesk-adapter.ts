/**
 * Freshdesk (Freshworks app, platform 3.0; adapters/freshdesk/app). Through
 * the Freshworks client it reads the signed-in agent (`loggedInUser`) and the
 * customer's numbers: the ticket's requester in the ticket sidebar, the
 * contact in the contact sidebar (`phone`, `mobile`). It follows the ticket
 * being updated and the app being opened again, and sizes its iframe.
 *
 * Freshdesk cannot vouch for its agent to a third party (its request proxy
 * proves the installation, not the agent; reference/embedding.md §2), so the
 * panel signs in through the company SSO popup.
 * Sources: developers.freshworks.com app-sdk v3.0 (data method: loggedInUser,
 * requester, contact; instance.resize; events).
 */
import type { HostAgent, MountedAdapter } from '../contract';
import { whatsappNumbers } from '../shared/phones';
import { PanelMount } from '../shared/panel-mount';

/** The part of the Freshworks client (window.app.initialized()) the adapter uses. */
export interface FreshworksClient {
  data: { get(name: string): Promise<Record<string, unknown>> };
  events: { on(event: string, callback: (event: unknown) => void): void };
  instance: { resize(size: { height: string }): unknown; context(): Promise<{ location?: string } & Record<string, unknown>> };
}

interface FreshPerson {
  id?: number | string;
  name?: string;
  email?: string;
  phone?: string | null;
  mobile?: string | null;
  contact?: { name?: string; email?: string };
}

export const FRESHDESK_HEIGHT = '640px';
/** After these the customer may be another: the ticket saved with a new requester, the app opened again. */
export const FOLLOWED = ['ticket.propertiesUpdated', 'app.activated'];

export function agentOf(user: unknown): HostAgent | null {
  const u = user as FreshPerson | null;
  if (u?.id === undefined) return null;
  return { id: String(u.id), name: u.contact?.name ?? u.name ?? null, email: u.contact?.email ?? u.email ?? null };
}

export async function mountFreshdesk(container: HTMLElement, client: FreshworksClient, options: { connectorUrl: string }): Promise<MountedAdapter> {
  const mount = new PanelMount(container, { connectorUrl: options.connectorUrl });
  const { location } = await client.instance.context();
  const record = location === 'contact_sidebar' ? 'contact' : 'requester';
  let disposed = false;

  const read = async () => {
    const [{ loggedInUser }, data] = await Promise.all([client.data.get('loggedInUser'), client.data.get(record)]);
    if (disposed) return;
    mount.setAgent(agentOf(loggedInUser));
    const person = data[record] as FreshPerson | undefined;
    const { numbers, unusable } = whatsappNumbers([person?.mobile, person?.phone]);
    mount.setNumbers(numbers, unusable);
  };
  // Freshworks events cannot be removed; a disposed adapter ignores them.
  for (const event of FOLLOWED) client.events.on(event, () => void (disposed ? null : read()));
  await read();
  client.instance.resize({ height: FRESHDESK_HEIGHT });

  return {
    panel: mount.panel,
    context: () => mount.context(),
    proof: () => null,
    refresh: read,
    dispose() {
      disposed = true;
      mount.dispose();
    },
  };
}
