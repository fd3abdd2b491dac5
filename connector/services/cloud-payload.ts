import type { ContactView } from '@domain/views';
import type { SendPayload } from '../whatsapp/cloud-api';
import type { StoredContent } from '../store/messages';

/** Marks our sends so a status webhook can be matched even before we know the wamid. */
export const CALLBACK_PREFIX = 'go2msg:';

/**
 * The Cloud API request for a stored message. Always sends "+" and the country
 * code: without "+", Meta prefixes the business number's own country code.
 * A customer known only by a business-scoped user id is addressed by `recipient`.
 */
export function toCloudPayload(contact: ContactView, content: StoredContent, messageId: number): SendPayload {
  const address = contact.waId ? { to: `+${contact.waId}` } : { recipient: contact.userId ?? '' };
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...address,
    ...content,
    biz_opaque_callback_data: `${CALLBACK_PREFIX}${messageId}`,
  };
}
