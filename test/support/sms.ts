/** The SMS side of the sandbox in tests: sending through the API, a customer texting through the SMS simulator. */
import type { MessageView } from '../../connector/domain/views';
import type { ApiClient } from './api';

export function sendSms(api: ApiClient, contact: string, body: string, key: string) {
  return api.call<{ message: MessageView; replayed: boolean; error?: { code: string; message: string; action: string } }>(
    `/api/contacts/${encodeURIComponent(contact)}/sms`,
    {
      method: 'POST',
      body: JSON.stringify({ type: 'text', text: { body } }),
      headers: { 'idempotency-key': key },
    },
  );
}

/** A simulated customer texts the business; the SMS simulator delivers it as Twilio's signed webhook. */
export async function customerTexts(baseUrl: string, phoneDigits: string, body: string): Promise<string> {
  const response = await fetch(`${baseUrl}/sandbox/sms/customers/${phoneDigits}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
  });
  const json = (await response.json()) as { sid: string; webhook: { status: number | null } };
  if (!response.ok || json.webhook.status !== 200) throw new Error(`customer SMS not delivered: ${JSON.stringify(json)}`);
  return json.sid;
}
