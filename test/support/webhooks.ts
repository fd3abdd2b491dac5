import { createHmac } from 'node:crypto';
import { SANDBOX_DEFAULTS } from '../../connector/config/config';

export const SANDBOX_APP_SECRET = 'sandbox-app-secret-0123456789abcdef';

/** POSTs a webhook body to the connector, signed like Meta (or not, to test refusals). */
export async function postWebhook(baseUrl: string, body: string | object, options: { secret?: string; signature?: string | null } = {}): Promise<Response> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const signature =
    options.signature === undefined
      ? `sha256=${createHmac('sha256', options.secret ?? SANDBOX_APP_SECRET)
          .update(raw)
          .digest('hex')}`
      : options.signature;
  return fetch(`${baseUrl}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) },
    body: raw,
  });
}

/** A `messages` webhook for the sandbox number, as Meta wraps it, around `value` (contacts, messages, statuses). */
export function sandboxWebhook(value: Record<string, unknown>): object {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: SANDBOX_DEFAULTS.wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: SANDBOX_DEFAULTS.displayPhoneNumber, phone_number_id: SANDBOX_DEFAULTS.phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}
