/** The SMS calls of the connector's API. */
import type { MessageView } from '@domain/views';
import type { ConnectorClient } from './connector-client';

export interface ChannelsView {
  channels: Array<{ channel: 'whatsapp' | 'sms'; enabled: boolean; sender?: string | null }>;
}

const channelsByClient = new WeakMap<ConnectorClient, Promise<ChannelsView>>();

/** Which channels the connector can send on; asked once per client. */
export function channels(client: ConnectorClient): Promise<ChannelsView> {
  let pending = channelsByClient.get(client);
  if (!pending) {
    pending = client.request<ChannelsView>('/api/channels');
    // A failed answer is not remembered: the next panel asks again.
    pending.catch(() => channelsByClient.delete(client));
    channelsByClient.set(client, pending);
  }
  return pending;
}

export function sendSms(client: ConnectorClient, contact: string, body: string, idempotencyKey: string): Promise<{ message: MessageView; replayed: boolean }> {
  return client.request(`/api/contacts/${encodeURIComponent(contact)}/sms`, {
    method: 'POST',
    headers: { 'idempotency-key': idempotencyKey },
    body: JSON.stringify({ type: 'text', text: { body } }),
  });
}
