/**
 * Zendesk Support (ZAF v2), in the ticket sidebar, the new-ticket sidebar and
 * the user sidebar (manifest.json). Through the ZAF client it reads the
 * requester's phone numbers (identities of type phone_number, and the
 * user's phone field) and the current agent, follows the requester changing
 * (`ticket.requester.id.changed`, also when a new ticket gets its requester),
 * sizes the sidebar iframe, and on request adds the conversation to the
 * ticket as an internal note (Tickets API: a comment with public false;
 * on a ticket not yet saved, the note being written gets the text).
 *
 * Sign-in: the connector page hands over Zendesk's signed-URL token, which
 * the panel redeems at POST /auth/host-session (adapters/zendesk/app.ts).
 * Sources: reference/embedding.md §1.3–1.4; developer.zendesk.com
 * api-reference/apps/apps-support-api/ticket_sidebar and all_locations.
 */
import { threadTranscript } from '../../widget/index';
import type { HostAgent, HostProof, MountedAdapter } from '../contract';
import { whatsappNumbers } from '../shared/phones';
import { PanelMount } from '../shared/panel-mount';
import { adapterStrings as t } from '../shared/strings';

/** The part of the ZAF SDK's client this adapter uses (zendesk_app_framework_sdk, lib/client.js). */
export interface ZafClient {
  get(paths: string | string[]): Promise<Record<string, unknown>>;
  set(key: string, value: unknown): Promise<unknown>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  on(event: string, handler: (data: unknown) => void): void;
  off(event: string, handler: (data: unknown) => void): unknown;
  request(options: { url: string; type?: string; contentType?: string; data?: string }): Promise<unknown>;
  context(): Promise<{ location?: string; ticketId?: number } & Record<string, unknown>>;
}

interface ZendeskUser {
  id?: number | string;
  name?: string;
  email?: string;
  phone?: string | null;
  identities?: Array<{ type?: string; value?: string }>;
}

export const TICKET_LOCATIONS = ['ticket_sidebar', 'new_ticket_sidebar'];
export const SIDEBAR_HEIGHT = '640px';
/** Events after which the requester may be someone else: a new ticket gets one, an agent changes it. */
const FOLLOWED = ['ticket.requester.id.changed'];

export function requesterPhones(user: ZendeskUser | null | undefined): unknown[] {
  if (!user) return [];
  const identities = (user.identities ?? []).filter((i) => i?.type === 'phone_number').map((i) => i.value);
  return [...identities, user.phone];
}

function agentOf(user: unknown): HostAgent | null {
  const u = user as ZendeskUser | null;
  return u?.id !== undefined ? { id: String(u.id), name: u.name ?? null, email: u.email ?? null } : null;
}

export interface ZendeskMount extends MountedAdapter {
  /** Adds the conversation to the ticket as an internal note; resolves to what the agent was told. */
  addInternalNote(): Promise<string>;
}

export async function mountZendesk(
  container: HTMLElement,
  client: ZafClient,
  options: { connectorUrl: string; hostProof?: HostProof | null; notice?: string | null },
): Promise<ZendeskMount> {
  const mount = new PanelMount(container, { connectorUrl: options.connectorUrl });
  const context = await client.context();
  const location = context.location ?? 'ticket_sidebar';
  const onTicket = TICKET_LOCATIONS.includes(location);
  let ticketId: string | null = context.ticketId ? String(context.ticketId) : null;

  const read = async () => {
    if (onTicket) {
      const data = await client.get(['ticket.requester', 'ticket.id', 'currentUser']);
      ticketId = data['ticket.id'] ? String(data['ticket.id']) : ticketId;
      mount.setAgent(agentOf(data.currentUser));
      const { numbers, unusable } = whatsappNumbers(requesterPhones(data['ticket.requester'] as ZendeskUser));
      mount.setNumbers(numbers, unusable);
    } else {
      const data = await client.get(['user', 'currentUser']);
      mount.setAgent(agentOf(data.currentUser));
      const { numbers, unusable } = whatsappNumbers(requesterPhones(data.user as ZendeskUser));
      mount.setNumbers(numbers, unusable);
    }
  };
  const follow = () => void read();

  const addInternalNote = async (): Promise<string> => {
    const contact = mount.panel.contact;
    let transcript: string;
    try {
      transcript = await threadTranscript(options.connectorUrl, contact);
    } catch {
      return t.signInFirst;
    }
    try {
      if (ticketId && location === 'ticket_sidebar') {
        await client.request({
          url: `/api/v2/tickets/${encodeURIComponent(ticketId)}.json`,
          type: 'PUT',
          contentType: 'application/json',
          data: JSON.stringify({ ticket: { comment: { body: transcript, public: false } } }),
        });
        return t.noteAdded(ticketId);
      }
      await client.set('comment.type', 'internalNote');
      await client.invoke('comment.appendText', transcript);
      return t.noteDrafted;
    } catch {
      return t.noteFailed;
    }
  };

  if (onTicket) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = t.addNote;
    button.addEventListener('click', async () => {
      button.disabled = true;
      button.textContent = t.addingNote;
      mount.say(await addInternalNote());
      button.textContent = t.addNote;
      button.disabled = false;
    });
    mount.addAction(button);
  }

  if (onTicket) for (const event of FOLLOWED) client.on(event, follow);
  mount.setProof(options.hostProof ?? null);
  await read();
  if (options.notice) mount.say(options.notice);
  // Sidebar apps start small; the panel needs room for a thread and a composer.
  await client.invoke('resize', { width: '100%', height: SIDEBAR_HEIGHT });

  return {
    panel: mount.panel,
    context: () => mount.context(),
    proof: () => mount.proof(),
    refresh: read,
    addInternalNote,
    dispose() {
      if (onTicket) for (const event of FOLLOWED) client.off(event, follow);
      mount.dispose();
    },
  };
}
