/**
 * Zendesk (issue 14): a ticket per conversation through the Tickets API, linked both ways.
 *
 * - created or reopened with no ticket yet: the requester is found by phone (or by the
 *   business-scoped id as `external_id`) through the Users API, or created; then a ticket
 *   tagged `whatsapp`, its subject from the first message and that message as its
 *   description (Zendesk sets `via` to the API channel), with `external_id`
 *   `go2msg:<contact id>` so the ticket names its conversation. The ticket's id and agent URL
 *   are stored on the conversation (`host_links`).
 * - reopened with a ticket: the ticket is opened again with an internal note; a closed
 *   ticket cannot be (422), so a follow-up ticket is created and linked instead.
 * - resolved: the ticket is solved, unless Zendesk itself solved it (its webhook resolved
 *   the conversation; such events are not sent back).
 *
 * Calls are safe to repeat, since an answer may be lost after Zendesk acted: the link row is
 * claimed first (one per conversation, its primary key); a link without a ticket means an
 * earlier attempt may have created one, so the ticket is looked up by `external_id` before
 * creating; the creation carries the event id as Zendesk's `Idempotency-Key`.
 */
import type { HostEventBody } from '@domain/host-events';
import type { TimelineNote } from '@domain/host-timeline';
import { zendeskSubject, zendeskTicketExternalId, ZENDESK_TAG } from '@domain/zendesk';
import { HostCallInterrupted } from './host-http';
import { basicCredential, TicketHost, type TicketHostDeps } from './ticket-host';

export interface ZendeskHostConfig {
  /** https://<subdomain>.zendesk.com, or the sandbox simulator's base URL. */
  url: string;
  email: string;
  apiToken: string;
  timeoutMs: number;
  sandbox: boolean;
}

export const ZENDESK_HOST = 'zendesk';

export class ZendeskHost extends TicketHost {
  constructor(
    private readonly config: ZendeskHostConfig,
    deps: TicketHostDeps,
  ) {
    super(ZENDESK_HOST, deps, {
      product: 'Zendesk',
      url: config.url,
      sandbox: config.sandbox,
      apiPath: '/api/v2',
      // API token authentication: https://developer.zendesk.com/api-reference/introduction/security-and-auth/
      ...basicCredential(`${config.email}/token:${config.apiToken}`, config.apiToken),
      timeoutMs: config.timeoutMs,
      configVariables: 'ZENDESK_EMAIL and ZENDESK_API_TOKEN',
      // Zendesk's errors: {"error": "RecordInvalid", "description": "Record validation errors", "details": {…}}
      explain: (json) =>
        [(json as { error?: unknown } | null)?.error, (json as { description?: unknown } | null)?.description].filter((w) => typeof w === 'string').join(': '),
    });
  }

  ticketUrl(id: string): string {
    return `${this.config.url}/agent/tickets/${id}`;
  }

  protected async resolveTicket(ticketId: string): Promise<void> {
    // A closed ticket (422) is already done.
    await this.update(ticketId, { status: 'solved' });
  }

  protected reopenTicket(event: HostEventBody, contactId: number, ticketId: string): Promise<void> {
    return this.reopen(event, contactId, ticketId);
  }

  protected async createTicket(event: HostEventBody, contactId: number, followUpOf: string | null = null): Promise<void> {
    const externalId = zendeskTicketExternalId(contactId);
    // An earlier attempt may have created it before its answer was lost.
    if (!followUpOf) {
      const found = await this.api.ok<{ tickets?: Array<{ id: number }> }>('GET', `/tickets.json?external_id=${encodeURIComponent(externalId)}`);
      const existing = found.tickets?.at(-1);
      if (existing) return this.link(contactId, String(existing.id));
    }
    const requesterId = await this.requester(event);
    const text = event.conversation?.firstMessageText ?? null;
    const who = event.contact.phone ?? event.contact.name ?? 'a WhatsApp customer';
    const created = await this.api.ok<{ ticket?: { id: number } }>(
      'POST',
      '/tickets.json',
      {
        ticket: {
          subject: zendeskSubject(text, who),
          comment: { body: text?.trim() ? text : `WhatsApp conversation with ${who} (no text in the first message).`, public: true },
          requester_id: requesterId,
          tags: [ZENDESK_TAG],
          external_id: externalId,
          ...(followUpOf ? { via_followup_source_id: Number(followUpOf) } : {}),
        },
      },
      { 'idempotency-key': followUpOf ? `${event.id}:followup` : event.id },
    );
    if (!created.ticket) throw new HostCallInterrupted({ kind: 'transient', status: null, reason: 'Zendesk answered without a ticket' });
    await this.link(contactId, String(created.ticket.id));
  }

  /** The customer's Zendesk user: by phone, or by business-scoped id, or created. */
  private async requester(event: HostEventBody): Promise<number> {
    const { phone, userId, name } = event.contact;
    const externalId = userId ? `whatsapp:${userId}` : `go2msg:${event.contact.id}`;
    const query = phone ? `query=${encodeURIComponent(`phone:${phone}`)}` : `external_id=${encodeURIComponent(externalId)}`;
    const found = await this.api.ok<{ users?: Array<{ id: number }> }>('GET', `/users/search.json?${query}`);
    if (found.users?.[0]) return found.users[0].id;
    const created = await this.api.ok<{ user?: { id: number } }>('POST', '/users.json', {
      user: { name: name?.trim() || phone || 'WhatsApp customer', role: 'end-user', ...(phone ? { phone } : {}), external_id: externalId },
    });
    if (!created.user) throw new HostCallInterrupted({ kind: 'transient', status: null, reason: 'Zendesk answered without a user' });
    return created.user.id;
  }

  protected async timelineHas(ticketId: string, marker: string): Promise<boolean> {
    const page = await this.api.ok<{ comments?: Array<{ body?: string }> }>('GET', `/tickets/${ticketId}/comments.json?sort_order=desc`);
    return (page.comments ?? []).some((c) => c.body?.includes(marker));
  }

  /**
   * An internal note (public: false), for the customer's messages and the agents' replies alike:
   * a public comment is emailed to the requester by Zendesk's default triggers, so the customer
   * would get each WhatsApp message again by email (and an agent's copy would read as sent twice).
   * A closed ticket takes no note (422); the conversation goes on in the panel.
   */
  protected async addToTimeline(ticketId: string, note: TimelineNote): Promise<void> {
    await this.update(ticketId, { comment: { body: note.body, public: false } });
  }

  /** Updates a ticket; a 422 (a closed ticket) is the caller's to handle. */
  private async update(ticketId: string, ticket: Record<string, unknown>): Promise<number | null> {
    const answer = await this.api.call('PUT', `/tickets/${ticketId}.json`, { ticket });
    if (answer.outcome.kind !== 'delivered' && answer.status !== 422) throw new HostCallInterrupted(this.api.explained(answer));
    return answer.status;
  }

  private async reopen(event: HostEventBody, contactId: number, ticketId: string): Promise<void> {
    const note = `The customer wrote again on WhatsApp${event.conversation?.firstMessageText ? `: ${event.conversation.firstMessageText}` : ''}`;
    const status = await this.update(ticketId, { status: 'open', comment: { body: note, public: false } });
    // A closed ticket takes no update: the conversation goes on in a follow-up ticket.
    if (status === 422) await this.createTicket(event, contactId, ticketId);
  }
}
