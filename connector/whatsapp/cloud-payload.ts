/**
 * A stored message as the Cloud API request that sends it, and back: the
 * callback data that names our message in Meta's status webhooks.
 */
import type { ContactView } from '@domain/views';
import type { SendPayload } from './cloud-api';

/** A message's content as stored: the Cloud API message object's own fields (`type` and its part). */
type MessageContent = { type: string } & Record<string, unknown>;

/** Marks our sends so a status webhook can be matched even before we know the wamid. */
export const CALLBACK_PREFIX = 'go2msg:';

/**
 * The Cloud API request for a stored message. Always sends "+" and the country
 * code: without "+", Meta prefixes the business number's own country code.
 * A customer known only by a business-scoped user id is addressed by `recipient`.
 */
export function toCloudPayload(contact: ContactView, content: MessageContent, messageId: number): SendPayload {
  const address = contact.waId ? { to: `+${contact.waId}` } : { recipient: contact.userId ?? '' };
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...address,
    ...content,
    biz_opaque_callback_data: `${CALLBACK_PREFIX}${messageId}`,
  };
}

/** Our message id from a status's biz_opaque_callback_data, when we sent it. */
export function messageIdFromCallback(data: string | null): number | null {
  const id = data?.startsWith(CALLBACK_PREFIX) ? data.slice(CALLBACK_PREFIX.length) : null;
  return id && /^\d+$/.test(id) ? Number(id) : null;
}

/** Replaces go2msg media ids with the ids Meta gave the uploaded files. */
export function withProviderMediaIds<T>(payload: T, providerIds: Map<string, string>): T {
  if (providerIds.size === 0) return payload;
  const swap = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(swap);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, k === 'id' && typeof v === 'string' && providerIds.has(v) ? providerIds.get(v) : swap(v)]),
      );
    }
    return value;
  };
  return swap(payload) as T;
}
