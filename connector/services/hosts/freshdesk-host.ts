/**
 * Freshdesk (issue 14): a ticket per conversation through its API v2, linked both ways, as
 * for Zendesk (zendesk-host.ts).
 *
 * - created or reopened with no ticket yet: the contact is found by phone (or by the
 *   business-scoped id as `unique_external_id`); a ticket that a lost answer may have created
 *   is looked for among that contact's tickets by the conversation's tag (Freshdesk has no
 *   external id nor idempotency key for tickets); then the ticket is created (status Open,
 *   source Chat, tags `whatsapp` and `go2msg-<contact id>`), the contact with it when new
 *   (`phone` + `name`). Its id and agent URL are stored on the conversation.
 * - reopened with a ticket: status back to Open. resolved: status Resolved (unless Freshdesk
 *   itself resolved it).
 */
import {
  FRESHDESK_PRIORITY_LOW,
  FRESHDESK_SOURCE_CHAT,
  FRESHDESK_STATUS,
  FRESHDESK_TAG,
  freshdeskConversationTag,
  freshdeskDescription,
  freshdeskSubject,
} from '@domain/freshdesk';
import type { HostEventBody } from '@domain/host-events';
import type { TimelineNote } from '@domain/host-timeline';
import { HostCallInterrupted } from './host-http';
import { basicCredential, TicketHost, type TicketHostDeps } from './ticket-host';

export interface FreshdeskHostConfig {
  /** https://<domain>.freshdesk.com, or the sandbox simulator's base URL. */
  url: string;
  apiKey: string;
  timeoutMs: number;
  sandbox: boolean;
}

export const FRESHDESK_HOST = 'freshdesk';

export class FreshdeskHost extends TicketHost {
  constructor(
    private readonly config: FreshdeskHostConfig,
    deps: TicketHostDeps,
  ) {
    super(FRESHDESK_HOST, deps, {
      product: 'Freshdesk',
      url: config.url,
      sandbox: config.sandbox,
      apiPath: '/api/v2',
      // The API key is the basic-auth user name, "X" the password: https://developers.freshdesk.com/api/#authentication
      ...basicCredential(`${config.apiKey}:X`, config.apiKey),
      timeoutMs: config.timeoutMs,
      configVariables: 'FRESHDESK_API_KEY',
      // Freshdesk's errors: {"description": "Validation failed", "errors": [{field, message, code}]}
      explain: (json) => {
        const j = json as { description?: unknown; message?: unknown; errors?: Array<{ field?: unknown; code?: unknown }> } | null;
        const fields = Array.isArray(j?.errors) ? j.errors.map((e) => `${String(e.field)} ${String(e.code)}`).join(', ') : '';
        return [j?.description ?? j?.message, fields].filter((w) => typeof w === 'string' && w).join(': ');
      },
    });
  }

  ticketUrl(id: string): string {
    return `${this.config.url}/a/tickets/${id}`;
  }

  protected async timelineHas(ticketId: string, marker: string): Promise<boolean> {
    // A ticket's conversations (replies and notes), oldest first; the first hundred are read.
    const conversations = await this.api.ok<Array<{ body_text?: string; body?: string }>>('GET', `/tickets/${ticketId}/conversations?per_page=100`);
    return conversations.some((c) => (c.body_text ?? c.body ?? '').includes(marker));
  }

  /** A private note: agents see it, the requester is not emailed. */
  protected async addToTimeline(ticketId: string, note: TimelineNote): Promise<void> {
    await this.api.ok('POST', `/tickets/${ticketId}/notes`, { body: freshdeskDescription(note.body), private: true });
  }

  protected async resolveTicket(ticketId: string): Promise<void> {
    await this.api.ok('PUT', `/tickets/${ticketId}`, { status: FRESHDESK_STATUS.resolved });
  }

  protected async reopenTicket(_event: HostEventBody, _contactId: number, ticketId: string): Promise<void> {
    await this.api.ok('PUT', `/tickets/${ticketId}`, { status: FRESHDESK_STATUS.open });
  }

  protected async createTicket(event: HostEventBody, contactId: number): Promise<void> {
    const tag = freshdeskConversationTag(contactId);
    const { phone, userId, name } = event.contact;
    const externalId = userId ? `whatsapp:${userId}` : `go2msg:${event.contact.id}`;
    const query = phone ? `phone=${encodeURIComponent(phone)}` : `unique_external_id=${encodeURIComponent(externalId)}`;
    let requesterId = (await this.api.ok<Array<{ id: number }>>('GET', `/contacts?${query}`))[0]?.id ?? null;
    if (requesterId !== null) {
      // An earlier attempt may have created the ticket before its answer was lost.
      const tickets = await this.api.ok<Array<{ id: number; tags?: string[] }>>('GET', `/tickets?requester_id=${requesterId}`);
      const existing = tickets.find((t) => t.tags?.includes(tag));
      if (existing) return this.link(contactId, String(existing.id));
    } else if (!phone) {
      const created = await this.api.ok<{ id?: number }>('POST', '/contacts', { name: name?.trim() || 'WhatsApp customer', unique_external_id: externalId });
      requesterId = created.id ?? null;
    }
    const text = event.conversation?.firstMessageText ?? null;
    const who = phone ?? name ?? 'a WhatsApp customer';
    const ticket = await this.api.ok<{ id?: number }>('POST', '/tickets', {
      subject: freshdeskSubject(text, who),
      description: freshdeskDescription(text?.trim() ? text : `WhatsApp conversation with ${who} (no text in the first message).`),
      ...(requesterId !== null ? { requester_id: requesterId } : { phone, name: name?.trim() || phone }),
      status: FRESHDESK_STATUS.open,
      priority: FRESHDESK_PRIORITY_LOW,
      source: FRESHDESK_SOURCE_CHAT,
      tags: [FRESHDESK_TAG, tag],
    });
    if (!ticket.id) throw new HostCallInterrupted({ kind: 'transient', status: null, reason: 'Freshdesk answered without a ticket' });
    await this.link(contactId, String(ticket.id));
  }
}
