/** Signed WhatsApp webhooks as Meta sends them: one customer's text message. */
import { createHmac } from 'node:crypto';
import { SANDBOX_DEFAULTS } from '../../connector/config/config';

export function customerMessageBody(wamid: string, waId: string, text: string): string {
  return JSON.stringify({
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
              contacts: [{ profile: { name: `Customer ${waId.slice(-3)}` }, wa_id: waId }],
              messages: [{ from: waId, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
            },
          },
        ],
      },
    ],
  });
}

/** The X-Hub-Signature-256 header for a body, with the sandbox's app secret. */
export function webhookSignature(body: string): string {
  return `sha256=${createHmac('sha256', SANDBOX_DEFAULTS.appSecret).update(body).digest('hex')}`;
}
