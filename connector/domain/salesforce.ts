/**
 * Salesforce's side of a conversation (issue 14): a Case per conversation, its Contact found by
 * phone or created, through the REST API
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/). The Case is
 * named by an External ID field, so creating it is an upsert and never makes two.
 */
import { zendeskSubject } from './zendesk';

/** The REST API version the connector speaks (Spring '26). */
export const SALESFORCE_API_VERSION = '66.0';
/** Case fields shipped in adapters/salesforce/metadata: the conversation (External ID, unique) and the customer's number. */
export const SALESFORCE_CONVERSATION_FIELD = 'Go2msg_Conversation__c';
export const SALESFORCE_NUMBER_FIELD = 'Go2msg_WhatsApp__c';
/** Standard Case statuses: a new or reopened case is New; a resolved one is Closed. */
export const SALESFORCE_OPEN_STATUS = 'New';
export const SALESFORCE_CLOSED_STATUS = 'Closed';
/** A rate limit Salesforce answers with 403 (the org's rolling 24-hour API requests): wait this long before the next call. */
export const SALESFORCE_LIMIT_WAIT_MS = 15 * 60_000;

export function salesforceConversationKey(contactId: number): string {
  return `go2msg:${contactId}`;
}

/** Same subject rule as Zendesk's: the first line of the first message, or who wrote. */
export const salesforceSubject = zendeskSubject;

/**
 * A value inside a SOQL string literal: backslash and quote escaped
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm),
 * so a value can never end the literal. The REST query endpoint takes no bound parameters.
 */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

/** The SOQL that finds a customer's Contact by phone or mobile phone, oldest first. */
export function contactByPhoneQuery(phone: string): string {
  const literal = soqlString(phone);
  return `SELECT Id FROM Contact WHERE Phone = ${literal} OR MobilePhone = ${literal} ORDER BY CreatedDate LIMIT 1`;
}

/** Salesforce's REST errors are arrays: [{message, errorCode, fields}]. */
export function salesforceErrorCodes(json: unknown): string[] {
  return Array.isArray(json) ? json.map((e) => (e as { errorCode?: unknown } | null)?.errorCode).filter((c): c is string => typeof c === 'string') : [];
}

/** A Case's latest comments, newest first (the id is checked as an id before it reaches here, and escaped anyway). */
export function caseCommentsQuery(caseId: string): string {
  return `SELECT Id, CommentBody FROM CaseComment WHERE ParentId = ${soqlString(caseId)} ORDER BY CreatedDate DESC LIMIT 100`;
}
