/** The team inbox's calls of the connector's API (docs/API.md, "conversations"). */
import type { ConversationOrder, ConversationPage, ConversationView, ConversationViewName } from '@domain/conversations';
import type { BusinessNumbersResponse } from '@domain/business-numbers';
import type { ConnectorClient } from './connector-client';

export interface PageRequest {
  view: ConversationViewName;
  order?: ConversationOrder;
  q?: string;
  cursor?: string | null;
  /** 1 when only the tabs' counts are wanted. */
  limit?: number;
}

export interface Teammate {
  id: number;
  name: string;
}

export function conversationPage(client: ConnectorClient, request: PageRequest): Promise<ConversationPage> {
  const query = new URLSearchParams({ view: request.view, order: request.order ?? 'waiting' });
  if (request.q?.trim()) query.set('q', request.q.trim());
  if (request.cursor) query.set('cursor', request.cursor);
  if (request.limit) query.set('limit', String(request.limit));
  return client.request(`/api/conversations?${query}`);
}

export function conversationEventsUrl(client: ConnectorClient): string {
  return `${client.baseUrl}/api/conversations/events`;
}

export function conversation(client: ConnectorClient, contact: string): Promise<ConversationView> {
  return client.request(`/api/conversations/${encodeURIComponent(contact)}`);
}

/** A teammate's change to a conversation; the connector answers with the conversation as it now is. */
export type ConversationChange = { type: 'assign'; teammateId: number | null } | { type: 'resolve' } | { type: 'reopen' } | { type: 'snooze'; until: number };

export function changeConversation(client: ConnectorClient, contact: string, change: ConversationChange): Promise<ConversationView> {
  const path = `/api/conversations/${encodeURIComponent(contact)}/${change.type}`;
  const body = change.type === 'assign' ? { teammateId: change.teammateId } : change.type === 'snooze' ? { until: change.until } : undefined;
  return client.request(path, { method: 'POST', ...(body ? { body: JSON.stringify(body) } : {}) });
}

export async function teammates(client: ConnectorClient): Promise<Teammate[]> {
  return (await client.request<{ data: Teammate[] }>('/api/teammates')).data;
}

/** The WhatsApp numbers threads can be with (a customer has one thread per number they wrote to). */
export function businessNumbers(client: ConnectorClient): Promise<BusinessNumbersResponse> {
  return client.request('/api/business-numbers');
}
