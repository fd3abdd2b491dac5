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
import type { HostCallOutcome } from '@domain/host-delivery';
import type { HostEventBody, HostEventType } from '@domain/host-events';
import { zendeskSubject, zendeskTicketExternalId, ZENDESK_TAG } from '@domain/zendesk';
import type { Db } from '../../store/db';
import { claimHostLink, type ClaimedDelivery } from '../../store/host-deliveries';
import type { Clock } from '../clock';
import type { LiveFeed } from '../live-feed';
import { deliverWith, HostApi, HostCallInterrupted } from './host-http';
import { linkRecord } from './host-links';
import type { HostAdapter } from './host-outbox';

export interface ZendeskHostConfig {
  /** https://<subdomain>.zendesk.com, or the sandbox simulator's base URL. */
  url: string;
  email: string;
  apiToken: string;
  timeoutMs: number;
  sandbox: boolean;
}

export const ZENDESK_HOST = 'zendesk';
const WANTED = new Set<HostEventType>(['conversation.created', 'conversation.reopened', 'conversation.resolved']);

export class ZendeskHost implements HostAdapter {
  readonly name = ZENDESK_HOST;
  readonly label: string;
  readonly configVariables = 'ZENDESK_EMAIL and ZENDESK_API_TOKEN';
  readonly secrets: readonly string[];
  private readonly api: HostApi;

  constructor(
    private readonly config: ZendeskHostConfig,
    private readonly deps: { db: Db; clock: Clock; live: LiveFeed; fetch: typeof fetch; wallClock: Clock },
  ) {
    this.label = config.sandbox ? 'Zendesk (sandbox)' : `Zendesk (${new URL(config.url).host})`;
    // API token authentication: https://developer.zendesk.com/api-reference/introduction/security-and-auth/
    const basic = Buffer.from(`${config.email}/token:${config.apiToken}`).toString('base64');
    this.secrets = [config.apiToken, basic];
    this.api = new HostApi({
      doFetch: deps.fetch,
      baseUrl: `${config.url}/api/v2`,
      authorization: `Basic ${basic}`,
      timeoutMs: config.timeoutMs,
      now: () => deps.wallClock.now(),
      // Zendesk's errors: {"error": "RecordInvalid", "description": "Record validation errors", "details": {…}}
      explain: (json) => [(json as { error?: unknown } | null)?.error, (json as { description?: unknown } | null)?.description].filter((w) => typeof w === 'string').join(': '),
    });
  }

  wants(type: HostEventType): boolean {
    return WANTED.has(type);
  }

  /** The ticket's page for agents. */
  ticketUrl(id: string): string {
    return `${this.config.url}/agent/tickets/${id}`;
  }

  deliver(delivery: ClaimedDelivery): Promise<HostCallOutcome> {
    return deliverWith(async () => {
      const event = delivery.event;
      const link = await claimHostLink(this.deps.db, ZENDESK_HOST, delivery.contactId, this.deps.clock.now());
      if (event.type === 'conversation.resolved') {
        if (link.recordId) await this.update(link.recordId, { status: 'solved' });
      } else if (!link.recordId) {
        await this.createTicket(event, delivery.contactId);
      } else if (event.type === 'conversation.reopened') {
        await this.reopen(event, delivery.contactId, link.recordId);
      }
    });
  }

  private async createTicket(event: HostEventBody, contactId: number, followUpOf: string | null = null): Promise<void> {
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

  private link(contactId: number, ticketId: string): Promise<void> {
    return linkRecord(this.deps, ZENDESK_HOST, contactId, { id: ticketId, url: this.ticketUrl(ticketId) });
  }

  /** The customer's Zendesk user: by phone, or by business-scoped id, or created. */
  private async requester(event: HostEventBody): Promise<number> {
    const { phone, userId, name } = event.contact;
    const externalId = userId ? `whatsapp:${userId}` : `go2msg:${event.contact.id}`;
    const query = phone ? `query=${encodeURIComponent(`phone:${phone}`)}` : `external_id=${encodeURIComponent(externalId)}`;
    const found = await this.api.ok<{ users?: Array<{ id: number }> }>('GET', `/users/search.json?${query}`);
    if (found.users?.[0]) return found.users[0].id;
    const created = await this.api.ok<{ user?: { id: number } }>('POST', '/users.json', { user: { name: name?.trim() || phone || 'WhatsApp customer', role: 'end-user', ...(phone ? { phone } : {}), external_id: externalId } });
    if (!created.user) throw new HostCallInterrupted({ kind: 'transient', status: null, reason: 'Zendesk answered without a user' });
    return created.user.id;
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
