/**
 * A Salesforce org in memory, answering the OAuth token endpoint and the REST API as Salesforce
 * does, for the sandbox and the tests (SALESFORCE_URL=sandbox). Shapes and errors follow
 * Salesforce's references:
 * - Client credentials flow (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm,
 *   and the Connect REST API quick start's token example): `POST /services/oauth2/token`
 *   form-encoded `grant_type=client_credentials&client_id&client_secret` answers `{access_token,
 *   signature, instance_url, id, token_type: "Bearer", issued_at, scope}` (no expiry: the session
 *   lasts the org's timeout); a wrong key or secret is 400 `{"error": "invalid_client",
 *   "error_description": "invalid client credentials"}`.
 * - Errors (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm):
 *   a JSON array `[{message, errorCode, fields?}]`; 401 `INVALID_SESSION_ID` ("Session expired or
 *   invalid"); 404 `NOT_FOUND`; 400 `REQUIRED_FIELD_MISSING`, `MALFORMED_QUERY`,
 *   `INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST`.
 * - Limits (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
 *   and https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm):
 *   `Sforce-Limit-Info: api-usage=<used>/<allowed>` on every answer; past the org's rolling 24-hour
 *   allowance, 403 `[{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]`.
 * - Records (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm,
 *   …/dome_upsert.htm, …/dome_update_fields.htm, …/dome_query.htm): create 201 `{id, success,
 *   errors}`; upsert by External ID `PATCH /sobjects/Case/{field}/{value}` 201 `{id, success, errors,
 *   created: true}` or 200 `{…, created: false}`; update 204; read `?fields=` `{attributes, Id, …}`;
 *   query `{totalSize, done, records: [{attributes, Id}]}`.
 * When a Case is closed or reopened here (its page, or a test), the org's record-triggered Flow
 * calls the connector as docs/HOST-EVENTS.md#salesforce sets it up: `POST` with the header
 * `X-Go2msg-Webhook-Token` and `{"caseId": "…"}`.
 */
import { randomBytes } from 'node:crypto';
import type { SimAnswer } from '../zendesk/zendesk-simulator';

export interface SfRecord {
  Id: string;
  fields: Record<string, unknown>;
  CreatedDate: string;
}

export interface SalesforceSimulatorOptions {
  /** Where the simulator is served (the org's "My Domain"), e.g. http://localhost:8080/sandbox/salesforce. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  webhookToken: string;
  /** The org's API requests per rolling 24 hours (Enterprise Edition: 100,000 plus per-licence). */
  dailyRequests?: number;
  faultRate?: number;
  random?: () => number;
  fetch?: typeof fetch;
}

const STATUSES = ['New', 'Working', 'Escalated', 'Closed'];
const ORG_ID = '00D5g000008XyzQEAS';

function errors(status: number, errorCode: string, message: string, fields?: string[]): SimAnswer {
  return { status, body: [{ message, errorCode, ...(fields ? { fields } : {}) }] };
}

export class SalesforceSimulator {
  readonly cases = new Map<string, SfRecord>();
  readonly contacts = new Map<string, SfRecord>();
  readonly caseComments = new Map<string, SfRecord>();
  /** Every upsert that created a Case (the tests count duplicates here), and every upsert request. */
  readonly caseCreations: string[] = [];
  private readonly tokens = new Set<string>();
  private next = 1;
  private used = 0;
  faultRate: number;
  clientSecret: string;
  dailyRequests: number;
  webhookUrl: string | null = null;

  constructor(private readonly options: SalesforceSimulatorOptions) {
    this.faultRate = options.faultRate ?? 0;
    this.clientSecret = options.clientSecret;
    this.dailyRequests = options.dailyRequests ?? 100_000;
  }

  private id(prefix: string): string {
    return `${prefix}5g${String(this.next++).padStart(10, '0')}AAA`;
  }

