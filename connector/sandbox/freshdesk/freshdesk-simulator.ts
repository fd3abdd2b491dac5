/**
 * A Freshdesk account in memory, answering its API v2 as Freshdesk does, for the sandbox and
 * the tests (FRESHDESK_URL=sandbox). Shapes, errors and headers follow Freshdesk's reference,
 * https://developers.freshdesk.com/api/ :
 * - Authentication: basic auth with the API key as the user name and "X" as the password; a
 *   wrong key is 401 `{"code":"invalid_credentials","message":"You have to be logged in to perform this action."}`.
 * - Contacts (#contacts): `GET /api/v2/contacts?phone=` lists matches (an array); `POST` creates,
 *   409 with `duplicate_value` for a phone already taken.
 * - Tickets (#tickets): `POST /api/v2/tickets` with `subject`, HTML `description`, a requester
 *   (`requester_id`, or `phone` + `name`, which creates the contact), `status`, `priority`,
 *   `source`, `tags` answers 201 with the ticket; a missing field is 400
 *   `{"description":"Validation failed","errors":[{field,message,code}]}`;
 *   `GET /api/v2/tickets?requester_id=` lists a requester's tickets (newest first);
 *   `PUT /api/v2/tickets/{id}` updates (`status` 2 Open, 3 Pending, 4 Resolved, 5 Closed).
 * - Rate limits (#ratelimit): `X-RateLimit-Total`, `X-RateLimit-Remaining`,
 *   `X-RateLimit-Used-CurrentRequest` on every answer; past the plan's calls per minute, 429
 *   with `Retry-After` in seconds.
 * Automations call a webhook with the custom headers the admin sets; this account sends
 * `X-Go2msg-Webhook-Token` (Freshdesk does not sign webhooks).
 */
import { FRESHDESK_STATUS } from '@domain/freshdesk';

export interface FdContact {
  id: number;
  name: string;
  phone: string | null;
  unique_external_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface FdTicket {
  id: number;
  subject: string;
  description: string;
  description_text: string;
  status: number;
  priority: number;
  source: number;
  requester_id: number;
  tags: string[];
  created_at: string;
  updated_at: string;
}

export interface FdAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const STATUS_LABEL: Record<number, string> = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' };

export class FreshdeskSimulator {
  readonly tickets = new Map<number, FdTicket>();
  readonly contacts = new Map<number, FdContact>();
  readonly createRequests: number[] = [];
  private nextTicketId = 1;
  private nextContactId = 101;
  private window = { startedAt: 0, used: 0 };
  faultRate: number;
  apiKey: string;
  webhookUrl: string | null = null;

  constructor(
    private readonly options: {
      baseUrl: string;
      apiKey: string;
      webhookToken: string;
      callsPerMinute?: number;
      faultRate?: number;
      random?: () => number;
      fetch?: typeof fetch;
    },
  ) {
    this.apiKey = options.apiKey;
    this.faultRate = options.faultRate ?? 0;
  }

  authorized(header: string | undefined): boolean {
    const match = /^Basic (.+)$/.exec(header ?? '');
    return !!match && Buffer.from(match[1]!, 'base64').toString('utf8') === `${this.apiKey}:X`;
  }

  rateLimit(): { headers: Record<string, string>; refused: FdAnswer | null } {
    const limit = this.options.callsPerMinute ?? 400;
    const now = Date.now();
    if (now - this.window.startedAt >= 60_000) this.window = { startedAt: now, used: 0 };
    if (this.window.used >= limit) {
      const headers = {
        'x-ratelimit-total': String(limit),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used-currentrequest': '1',
        'retry-after': String(Math.max(1, Math.ceil((this.window.startedAt + 60_000 - now) / 1000))),
      };
      return { headers, refused: { status: 429, body: { message: 'You have exceeded the limit of requests per minute' }, headers } };
    }
    this.window.used += 1;
    return {
      headers: { 'x-ratelimit-total': String(limit), 'x-ratelimit-remaining': String(limit - this.window.used), 'x-ratelimit-used-currentrequest': '1' },
      refused: null,
    };
  }

  drawFault(): 'error' | 'lost' | null {
    const random = this.options.random ?? Math.random;
    if (this.faultRate <= 0 || random() >= this.faultRate) return null;
    return random() < 0.5 ? 'error' : 'lost';
  }

  agentTicketUrl(id: number): string {
    return `${this.options.baseUrl}/a/tickets/${id}`;
  }

