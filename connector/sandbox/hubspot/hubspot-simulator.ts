/**
 * A HubSpot account in memory, answering the CRM v3 APIs as HubSpot does, for the sandbox and
 * the tests (HUBSPOT_URL=sandbox). Shapes follow HubSpot's generated client
 * (github.com/HubSpot/hubspot-api-nodejs, codegen/crm/{tickets,contacts,pipelines,objects/notes}/models)
 * and its reference:
 * - Objects (https://developers.hubspot.com/docs/api-reference/crm-tickets-v3/guide): a record is
 *   `SimplePublicObject` `{id, properties, createdAt, updatedAt, archived}` (every property a
 *   string); create with `SimplePublicObjectInputForCreate` `{properties, associations: [{to: {id},
 *   types: [{associationCategory, associationTypeId}]}]}` answers 201; `GET …/{id}?idProperty=`
 *   reads by a unique-value property; `PATCH …/{id}` updates.
 * - Search (https://developers.hubspot.com/docs/api-reference/search/guide): `POST
 *   /crm/v3/objects/contacts/search` with `PublicObjectSearchRequest` `{filterGroups: [{filters:
 *   [{propertyName, operator: "EQ", value}]}], properties, limit}` (groups ORed, filters ANDed)
 *   answers `{total, results, paging?}`.
 * - Properties (https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide): `GET
 *   /crm/v3/properties/tickets/{name}` (404 when missing), `POST` creates (409 when it exists);
 *   a `hasUniqueValue` property refuses a second record with the same value (409 CONFLICT).
 * - Pipelines (https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide): the
 *   help desk pipeline `0` with stages whose `metadata.ticketState` is OPEN or CLOSED.
 * - Notes (https://developers.hubspot.com/docs/api-reference/crm-notes-v3/guide): `hs_note_body`,
 *   `hs_timestamp`, associated with a ticket (note-to-ticket 228); a ticket's notes through the
 *   associations v4 API (`{results: [{toObjectId, associationTypes}]}`) and `batch/read`.
 * - Account (https://developers.hubspot.com/docs/api-reference/account-info-v3/guide): `GET
 *   /account-info/v3/details` `{portalId, uiDomain, …}`.
 * - Errors (https://developers.hubspot.com/docs/api/error-handling): `{status: "error", message,
 *   correlationId, category}`; 401 `INVALID_AUTHENTICATION`; 404 `OBJECT_NOT_FOUND`.
 * - Rate limits (https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines):
 *   `X-HubSpot-RateLimit-Max`, `-Remaining` and `-Interval-Milliseconds` (a 10-second rolling
 *   window; 190 requests for a Professional account's private app) and the daily ones on every
 *   answer; past the window, 429 `{status: "error", message: "You have reached your
 *   ten_secondly_rolling limit.", errorType: "RATE_LIMIT", correlationId, policyName:
 *   "TEN_SECONDLY_ROLLING"}` with no Retry-After (the outbox then waits its default 10 s, the window's length).
 * - Webhooks (https://developers.hubspot.com/docs/apps/developer-platform/add-features/webhooks/overview
 *   and …/authentication/request-validation): a JSON array of events (`subscriptionType`
 *   `ticket.propertyChange`, `objectId`, `propertyName` `hs_pipeline_stage`, `propertyValue`),
 *   signed v3 with the app's client secret: `X-HubSpot-Signature-v3` = base64(HMAC-SHA256(secret,
 *   method + URL + body + timestamp)), `X-HubSpot-Request-Timestamp` in epoch milliseconds.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { SimAnswer } from '../zendesk/zendesk-simulator';

export interface HsRecord {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: false;
  /** Associated record ids by object type (contacts of a ticket, the ticket of a note). */
  associations: Record<string, string[]>;
}

export interface HubspotSimulatorOptions {
  /** Where the simulator is served, e.g. http://localhost:8080/sandbox/hubspot. */
  baseUrl: string;
  accessToken: string;
  clientSecret: string;
  portalId?: number;
  /** Requests in each 10-second window (a Professional account's private app: 190). */
  requestsPerTenSeconds?: number;
  faultRate?: number;
  random?: () => number;
  now?: () => number;
  fetch?: typeof fetch;
}

const WINDOW_MS = 10_000;
const DAILY = 650_000;
export const HUBSPOT_SANDBOX_PORTAL = 24681357;

/** The help desk pipeline HubSpot creates with Service Hub (stage ids as in a new account). */
export const HELP_DESK_STAGES = [
  { id: '1', label: 'New', displayOrder: 0, metadata: { ticketState: 'OPEN', isClosed: 'false' } },
  { id: '2', label: 'Waiting on contact', displayOrder: 1, metadata: { ticketState: 'OPEN', isClosed: 'false' } },
  { id: '3', label: 'Waiting on us', displayOrder: 2, metadata: { ticketState: 'OPEN', isClosed: 'false' } },
  { id: '4', label: 'Closed', displayOrder: 3, metadata: { ticketState: 'CLOSED', isClosed: 'true' } },
];

