/** Calls to the connector's API as a signed-in teammate. */
import type { MessageView, ThreadView } from '../../connector/domain/views';
import type { SignedIn } from './sign-in';

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly session: SignedIn,
  ) {}

  async call<T = unknown>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      headers: { ...this.session.headers, 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  thread(contact: string): Promise<ThreadView> {
    return this.call<ThreadView>(`/api/contacts/${encodeURIComponent(contact)}/thread`).then((r) => {
      if (r.status !== 200) throw new Error(`thread: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    });
  }

  send(contact: string, content: object, key: string) {
    return this.call<{ message: MessageView; replayed: boolean; error?: { code: string; message: string; action: string } }>(
      `/api/contacts/${encodeURIComponent(contact)}/messages`,
      { method: 'POST', body: JSON.stringify(content), headers: { 'idempotency-key': key } },
    );
  }
}

/** Makes a simulated customer write, through the sandbox control (a signed webhook from the simulator). */
/** A simulated customer sends any Cloud-API-shaped message (with `context`, `profileName`…); returns its wamid once the webhook was accepted. */
export async function customerSends(baseUrl: string, waId: string, message: object, options: { to?: string } = {}): Promise<string> {
  const to = options.to ? `?to=${encodeURIComponent(options.to)}` : '';
  const response = await fetch(`${baseUrl}/sandbox/customers/${waId}/messages${to}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
  });
  const json = (await response.json()) as { messages: Array<{ id: string }>; webhook: { status: number } };
  if (!response.ok || json.webhook.status !== 200) throw new Error(`customer message not delivered: ${JSON.stringify(json)}`);
  return json.messages[0]!.id;
}

/** `to`: the business number's id the customer writes to (default: the sandbox's first, Support). */
export async function customerWrites(baseUrl: string, waId: string, body: string, options: { to?: string } = {}): Promise<string> {
  return customerSends(baseUrl, waId, { type: 'text', text: { body } }, options);
}

export async function advanceClock(baseUrl: string, seconds: number): Promise<number> {
  const response = await fetch(`${baseUrl}/sandbox/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceSeconds: seconds }),
  });
  return ((await response.json()) as { now: number }).now;
}