  private iso(): string {
    return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  listContacts(query: { phone?: string; unique_external_id?: string }): FdAnswer {
    const found = [...this.contacts.values()].filter((c) =>
      query.phone ? c.phone === query.phone : query.unique_external_id ? c.unique_external_id === query.unique_external_id : true,
    );
    return { status: 200, body: found };
  }

  private addContact(name: string, phone: string | null, externalId: string | null): FdContact {
    const at = this.iso();
    const contact: FdContact = { id: this.nextContactId++, name, phone, unique_external_id: externalId, created_at: at, updated_at: at };
    this.contacts.set(contact.id, contact);
    return contact;
  }

  createContact(body: unknown): FdAnswer {
    const b = (body ?? {}) as { name?: unknown; phone?: unknown; unique_external_id?: unknown };
    if (typeof b.name !== 'string' || !b.name)
      return {
        status: 400,
        body: { description: 'Validation failed', errors: [{ field: 'name', message: 'It should be a/an String', code: 'missing_field' }] },
      };
    const phone = typeof b.phone === 'string' ? b.phone : null;
    const taken = phone ? [...this.contacts.values()].find((c) => c.phone === phone) : undefined;
    if (taken)
      return {
        status: 409,
        body: {
          description: 'Validation failed',
          errors: [{ field: 'phone', message: 'It should be a unique value', code: 'duplicate_value', additional_info: { user_id: taken.id } }],
        },
      };
    return { status: 201, body: this.addContact(b.name, phone, typeof b.unique_external_id === 'string' ? b.unique_external_id : null) };
  }

  createTicket(body: unknown): FdAnswer {
    const b = (body ?? {}) as Record<string, unknown>;
    this.createRequests.push(Date.now());
    const missing = ['subject', 'description', 'status', 'priority'].filter((f) => b[f] === undefined || b[f] === '');
    if (missing.length)
      return {
        status: 400,
        body: { description: 'Validation failed', errors: missing.map((field) => ({ field, message: 'It should be a/an String', code: 'missing_field' })) },
      };
    let requester = typeof b.requester_id === 'number' ? this.contacts.get(b.requester_id) : undefined;
    if (!requester && typeof b.phone === 'string') {
      requester = [...this.contacts.values()].find((c) => c.phone === b.phone);
      if (!requester) {
        if (typeof b.name !== 'string' || !b.name)
          return {
            status: 400,
            body: { description: 'Validation failed', errors: [{ field: 'name', message: 'Name is mandatory when phone is given', code: 'missing_field' }] },
          };
        requester = this.addContact(b.name, b.phone, null);
      }
    }
    if (!requester)
      return {
        status: 400,
        body: {
          description: 'Validation failed',
          errors: [{ field: 'requester_id', message: 'Please fill at least 1 of email, mobile, phone, requester_id fields', code: 'missing_field' }],
        },
      };
    const at = this.iso();
    const ticket: FdTicket = {
      id: this.nextTicketId++,
      subject: String(b.subject),
      description: String(b.description),
      description_text: String(b.description)
        .replace(/<br>/g, '\n')
        .replace(/<[^>]+>/g, ''),
      status: Number(b.status),
      priority: Number(b.priority),
      source: Number(b.source ?? 2),
      requester_id: requester.id,
      tags: Array.isArray(b.tags) ? b.tags.map(String) : [],
      created_at: at,
      updated_at: at,
    };
    this.tickets.set(ticket.id, ticket);
    return { status: 201, body: ticket };
  }

  listTickets(query: { requester_id?: string }): FdAnswer {
    const found = [...this.tickets.values()].filter((t) => query.requester_id === undefined || t.requester_id === Number(query.requester_id)).reverse();
    return { status: 200, body: found };
  }

  /** Notes by ticket (https://developers.freshdesk.com/api/#add_note_to_a_ticket): `POST /tickets/{id}/notes` {body (HTML), private}. */
  readonly notes = new Map<
    number,
    Array<{ id: number; body: string; body_text: string; private: boolean; incoming: boolean; ticket_id: number; created_at: string }>
  >();

  addNote(ticketId: number, body: unknown): FdAnswer {
    if (!this.tickets.has(ticketId)) return { status: 404, body: { code: 'access_denied', message: 'You are not authorized to perform this action.' } };
    const b = (body ?? {}) as { body?: unknown; private?: unknown };
    if (typeof b.body !== 'string' || !b.body)
      return { status: 400, body: { description: 'Validation failed', errors: [{ field: 'body', message: 'It should not be blank', code: 'missing_field' }] } };
    const note = {
      id: this.nextTicketId * 1000 + (this.notes.get(ticketId)?.length ?? 0),
      body: b.body,
      body_text: b.body
        .replace(/<br>/g, '\n')
        .replace(/<[^>]+>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&'),
      private: b.private !== false,
      incoming: false,
      ticket_id: ticketId,
      created_at: this.iso(),
    };
    this.notes.set(ticketId, [...(this.notes.get(ticketId) ?? []), note]);
    return { status: 201, body: note };
  }

  /** A ticket's conversations (replies and notes), oldest first (https://developers.freshdesk.com/api/#list_all_ticket_notes). */
  listConversations(ticketId: number): FdAnswer {
    if (!this.tickets.has(ticketId)) return { status: 404, body: { code: 'access_denied', message: 'You are not authorized to perform this action.' } };
    return { status: 200, body: this.notes.get(ticketId) ?? [] };
  }

  updateTicket(id: number, body: unknown): FdAnswer {
    const ticket = this.tickets.get(id);
    if (!ticket) return { status: 404, body: null };
    const b = (body ?? {}) as { status?: unknown };
    if (b.status !== undefined) {
      if (!Object.values(FRESHDESK_STATUS).includes(Number(b.status) as 2))
        return {
          status: 400,
          body: {
            description: 'Validation failed',
            errors: [{ field: 'status', message: 'It should be one of these values: 2,3,4,5', code: 'invalid_value' }],
          },
        };
      ticket.status = Number(b.status);
    }
    ticket.updated_at = this.iso();
    return { status: 200, body: ticket };
  }

  /** An agent changes a ticket's status; the account's automation calls the webhook with its token. */
  async agentSetsStatus(id: number, status: number): Promise<number | null> {
    const ticket = this.tickets.get(id);
    if (!ticket) return null;
    ticket.status = status;
    if (!this.webhookUrl) return null;
    const response = await (this.options.fetch ?? fetch)(this.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-go2msg-webhook-token': this.options.webhookToken },
      body: JSON.stringify({ freshdesk_webhook: { ticket_id: id, ticket_status: STATUS_LABEL[status] ?? String(status) } }),
    });
    return response.status;
  }
}
