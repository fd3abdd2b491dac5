/**
 * Salesforce (issue 14): a Case per conversation through the REST API, linked both ways.
 *
 * - Authenticated with the OAuth 2.0 client credentials flow of an External Client App
 *   (`POST /services/oauth2/token`, grant_type=client_credentials: the app's consumer key and
 *   secret, run as the app's execution user). The access token is kept until Salesforce
 *   refuses it (401 INVALID_SESSION_ID: the session timed out), then fetched again once.
 * - created or reopened with no Case yet: the Case is read by its External ID field
 *   `Go2msg_Conversation__c` (`go2msg:<contact id>`); if none, the Contact is found by phone or
 *   mobile phone (SOQL, the value escaped) or created, and the Case is upserted by that External
 *   ID (`PATCH /sobjects/Case/Go2msg_Conversation__c/{key}`), which never makes two however often
 *   a lost answer is retried. Its id and Lightning URL are stored on the conversation.
 * - reopened with a Case: Status back to New. resolved: Closed (unless Salesforce closed it).
 * - 403 REQUEST_LIMIT_EXCEEDED (the org's API requests for 24 hours are spent) holds Salesforce
 *   deliveries for 15 minutes instead of pausing as a refused credential would.
 */
import type { HostCallOutcome } from '@domain/host-delivery';
import type { HostEventBody } from '@domain/host-events';
import type { TimelineNote } from '@domain/host-timeline';
import {
  SALESFORCE_CLOSED_STATUS,
  SALESFORCE_CONVERSATION_FIELD,
  SALESFORCE_LIMIT_WAIT_MS,
  SALESFORCE_NUMBER_FIELD,
  SALESFORCE_OPEN_STATUS,
  caseCommentsQuery,
  contactByPhoneQuery,
  salesforceConversationKey,
  salesforceErrorCodes,
  salesforceSubject,
} from '@domain/salesforce';
import { callHost, HostCallInterrupted } from './host-http';
import { TicketHost, type TicketHostDeps } from './ticket-host';

export interface SalesforceHostConfig {
  /** The org's My Domain URL (https://acme.my.salesforce.com), or the sandbox simulator's base URL. */
  url: string;
  clientId: string;
  clientSecret: string;
  apiVersion: string;
  timeoutMs: number;
  sandbox: boolean;
}

export const SALESFORCE_HOST = 'salesforce';

/** The OAuth token of the client credentials flow, fetched when needed and shared by concurrent calls. */
class ClientCredentials {
  /** The consumer secret and every access token handed out: never in a log or an error. */
  readonly secrets: string[];
  private token: Promise<string> | null = null;

  constructor(
    private readonly config: SalesforceHostConfig,
    private readonly deps: TicketHostDeps,
  ) {
    this.secrets = [config.clientSecret];
  }

  header(): Promise<string> {
    this.token ??= this.fetchToken().catch((error: unknown) => {
      this.token = null;
      throw error;
    });
    return this.token;
  }

  forget(): void {
    this.token = null;
  }