  /** The token endpoint (form-encoded, outside the REST API's door). */
  issueToken(form: Record<string, unknown>): SimAnswer {
    if (form.grant_type !== 'client_credentials')
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' } };
    if (form.client_id !== this.options.clientId || form.client_secret !== this.clientSecret)
      return { status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } };
    const token = `${ORG_ID}!${randomBytes(24).toString('base64url')}`;
    this.tokens.add(token);
    return {
      status: 200,
      body: {
        access_token: token,
        signature: randomBytes(32).toString('base64'),
        instance_url: this.options.baseUrl,
        id: `https://login.salesforce.com/id/${ORG_ID}/0055g00000AbCdEAAV`,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
        scope: 'api',
      },
    };
  }

  /** Sessions time out: every token handed out so far stops working (the next call is 401 INVALID_SESSION_ID). */
  expireSessions(): void {
    this.tokens.clear();
  }

  authorized(header: string | undefined): boolean {
    const match = /^Bearer (.+)$/.exec(header ?? '');
    return !!match && this.tokens.has(match[1]!);
  }

  rateLimit(): { headers: Record<string, string>; refused: SimAnswer | null } {
    if (this.used >= this.dailyRequests) {
      const headers = { 'sforce-limit-info': `api-usage=${this.used}/${this.dailyRequests}` };
      return { headers, refused: { ...errors(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'), headers } };
    }
    this.used += 1;
    return { headers: { 'sforce-limit-info': `api-usage=${this.used}/${this.dailyRequests}` }, refused: null };
  }

  /** A new day: the org's allowance is back. */
  resetUsage(): void {
    this.used = 0;
  }

  drawFault(): 'error' | 'lost' | null {
    const random = this.options.random ?? Math.random;
    if (this.faultRate <= 0 || random() >= this.faultRate) return null;
    return random() < 0.5 ? 'error' : 'lost';
  }

  private attributes(type: string, id: string): { type: string; url: string } {
    return { type, url: `/services/data/v66.0/sobjects/${type}/${id}` };
  }

  query(soql: string): SimAnswer {
    // The queries the connector makes (domain/salesforce.ts contactByPhoneQuery, caseCommentsQuery); anything else is refused as Salesforce refuses bad SOQL.
    const literal = String.raw`'((?:[^'\\]|\\.)*)'`;
    const match = new RegExp(String.raw`^SELECT Id FROM Contact WHERE Phone = ${literal} OR MobilePhone = ${literal} ORDER BY CreatedDate LIMIT 1$`).exec(soql);
    const comments = new RegExp(String.raw`^SELECT Id, CommentBody FROM CaseComment WHERE ParentId = ${literal} ORDER BY CreatedDate DESC LIMIT (\d+)$`).exec(
      soql,
    );
    if (comments) {
      const parent = comments[1]!.replace(/\\(.)/g, '$1');
      const records = [...this.caseComments.values()]
        .filter((c) => c.fields.ParentId === parent)
        .reverse()
        .slice(0, Number(comments[2]))
        .map((c) => ({ attributes: this.attributes('CaseComment', c.Id), Id: c.Id, CommentBody: c.fields.CommentBody }));
      return { status: 200, body: { totalSize: records.length, done: true, records } };
    }
    if (!match) return errors(400, 'MALFORMED_QUERY', `unexpected token: ${soql.slice(0, 40)}`);
    const value = match[1]!.replace(/\\(.)/g, '$1');
    const records = [...this.contacts.values()]
      .filter((c) => c.fields.Phone === value || c.fields.MobilePhone === value)
      .slice(0, 1)
      .map((c) => ({ attributes: this.attributes('Contact', c.Id), Id: c.Id }));
    return { status: 200, body: { totalSize: records.length, done: true, records } };
  }

  createContact(body: unknown): SimAnswer {
    const fields = (body ?? {}) as Record<string, unknown>;
    if (typeof fields.LastName !== 'string' || !fields.LastName)
      return errors(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [LastName]', ['LastName']);
    const contact: SfRecord = { Id: this.id('003'), fields, CreatedDate: new Date().toISOString() };
    this.contacts.set(contact.Id, contact);
    return { status: 201, body: { id: contact.Id, success: true, errors: [] } };
  }

  private caseByKey(key: string): SfRecord | undefined {
    return [...this.cases.values()].find((c) => c.fields.Go2msg_Conversation__c === key);
  }

  private caseView(c: SfRecord, fields: string[] | null): Record<string, unknown> {
    const all = { ...c.fields, Id: c.Id, IsClosed: c.fields.Status === 'Closed', CreatedDate: c.CreatedDate };
    const picked = fields ? Object.fromEntries(fields.map((f) => [f, all[f as keyof typeof all] ?? null])) : all;
    return { attributes: this.attributes('Case', c.Id), ...picked, Id: c.Id };
  }

  readCase(id: string, fields: string[] | null): SimAnswer {
    const found = this.cases.get(id);
    return found ? { status: 200, body: this.caseView(found, fields) } : errors(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  readCaseByKey(field: string, key: string, fields: string[] | null): SimAnswer {
    if (field !== 'Go2msg_Conversation__c') return errors(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${field}`);
    const found = this.caseByKey(key);
    return found ? { status: 200, body: this.caseView(found, fields) } : errors(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  private checkCase(fields: Record<string, unknown>): SimAnswer | null {
    if (fields.Status !== undefined && !STATUSES.includes(String(fields.Status)))
      return errors(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Status: bad value for restricted picklist field: ${String(fields.Status)}`, ['Status']);
    if (fields.ContactId !== undefined && !this.contacts.has(String(fields.ContactId)))
      return errors(400, 'INVALID_CROSS_REFERENCE_KEY', 'Contact ID: id value of incorrect type', ['ContactId']);
    return null;
  }

  upsertCase(field: string, key: string, body: unknown): SimAnswer {
    if (field !== 'Go2msg_Conversation__c') return errors(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${field}`);
    const fields = (body ?? {}) as Record<string, unknown>;
    const refused = this.checkCase(fields);
    if (refused) return refused;
    const existing = this.caseByKey(key);
    if (existing) {
      Object.assign(existing.fields, fields);
      return { status: 200, body: { id: existing.Id, success: true, errors: [], created: false } };
    }
    if (typeof fields.Subject !== 'string') return errors(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [Subject]', ['Subject']);
    const created: SfRecord = { Id: this.id('500'), fields: { Status: 'New', ...fields, Go2msg_Conversation__c: key }, CreatedDate: new Date().toISOString() };
    this.cases.set(created.Id, created);
    this.caseCreations.push(key);
    return { status: 201, body: { id: created.Id, success: true, errors: [], created: true } };
  }

  updateCase(id: string, body: unknown): SimAnswer {
    const found = this.cases.get(id);
    if (!found) return errors(404, 'NOT_FOUND', 'The requested resource does not exist');
    const fields = (body ?? {}) as Record<string, unknown>;
    const refused = this.checkCase(fields);
    if (refused) return refused;
    Object.assign(found.fields, fields);
    return { status: 204, body: null };
  }

  createCaseComment(body: unknown): SimAnswer {
    const fields = (body ?? {}) as Record<string, unknown>;
    if (typeof fields.ParentId !== 'string' || !this.cases.has(fields.ParentId))
      return errors(400, 'FIELD_INTEGRITY_EXCEPTION', 'Parent ID: id value of incorrect type', ['ParentId']);
    if (typeof fields.CommentBody !== 'string' || !fields.CommentBody)
      return errors(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [CommentBody]', ['CommentBody']);
    const comment: SfRecord = { Id: this.id('00a'), fields, CreatedDate: new Date().toISOString() };
    this.caseComments.set(comment.Id, comment);
    return { status: 201, body: { id: comment.Id, success: true, errors: [] } };
  }

  /** An agent sets a Case's status in Salesforce (its page here, or a test); the org's Flow calls the connector. */
  async agentSetsStatus(id: string, status: string): Promise<number | null> {
    const found = this.cases.get(id);
    if (!found || !STATUSES.includes(status)) return null;
    found.fields.Status = status;
    if (!this.webhookUrl) return null;
    const response = await (this.options.fetch ?? fetch)(this.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-go2msg-webhook-token': this.options.webhookToken },
      body: JSON.stringify({ caseId: id }),
    });
    return response.status;
  }
}
