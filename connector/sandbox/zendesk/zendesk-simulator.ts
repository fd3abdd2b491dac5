/**
 * A Zendesk Support account in memory, answering the Ticketing API as Zendesk does, for the
 * sandbox and the tests (ZENDESK_URL=sandbox). Shapes, errors and headers follow Zendesk's
 * published reference:
 * - Tickets: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/
 *   (create 201 `{ticket, audit}`; list `?external_id=` `{tickets, next_page, previous_page, count}`;
 *   update `{ticket, audit}`; a closed ticket refuses updates with 422, a follow-up is created
 *   with `via_followup_source_id`).
 * - Users: https://developer.zendesk.com/api-reference/ticketing/users/users/ (search
 *   `?query=` or `?external_id=` `{users, …}`; create 201 `{user}`).
 * - Errors: https://developer.zendesk.com/api-reference/introduction/requests/ (401
 *   `{"error":"Couldn't authenticate you"}`, 404 `RecordNotFound`, 422 `RecordInvalid` with
 *   `details`).
 * - Rate limits: https://developer.zendesk.com/api-reference/introduction/rate-limits/
 *   (`X-Rate-Limit`, `X-Rate-Limit-Remaining`, `ratelimit-limit/remaining/reset` on every answer;
 *   429 with `Retry-After` in seconds beyond the plan's requests per minute: 700 on Enterprise).
 * - Idempotency: https://developer.zendesk.com/api-reference/ticketing/introduction/#idempotency
 *   (`Idempotency-Key` on ticket creation: the same key answers the first ticket again, with
 *   `x-idempotency-lookup: hit`; the same key with another payload is a 400).
 * - Webhooks: https://developer.zendesk.com/documentation/webhooks/verifying/ (signed with
 *   base64(HMAC-SHA256(secret, timestamp + body)) in `X-Zendesk-Webhook-Signature`, the
 *   timestamp in `X-Zendesk-Webhook-Signature-Timestamp`), in the event-subscription shape of
 *   https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/
 *   (`zen:event-type:ticket.status_changed`).
 */
import { createHmac } from 'node:crypto';

export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';

export interface SimTicket {
  id: number;
  url: string;
  external_id: string | null;
  subject: string;
  description: string;
  status: TicketStatus;
  requester_id: number;
  submitter_id: number;
  tags: string[];
  via: { channel: 'api'; source: { from: Record<string, never>; to: Record<string, never>; rel: null } };
  via_followup_source_id: number | null;
  comments: Array<{ body: string; public: boolean }>;
  created_at: string;
  updated_at: string;
}

export interface SimUser {
  id: number;
  url: string;
  name: string;
  phone: string | null;
  external_id: string | null;
  role: 'end-user';
  created_at: string;
}

export interface SimAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ZendeskSimulatorOptions {
  /** Where the simulator is served, e.g. http://localhost:8080/sandbox/zendesk. */
  baseUrl: string;
  email: string;
  apiToken: string;
  webhookSecret: string;
  /** The plan's requests per minute (Enterprise: 700). */
  requestsPerMinute?: number;
  /** Share of requests answered 500 or left without an answer (0–1), as a flaky network would. */
  faultRate?: number;
  random?: () => number;
  now?: () => number;
  fetch?: typeof fetch;
}

const AGENT_ID = 9001;

export class ZendeskSimulator {
  readonly tickets = new Map<number, SimTicket>();
  readonly users = new Map<number, SimUser>();
  /** Every ticket creation that reached the simulator (the tests count duplicates here). */
  readonly createRequests: Array<{ externalId: string | null; idempotencyKey: string | null }> = [];
  private readonly idempotency = new Map<string, { payload: string; ticketId: number }>();
  private nextTicketId = 1001;
  private nextUserId = 5001;
  private window = { startedAt: 0, used: 0 };
  faultRate: number;
  /** Where signed webhooks go (the connector's /webhooks/zendesk); null sends none. */
  webhookUrl: string | null = null;
  /** The token Zendesk accepts; a test changes it to play a revoked token. */
  apiToken: string;

