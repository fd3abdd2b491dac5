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
import { claimHostLink, saveHostRecord, type ClaimedDelivery } from '../../store/host-deliveries';
import type { Clock } from '../clock';
import { announceConversations } from '../conversations';
import type { LiveFeed } from '../live-feed';
import { callHost, type HostAnswer } from './host-http';
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

/** Stops a sequence of calls at the first answer that is not a success. */
class Interrupted extends Error {
  constructor(readonly outcome: HostCallOutcome) {
    super('interrupted');
  }
}

export class ZendeskHost implements HostAdapter {
  readonly name = ZENDESK_HOST;
  readonly label: string;
  readonly configVariables = 'ZENDESK_EMAIL and ZENDESK_API_TOKEN';
  readonly secrets: readonly string[];
  private readonly authorization: string;

  constructor(
    private readonly config: ZendeskHostConfig,
    private readonly deps: { db: Db; clock: Clock; live: LiveFeed; fetch: typeof fetch; wallClock: Clock },
  ) {
    this.label = config.sandbox ? 'Zendesk (sandbox)' : `Zendesk (${new URL(config.url).host})`;
    // API token authentication: https://developer.zendesk.com/api-reference/introduction/security-and-auth/
    this.authorization = `Basic ${Buffer.from(`${config.email}/token:${config.apiToken}`).toString('base64')}`;
    this.secrets = [config.apiToken, this.authorization.slice('Basic '.length)];
  }

  wants(type: HostEventType): boolean {
    return WANTED.has(type);
  }

  /** The ticket's page for agents. */
  ticketUrl(id: string): string {
    return `${this.config.url}/agent/tickets/${id}`;
  }

  async deliver(delivery: ClaimedDelivery): Promise<HostCallOutcome> {
    try {
      const event = delivery.event;
      const link = await claimHostLink(this.deps.db, ZENDESK_HOST, delivery.contactId, this.deps.clock.now());
      if (event.type === 'conversation.resolved') {
        if (link.recordId) await this.update(link.recordId, { status: 'solved' });
      } else if (!link.recordId) {
        await this.createTicket(event, delivery.contactId);
      } else if (event.type === 'conversation.reopened') {
        await this.reopen(event, delivery.contactId, link.recordId);
      }
      return { kind: 'delivered' };
    } catch (error) {
      if (error instanceof Interrupted) return error.outcome;
      throw error;
    }
  }

  private async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HostAnswer> {
    return callHost(
      this.deps.fetch,
      `${this.config.url}/api/v2${path}`,
      { method, headers: { authorization: this.authorization, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined },
      this.config.timeoutMs,
      () => this.deps.wallClock.now(),
    );
  }

  private async ok(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Record<string, unknown>> {
    const answer = await this.call(method, path, body, headers);
    if (answer.outcome.kind !== 'delivered') throw new Interrupted(withZendeskReason(answer));
    return (answer.json ?? {}) as Record<string, unknown>;
  }

  private async createTicket(event: HostEventBody, contactId: number, followUpOf: string | null = null): Promise<void> {
    const externalId = zendeskTicketExternalId(contactId);
    // An earlier attempt may have created it before its answer was lost.
    if (!followUpOf) {
      const found = (await this.ok('GET', `/tickets.json?external_id=${encodeURIComponent(externalId)}`)) as { tickets?: Array<{ id: number }> };
      const existing = found.tickets?.at(-1);
      if (existing) return this.link(contactId, String(existing.id));
    }
    const requesterId = await this.requester(event);
    const text = event.conversation?.firstMessageText ?? null;
    const who = event.contact.phone ?? event.contact.name ?? 'a WhatsApp customer';
    const created = (await this.ok(
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
    )) as { ticket?: { id: number } };
    if (!created.ticket) throw new Interrupted({ kind: 'transient', status: null, reason: 'Zendesk answered without a ticket' });
    await this.link(contactId, String(created.ticket.id));
  }

  /** Stores the ticket on the conversation; open inboxes and panels show it at once ("Ticket #1234"). */
  private async link(contactId: number, ticketId: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (trx) => {
      await saveHostRecord(trx, ZENDESK_HOST, contactId, { id: ticketId, url: this.ticketUrl(ticketId) }, now);
      await announceConversations(trx, [contactId], 'change', now);
    });
    this.deps.live.notify();
  }

  /** The customer's Zendesk user: by phone, or by business-scoped id, or created. */
  private async requester(event: HostEventBody): Promise<number> {
    const { phone, userId, name } = event.contact;
    const externalId = userId ? `whatsapp:${userId}` : null;
    const query = phone ? `query=${encodeURIComponent(`phone:${phone}`)}` : `external_id=${encodeURIComponent(externalId ?? `go2msg:${event.contact.id}`)}`;
    const found = (await this.ok('GET', `/users/search.json?${query}`)) as { users?: Array<{ id: number }> };
    if (found.users?.[0]) return found.users[0].id;
    const created = (await this.ok('POST', '/users.json', { user: { name: name?.trim() || phone || 'WhatsApp customer', role: 'end-user', ...(phone ? { phone } : {}), ...(externalId ? { external_id: externalId } : { external_id: `go2msg:${event.contact.id}` }) } })) as {
      user?: { id: number };
    };
    if (!created.user) throw new Interrupted({ kind: 'transient', status: null, reason: 'Zendesk answered without a user' });
    return created.user.id;
  }

  private async update(ticketId: string, ticket: Record<string, unknown>): Promise<HostAnswer> {
    const answer = await this.call('PUT', `/tickets/${ticketId}.json`, { ticket });
    if (answer.outcome.kind !== 'delivered' && answer.status !== 422) throw new Interrupted(withZendeskReason(answer));
    return answer;
  }

  private async reopen(event: HostEventBody, contactId: number, ticketId: string): Promise<void> {
    const note = `The customer wrote again on WhatsApp${event.conversation?.firstMessageText ? `: ${event.conversation.firstMessageText}` : ''}`;
    const answer = await this.update(ticketId, { status: 'open', comment: { body: note, public: false } });
    // A closed ticket takes no update: the conversation goes on in a follow-up ticket.
    if (answer.status === 422) await this.createTicket(event, contactId, ticketId);
  }
}

/** Zendesk's own words for a refusal (`error`, `description`), kept with a dead letter. */
function withZendeskReason(answer: HostAnswer): HostCallOutcome {
  const outcome = answer.outcome;
  if (outcome.kind !== 'permanent' && outcome.kind !== 'transient') return outcome;
  const json = answer.json as { error?: unknown; description?: unknown } | null;
  const words = [json?.error, json?.description].filter((w) => typeof w === 'string').join(': ');
  return words ? { ...outcome, reason: `${outcome.reason} (${words.slice(0, 300)})` } : outcome;
}