  private async fetchToken(): Promise<string> {
    const answer = await callHost(
      this.deps.fetch,
      `${this.config.url}/services/oauth2/token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.config.clientId, client_secret: this.config.clientSecret }).toString(),
      },
      this.config.timeoutMs,
      () => this.deps.wallClock.now(),
    );
    const json = answer.json as { access_token?: unknown; error?: unknown; error_description?: unknown } | null;
    if (answer.outcome.kind === 'delivered' && typeof json?.access_token === 'string') {
      // Kept among the secrets so a host that echoes it back never gets it into a log (the last few only).
      const recent = this.secrets.slice(1).slice(-3);
      this.secrets.splice(1, this.secrets.length, ...recent, json.access_token);
      return `Bearer ${json.access_token}`;
    }
    // The token endpoint answers 400 invalid_client / invalid_grant when the app's key, secret or execution user is wrong.
    const words = [json?.error, json?.error_description].filter((w) => typeof w === 'string').join(': ');
    const outcome: HostCallOutcome =
      answer.status === 400 || answer.status === 401
        ? { kind: 'credentials-refused', status: answer.status }
        : answer.outcome.kind === 'delivered'
          ? { kind: 'transient', status: answer.status, reason: 'Salesforce answered without an access token' }
          : answer.outcome;
    throw new HostCallInterrupted(
      outcome.kind === 'transient' || outcome.kind === 'permanent' ? { ...outcome, reason: `${outcome.reason}${words ? ` (${words})` : ''}` } : outcome,
    );
  }
}

export class SalesforceHost extends TicketHost {
  constructor(
    private readonly config: SalesforceHostConfig,
    deps: TicketHostDeps,
  ) {
    const credentials = new ClientCredentials(config, deps);
    super(SALESFORCE_HOST, deps, {
      product: 'Salesforce',
      url: config.url,
      sandbox: config.sandbox,
      apiPath: `/services/data/v${config.apiVersion}`,
      authorization: () => credentials.header(),
      secrets: credentials.secrets,
      timeoutMs: config.timeoutMs,
      configVariables: 'SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET (and the External Client App’s execution user)',
      // Salesforce's errors: [{"message": "…", "errorCode": "REQUIRED_FIELD_MISSING", "fields": ["LastName"]}]
      explain: (json) =>
        Array.isArray(json)
          ? json.map((e: { errorCode?: unknown; message?: unknown }) => [e?.errorCode, e?.message].filter((w) => typeof w === 'string').join(': ')).join('; ')
          : '',
      onUnauthorized: () => credentials.forget(),
      classify: (status, json) =>
        status === 403 && salesforceErrorCodes(json).includes('REQUEST_LIMIT_EXCEEDED')
          ? { kind: 'rate-limited', retryAfterMs: SALESFORCE_LIMIT_WAIT_MS }
          : null,
    });
  }

  ticketUrl(id: string): string {
    return `${this.config.url}/lightning/r/Case/${id}/view`;
  }

  /** What the Case's status now asks of its conversation, read from Salesforce itself (the connector's webhook only says which Case changed). */
  async caseAction(caseId: string): Promise<'resolve' | 'reopen' | null> {
    if (!/^[a-zA-Z0-9]{15,18}$/.test(caseId)) return null;
    const found = await this.api.call('GET', `/sobjects/Case/${caseId}?fields=IsClosed,Status`);
    if (found.status === 404) return null;
    if (found.outcome.kind !== 'delivered') throw new HostCallInterrupted(this.api.explained(found));
    return (found.json as { IsClosed?: unknown } | null)?.IsClosed === true ? 'resolve' : 'reopen';
  }

  protected async resolveTicket(caseId: string): Promise<void> {
    await this.api.ok('PATCH', `/sobjects/Case/${caseId}`, { Status: SALESFORCE_CLOSED_STATUS });
  }

  protected async reopenTicket(_event: HostEventBody, _contactId: number, caseId: string): Promise<void> {
    await this.api.ok('PATCH', `/sobjects/Case/${caseId}`, { Status: SALESFORCE_OPEN_STATUS });
  }

  protected async createTicket(event: HostEventBody, contactId: number): Promise<void> {
    const key = encodeURIComponent(salesforceConversationKey(contactId));
    // An earlier attempt may have created it before its answer was lost.
    const existing = await this.api.call('GET', `/sobjects/Case/${SALESFORCE_CONVERSATION_FIELD}/${key}?fields=Id`);
    if (existing.outcome.kind === 'delivered') {
      const id = (existing.json as { Id?: string } | null)?.Id;
      if (id) return this.link(contactId, id);
    } else if (existing.status !== 404) throw new HostCallInterrupted(this.api.explained(existing));
    const contact = await this.contactFor(event);
    const text = event.conversation?.firstMessageText ?? null;
    const phone = event.contact.phone ?? (event.contact.waId ? `+${event.contact.waId}` : null);
    const who = phone ?? event.contact.name ?? 'a WhatsApp customer';
    const upserted = await this.api.ok<{ id?: string }>('PATCH', `/sobjects/Case/${SALESFORCE_CONVERSATION_FIELD}/${key}`, {
      Subject: salesforceSubject(text, who),
      Description: text?.trim() ? text : `WhatsApp conversation with ${who} (no text in the first message).`,
      Status: SALESFORCE_OPEN_STATUS,
      Origin: 'Web',
      ...(contact ? { ContactId: contact } : {}),
      ...(phone ? { [SALESFORCE_NUMBER_FIELD]: phone } : {}),
    });
    if (!upserted.id) throw new HostCallInterrupted({ kind: 'transient', status: null, reason: 'Salesforce answered without a Case id' });
    await this.link(contactId, upserted.id);
  }

  protected async timelineHas(caseId: string, marker: string): Promise<boolean> {
    // CommentBody cannot be filtered in SOQL (a text area): the Case's latest comments are read and looked at.
    const found = await this.api.ok<{ records?: Array<{ CommentBody?: string | null }> }>('GET', `/query?q=${encodeURIComponent(caseCommentsQuery(caseId))}`);
    return (found.records ?? []).some((r) => r.CommentBody?.includes(marker));
  }

  /** A private CaseComment (IsPublished false: not shown to the customer in a portal); at most 4,000 characters, the marker kept. */
  protected async addToTimeline(caseId: string, note: TimelineNote): Promise<void> {
    const body = note.body.length <= 4000 ? note.body : `${note.body.slice(0, 3990 - note.marker.length)}…\n\n${note.marker}`;
    await this.api.ok('POST', '/sobjects/CaseComment', { ParentId: caseId, CommentBody: body, IsPublished: false });
  }

  /** The customer's Contact: by phone or mobile phone, or created (LastName is required: the name, else the number). None without a phone. */
  private async contactFor(event: HostEventBody): Promise<string | null> {
    const { phone, name } = event.contact;
    if (!phone) return null;
    const found = await this.api.ok<{ records?: Array<{ Id: string }> }>('GET', `/query?q=${encodeURIComponent(contactByPhoneQuery(phone))}`);
    if (found.records?.[0]) return found.records[0].Id;
    const created = await this.api.ok<{ id?: string }>('POST', '/sobjects/Contact', { LastName: name?.trim() || phone, MobilePhone: phone });
    if (!created.id) throw new HostCallInterrupted({ kind: 'transient', status: null, reason: 'Salesforce answered without a Contact id' });
    return created.id;
  }
}