  constructor(private readonly options: ZendeskSimulatorOptions) {
    this.faultRate = options.faultRate ?? 0;
    this.apiToken = options.apiToken;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private iso(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Basic auth as `{email}/token:{api_token}`. */
  authorized(header: string | undefined): boolean {
    const match = /^Basic (.+)$/.exec(header ?? '');
    return !!match && Buffer.from(match[1]!, 'base64').toString('utf8') === `${this.options.email}/token:${this.apiToken}`;
  }

  /** The account's per-minute window: the headers every answer carries, or a 429. */
  rateLimit(): { headers: Record<string, string>; refused: SimAnswer | null } {
    const limit = this.options.requestsPerMinute ?? 700;
    const now = this.now();
    if (now - this.window.startedAt >= 60_000) this.window = { startedAt: now, used: 0 };
    const reset = Math.max(1, Math.ceil((this.window.startedAt + 60_000 - now) / 1000));
    if (this.window.used >= limit) {
      const headers = {
        'x-rate-limit': String(limit),
        'x-rate-limit-remaining': '0',
        'ratelimit-limit': String(limit),
        'ratelimit-remaining': '0',
        'ratelimit-reset': String(reset),
        'retry-after': String(reset),
      };
      return { headers, refused: { status: 429, body: 'Number of allowed API requests per minute exceeded', headers } };
    }
    this.window.used += 1;
    const remaining = String(limit - this.window.used);
    return {
      headers: {
        'x-rate-limit': String(limit),
        'x-rate-limit-remaining': remaining,
        'ratelimit-limit': String(limit),
        'ratelimit-remaining': remaining,
        'ratelimit-reset': String(reset),
      },
      refused: null,
    };
  }

  /** A fault drawn for this request: a 500 before doing anything, or a timeout after doing it (the answer is lost). */
  drawFault(): 'error' | 'lost' | null {
    if (this.faultRate <= 0 || (this.options.random ?? Math.random)() >= this.faultRate) return null;
    return (this.options.random ?? Math.random)() < 0.5 ? 'error' : 'lost';
  }

  agentTicketUrl(id: number): string {
    return `${this.options.baseUrl}/agent/tickets/${id}`;
  }

  private ticketView(t: SimTicket): Omit<SimTicket, 'comments'> {
    const { comments: _comments, ...rest } = t;
    return rest;
  }

  searchUsers(query: { query?: string; external_id?: string }): SimAnswer {
    const q = query.query
      ?.replace(/^phone:/, '')
      .replace(/"/g, '')
      .trim();
    const users = [...this.users.values()].filter((u) => (query.external_id ? u.external_id === query.external_id : q ? u.phone === q || u.name === q : false));
    return { status: 200, body: { users, next_page: null, previous_page: null, count: users.length } };
  }

  createUser(body: unknown): SimAnswer {
    const user = (body as { user?: { name?: unknown; phone?: unknown; external_id?: unknown } } | null)?.user;
    if (!user || typeof user.name !== 'string' || !user.name.trim()) {
      return {
        status: 422,
        body: {
          error: 'RecordInvalid',
          description: 'Record validation errors',
          details: { name: [{ description: 'Name: is too short (minimum is 1 character)', error: 'InvalidValue' }] },
        },
      };
    }
    const id = this.nextUserId++;
    const created: SimUser = {
      id,
      url: `${this.options.baseUrl}/api/v2/users/${id}.json`,
      name: user.name,
      phone: typeof user.phone === 'string' ? user.phone : null,
      external_id: typeof user.external_id === 'string' ? user.external_id : null,
      role: 'end-user',
      created_at: this.iso(),
    };
    this.users.set(id, created);
    return { status: 201, body: { user: created } };
  }

  createTicket(body: unknown, idempotencyKey: string | null): SimAnswer {
    const payload = JSON.stringify(body);
    if (idempotencyKey) {
      const seen = this.idempotency.get(idempotencyKey);
      if (seen && seen.payload !== payload)
        return { status: 400, body: { error: 'IdempotentRequestError', description: 'Idempotency key reused with a different payload' } };
      if (seen) return { status: 201, body: { ticket: this.ticketView(this.tickets.get(seen.ticketId)!) }, headers: { 'x-idempotency-lookup': 'hit' } };
    }
    const ticket = (body as { ticket?: Record<string, unknown> } | null)?.ticket;
    const comment = ticket?.comment as { body?: unknown } | undefined;
    this.createRequests.push({ externalId: typeof ticket?.external_id === 'string' ? ticket.external_id : null, idempotencyKey });
    if (!ticket || typeof comment?.body !== 'string' || !comment.body) {
      return {
        status: 422,
        body: {
          error: 'RecordInvalid',
          description: 'Record validation errors',
          details: { base: [{ description: 'Description: cannot be blank', error: 'BlankValue' }] },
        },
      };
    }
    const requester = Number(ticket.requester_id);
    if (!this.users.has(requester)) {
      return {
        status: 422,
        body: {
          error: 'RecordInvalid',
          description: 'Record validation errors',
          details: { requester: [{ description: 'Requester: is invalid', error: 'InvalidValue' }] },
        },
      };
    }
    const id = this.nextTicketId++;
    const at = this.iso();
    const created: SimTicket = {
      id,
      url: `${this.options.baseUrl}/api/v2/tickets/${id}.json`,
      external_id: typeof ticket.external_id === 'string' ? ticket.external_id : null,
      subject: typeof ticket.subject === 'string' && ticket.subject ? ticket.subject : comment.body.slice(0, 80),
      description: comment.body,
      status: 'new',
      requester_id: requester,
      submitter_id: AGENT_ID,
      tags: Array.isArray(ticket.tags) ? ticket.tags.map(String) : [],
      via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
      via_followup_source_id: typeof ticket.via_followup_source_id === 'number' ? ticket.via_followup_source_id : null,
      comments: [{ body: comment.body, public: true }],
      created_at: at,
      updated_at: at,
    };
    this.tickets.set(id, created);
    if (idempotencyKey) this.idempotency.set(idempotencyKey, { payload, ticketId: id });
    return {
      status: 201,
      body: { ticket: this.ticketView(created), audit: { id: id * 10, ticket_id: id, created_at: at, author_id: AGENT_ID, events: [{ type: 'Create' }] } },
      headers: idempotencyKey ? { 'x-idempotency-lookup': 'miss' } : {},
    };
  }

  listTickets(query: { external_id?: string }): SimAnswer {
    const tickets = [...this.tickets.values()]
      .filter((t) => query.external_id === undefined || t.external_id === query.external_id)
      .map((t) => this.ticketView(t));
    return { status: 200, body: { tickets, next_page: null, previous_page: null, count: tickets.length } };
  }

  showTicket(id: number): SimAnswer {
    const ticket = this.tickets.get(id);
    return ticket ? { status: 200, body: { ticket: this.ticketView(ticket) } } : { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
  }

  /** A ticket's comments (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/), oldest first or `sort_order=desc`. */
  listComments(id: number, sortOrder: string | undefined): SimAnswer {
    const ticket = this.tickets.get(id);
    if (!ticket) return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
    const comments = ticket.comments.map((c, i) => ({
      id: id * 1000 + i,
      type: 'Comment',
      body: c.body,
      public: c.public,
      author_id: i === 0 ? ticket.requester_id : AGENT_ID,
      created_at: ticket.created_at,
    }));
    if (sortOrder === 'desc') comments.reverse();
    return { status: 200, body: { comments, next_page: null, previous_page: null, count: comments.length } };
  }

  updateTicket(id: number, body: unknown): SimAnswer {
    const ticket = this.tickets.get(id);
    if (!ticket) return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
    if (ticket.status === 'closed') {
      return {
        status: 422,
        body: {
          error: 'RecordInvalid',
          description: 'Record validation errors',
          details: { status: [{ description: 'Status: closed prevents ticket update', error: 'InvalidValue' }] },
        },
      };
    }
    const change = (body as { ticket?: { status?: unknown; comment?: { body?: unknown; public?: unknown } } } | null)?.ticket ?? {};
    if (typeof change.status === 'string') ticket.status = change.status as TicketStatus;
    if (typeof change.comment?.body === 'string') ticket.comments.push({ body: change.comment.body, public: change.comment.public !== false });
    ticket.updated_at = this.iso();
    return {
      status: 200,
      body: {
        ticket: this.ticketView(ticket),
        audit: { id: Date.now(), ticket_id: id, created_at: ticket.updated_at, author_id: AGENT_ID, events: [{ type: 'Change' }] },
      },
    };
  }

  /**
   * An agent changes a ticket's status in Zendesk (the sandbox's ticket page, or a test);
   * the account's webhook tells the connector, signed.
   */
  async agentSetsStatus(id: number, status: TicketStatus): Promise<number | null> {
    const ticket = this.tickets.get(id);
    if (!ticket) return null;
    const previous = ticket.status;
    ticket.status = status;
    ticket.updated_at = this.iso();
    if (!this.webhookUrl) return null;
    const body = JSON.stringify({
      type: 'zen:event-type:ticket.status_changed',
      account_id: 1,
      id: `evt-${id}-${this.now()}`,
      time: ticket.updated_at,
      zendesk_event_version: '2022-11-06',
      subject: `zen:ticket:${id}`,
      detail: {
        id: String(id),
        external_id: ticket.external_id,
        status: status.toUpperCase(),
        requester_id: String(ticket.requester_id),
        subject: ticket.subject,
      },
      event: { current: status.toUpperCase(), previous: previous.toUpperCase() },
    });
    const timestamp = ticket.updated_at;
    const response = await (this.options.fetch ?? fetch)(this.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': signZendeskWebhook(this.options.webhookSecret, timestamp, body),
        'x-zendesk-webhook-signature-timestamp': timestamp,
      },
      body,
    });
    return response.status;
  }
}

/** Zendesk's webhook signature: base64(HMAC-SHA256(secret, timestamp + body)). */
export function signZendeskWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret)
    .update(timestamp + body)
    .digest('base64');
}
