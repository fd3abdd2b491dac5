/** The SMS calls of the connector's API. */
import type { MessageView } from '@domain/views';
import type { ConnectorClient } from './connector-client';

export interface ChannelsView {
  channels: Array<{ channel: 'whatsapp' | 'sms'; enabled: boolean; sender?: string | null }>;
}

/** Which channels the connector can send on (each SMS reply asks once, so a change of setup shows on the next panel). */
export function channels(client: ConnectorClient): Promise<ChannelsView> {
  return client.request<ChannelsView>('/api/channels');
}

export function sendSms(client: ConnectorClient, contact: string, body: string, idempotencyKey: string): Promise<{ message: MessageView; replayed: boolean }> {
  return client.request(`/api/contacts/${encodeURIComponent(contact)}/sms`, {
    method: 'POST',
    headers: { 'idempotency-key': idempotencyKey },
    body: JSON.stringify({ type: 'text', text: { body } }),
  });
}