function error(status: number, category: string, message: string): SimAnswer {
  return { status, body: { status: 'error', message, correlationId: randomUUID(), category } };
}

export class HubspotSimulator {
  readonly tickets = new Map<string, HsRecord>();
  readonly contacts = new Map<string, HsRecord>();
  readonly notes = new Map<string, HsRecord>();
  /** Ticket properties defined in the account, with whether each is unique. */
  readonly ticketProperties = new Map<string, { hasUniqueValue: boolean }>();
  /** Every ticket creation that reached the simulator (the tests count duplicates here). */
  readonly createRequests: Array<{ conversation: string | null }> = [];
  private nextId = 7_000_001;
  private window = { startedAt: 0, used: 0 };
  private usedToday = 0;
  faultRate: number;
  accessToken: string;
  webhookUrl: string | null = null;

  constructor(private readonly options: HubspotSimulatorOptions) {
    this.faultRate = options.faultRate ?? 0;
    this.accessToken = options.accessToken;
  }

  get portalId(): number {
    return this.options.portalId ?? HUBSPOT_SANDBOX_PORTAL;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  authorized(header: string | undefined): boolean {
    return header === `Bearer ${this.accessToken}`;
  }

  rateLimit(): { headers: Record<string, string>; refused: SimAnswer | null } {
    const max = this.options.requestsPerTenSeconds ?? 190;
    const now = this.now();
    if (now - this.window.startedAt >= WINDOW_MS) this.window = { startedAt: now, used: 0 };
    const base = {
      'x-hubspot-ratelimit-max': String(max),
      'x-hubspot-ratelimit-interval-milliseconds': String(WINDOW_MS),
      'x-hubspot-ratelimit-daily': String(DAILY),
    };
    if (this.window.used >= max) {
      const headers = { ...base, 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-daily-remaining': String(DAILY - this.usedToday) };
      const body = {
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        correlationId: randomUUID(),
        policyName: 'TEN_SECONDLY_ROLLING',
        requestId: randomUUID(),
      };
      return { headers, refused: { status: 429, body, headers } };
    }
    this.window.used += 1;
    this.usedToday += 1;
    return {
      headers: {
        ...base,
        'x-hubspot-ratelimit-remaining': String(max - this.window.used),
        'x-hubspot-ratelimit-daily-remaining': String(DAILY - this.usedToday),
      },
      refused: null,
    };
  }

  drawFault(): 'error' | 'lost' | null {
    const random = this.options.random ?? Math.random;
    if (this.faultRate <= 0 || random() >= this.faultRate) return null;
    return random() < 0.5 ? 'error' : 'lost';
  }

  agentTicketUrl(id: string): string {
    return `${this.options.baseUrl}/contacts/${this.portalId}/record/0-5/${id}`;
  }

  accountDetails(): SimAnswer {
    return {
      status: 200,
      body: {
        portalId: this.portalId,
        accountType: 'STANDARD',
        timeZone: 'US/Eastern',
        companyCurrency: 'USD',
        additionalCurrencies: [],
        utcOffset: '-05:00',
        utcOffsetMilliseconds: -18_000_000,
        uiDomain: new URL(this.options.baseUrl).host,
        dataHostingLocation: 'na1',
      },
    };
  }

  pipeline(id: string): SimAnswer {
    if (id !== '0') return error(404, 'OBJECT_NOT_FOUND', `Unable to find pipeline ${id}`);
    const at = new Date(0).toISOString();
    return {
      status: 200,
      body: {
        id: '0',
        label: 'Support Pipeline',
        displayOrder: 0,
        archived: false,
        createdAt: at,
        updatedAt: at,
        stages: HELP_DESK_STAGES.map((s) => ({ ...s, archived: false, createdAt: at, updatedAt: at, writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT' })),
      },
    };
  }

  readProperty(name: string): SimAnswer {
    const property = this.ticketProperties.get(name);
    if (!property) return error(404, 'OBJECT_NOT_FOUND', `Unable to find property ${name} for object type tickets`);
    return { status: 200, body: { name, hasUniqueValue: property.hasUniqueValue, type: 'string', fieldType: 'text', groupName: 'ticketinformation' } };
  }

  createProperty(body: unknown): SimAnswer {
    const b = (body ?? {}) as { name?: unknown; label?: unknown; type?: unknown; fieldType?: unknown; groupName?: unknown; hasUniqueValue?: unknown };
    if (
      typeof b.name !== 'string' ||
      typeof b.label !== 'string' ||
      typeof b.type !== 'string' ||
      typeof b.fieldType !== 'string' ||
      typeof b.groupName !== 'string'
    )
      return error(400, 'VALIDATION_ERROR', 'Property name, label, type, fieldType and groupName are required');
    if (this.ticketProperties.has(b.name)) return error(409, 'OBJECT_ALREADY_EXISTS', `Property ${b.name} already exists`);
    this.ticketProperties.set(b.name, { hasUniqueValue: b.hasUniqueValue === true });
    return {
      status: 201,
      body: { name: b.name, label: b.label, type: b.type, fieldType: b.fieldType, groupName: b.groupName, hasUniqueValue: b.hasUniqueValue === true },
    };
  }

  private record(properties: Record<string, string | null>, associations: Record<string, string[]> = {}): HsRecord {
    const at = new Date(this.now()).toISOString();
    const id = String(this.nextId++);
    return {
      id,
      properties: { ...properties, hs_object_id: id, createdate: at, hs_lastmodifieddate: at },
      createdAt: at,
      updatedAt: at,
      archived: false,
      associations,
    };
  }

  private view(r: HsRecord): Omit<HsRecord, 'associations'> {
    const { associations: _associations, ...rest } = r;
    return rest;
  }

  searchContacts(body: unknown): SimAnswer {
    const request = (body ?? {}) as { filterGroups?: Array<{ filters?: Array<{ propertyName?: string; operator?: string; value?: string }> }>; limit?: number };
    const groups = request.filterGroups ?? [];
    if (groups.length > 5) return error(400, 'VALIDATION_ERROR', 'There was a problem with the request.');
    const matches = [...this.contacts.values()].filter((c) =>
      groups.some((g) => (g.filters ?? []).every((f) => f.operator === 'EQ' && f.propertyName && c.properties[f.propertyName] === f.value)),
    );
    const results = matches.slice(0, request.limit ?? 10).map((c) => this.view(c));
    return { status: 200, body: { total: matches.length, results } };
  }

  createContact(body: unknown): SimAnswer {
    const properties = (body as { properties?: Record<string, string> } | null)?.properties;
    if (!properties) return error(400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1, column 2: properties are required');
    const contact = this.record(properties);
    this.contacts.set(contact.id, contact);
    return { status: 201, body: this.view(contact) };
  }

  private uniqueTaken(properties: Record<string, string | null>): HsRecord | null {
    for (const [name, p] of this.ticketProperties) {
      const value = properties[name];
      if (!p.hasUniqueValue || !value) continue;
      const taken = [...this.tickets.values()].find((t) => t.properties[name] === value);
      if (taken) return taken;
    }
    return null;
  }

  createTicket(body: unknown): SimAnswer {
    const input = (body ?? {}) as {
      properties?: Record<string, string>;
      associations?: Array<{ to?: { id?: string }; types?: Array<{ associationCategory?: string; associationTypeId?: number }> }>;
    };
    const properties = input.properties ?? {};
    this.createRequests.push({ conversation: properties.go2msg_conversation ?? null });
    for (const name of Object.keys(properties)) {
      if (!name.startsWith('go2msg_')) continue;
      if (!this.ticketProperties.has(name)) return error(400, 'VALIDATION_ERROR', `Property values were not valid: Property "${name}" does not exist`);
    }
    if (!properties.subject || !properties.hs_pipeline || !properties.hs_pipeline_stage)
      return error(400, 'VALIDATION_ERROR', 'Property values were not valid: subject, hs_pipeline and hs_pipeline_stage are required');
    if (!HELP_DESK_STAGES.some((s) => s.id === properties.hs_pipeline_stage))
      return error(400, 'VALIDATION_ERROR', `Property values were not valid: ${properties.hs_pipeline_stage} is not a valid pipeline stage`);
    const taken = this.uniqueTaken(properties);
    if (taken) return error(409, 'CONFLICT', `A ticket with that unique value already exists. Existing ID: ${taken.id}`);
    const contacts: string[] = [];
    for (const a of input.associations ?? []) {
      const id = a.to?.id;
      if (!id || !this.contacts.has(id)) return error(400, 'VALIDATION_ERROR', `Association to ${id} is not valid: no such contact`);
      if (!a.types?.some((t) => t.associationCategory === 'HUBSPOT_DEFINED' && t.associationTypeId === 16))
        return error(400, 'VALIDATION_ERROR', 'Only the ticket-to-contact association (16) is simulated');
      contacts.push(id);
    }
    const ticket = this.record(properties, { contacts });
    this.tickets.set(ticket.id, ticket);
    return { status: 201, body: this.view(ticket) };
  }

  readTicket(id: string, idProperty: string | undefined): SimAnswer {
    const ticket = idProperty ? [...this.tickets.values()].find((t) => t.properties[idProperty] === id) : this.tickets.get(id);
    if (idProperty && !this.ticketProperties.get(idProperty)?.hasUniqueValue)
      return error(400, 'VALIDATION_ERROR', `${idProperty} is not a unique identifier property for tickets`);
    return ticket ? { status: 200, body: this.view(ticket) } : error(404, 'OBJECT_NOT_FOUND', 'Object not found.');
  }

  updateTicket(id: string, body: unknown): SimAnswer {
    const ticket = this.tickets.get(id);
    if (!ticket) return error(404, 'OBJECT_NOT_FOUND', 'Object not found.');
    const properties = (body as { properties?: Record<string, string> } | null)?.properties ?? {};
    if (properties.hs_pipeline_stage && !HELP_DESK_STAGES.some((s) => s.id === properties.hs_pipeline_stage))
      return error(400, 'VALIDATION_ERROR', `Property values were not valid: ${properties.hs_pipeline_stage} is not a valid pipeline stage`);
    Object.assign(ticket.properties, properties);
    ticket.updatedAt = ticket.properties.hs_lastmodifieddate = new Date(this.now()).toISOString();
    return { status: 200, body: this.view(ticket) };
  }

  createNote(body: unknown): SimAnswer {
    const input = (body ?? {}) as {
      properties?: Record<string, string>;
      associations?: Array<{ to?: { id?: string }; types?: Array<{ associationTypeId?: number }> }>;
    };
    if (!input.properties?.hs_timestamp) return error(400, 'VALIDATION_ERROR', 'Property values were not valid: hs_timestamp is required');
    const tickets = (input.associations ?? []).filter((a) => a.types?.some((t) => t.associationTypeId === 228)).map((a) => a.to?.id ?? '');
    if (tickets.some((id) => !this.tickets.has(id))) return error(400, 'VALIDATION_ERROR', 'Association to a ticket that does not exist');
    const note = this.record(input.properties, { tickets });
    this.notes.set(note.id, note);
    return { status: 201, body: this.view(note) };
  }

  /** The notes associated with a ticket, in the associations v4 shape (ticket-to-note: type 227). */
  ticketNotes(ticketId: string): SimAnswer {
    if (!this.tickets.has(ticketId)) return error(404, 'OBJECT_NOT_FOUND', 'Object not found.');
    const results = [...this.notes.values()]
      .filter((n) => n.associations.tickets?.includes(ticketId))
      .map((n) => ({ toObjectId: Number(n.id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 227, label: null }] }));
    return { status: 200, body: { results } };
  }

  /** `POST /crm/v3/objects/notes/batch/read` {properties, inputs: [{id}]}: `{status: "COMPLETE", results, startedAt, completedAt}`. */
  readNotes(body: unknown): SimAnswer {
    const inputs = (body as { inputs?: Array<{ id?: string }> } | null)?.inputs ?? [];
    if (inputs.length > 100) return error(400, 'VALIDATION_ERROR', 'Batch input must have at most 100 inputs');
    const at = new Date(this.now()).toISOString();
    const results = inputs.flatMap((i) => {
      const note = this.notes.get(String(i.id));
      return note ? [this.view(note)] : [];
    });
    return { status: 200, body: { status: 'COMPLETE', results, startedAt: at, completedAt: at } };
  }

  /** An agent moves a ticket to a stage in HubSpot (the sandbox's ticket page, or a test): the app's webhook tells the connector, signed v3. */
  async agentMovesTicket(id: string, stage: string): Promise<number | null> {
    const ticket = this.tickets.get(id);
    if (!ticket) return null;
    ticket.properties.hs_pipeline_stage = stage;
    if (!this.webhookUrl) return null;
    const occurredAt = this.now();
    const body = JSON.stringify([
      {
        eventId: Math.floor(occurredAt % 1e9),
        subscriptionId: 4_242,
        portalId: this.portalId,
        appId: 1_234_567,
        occurredAt,
        subscriptionType: 'ticket.propertyChange',
        attemptNumber: 0,
        objectId: Number(id),
        propertyName: 'hs_pipeline_stage',
        propertyValue: stage,
        changeSource: 'CRM_UI',
        sourceId: 'userId:9001',
      },
    ]);
    const timestamp = String(Date.now());
    const response = await (this.options.fetch ?? fetch)(this.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-signature-v3': signHubspotV3(this.options.clientSecret, 'POST', this.webhookUrl, body, timestamp),
        'x-hubspot-request-timestamp': timestamp,
      },
      body,
    });
    return response.status;
  }
}

/** HubSpot's v3 request signature, as HubSpot computes it (its URL here has no escapes to decode). */
export function signHubspotV3(secret: string, method: string, url: string, body: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${method}${url}${body}${timestamp}`).digest('base64');
}
