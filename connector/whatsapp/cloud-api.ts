/**
 * The WhatsApp Cloud API (Graph), as the connector uses it.
 *
 * `fetch` is injected so tests and the sandbox can point it anywhere; the base
 * URL carries the Graph version (https://graph.facebook.com/v24.0). The access
 * token is only ever put in the Authorization header: it is never part of an
 * error, a log line or anything returned.
 */
import { GraphApiError } from './graph-error';

export interface CloudApiOptions {
  baseUrl: string;
  accessToken: string;
  phoneNumberId: string;
  wabaId: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface SendResult {
  wamid: string;
  /** Meta's normalised number for the recipient, when it reports one. */
  waId: string | null;
}

/** The body of POST /{phone-number-id}/messages, in Meta's own shape. */
export type SendPayload = { messaging_product: 'whatsapp'; type: string; to?: string; recipient?: string } & Record<string, unknown>;

export interface CloudApi {
  sendMessage(payload: SendPayload): Promise<SendResult>;
}

export function createCloudApi(options: CloudApiOptions): CloudApi {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.accessToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw GraphApiError.unreachable(error);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!response.ok) throw GraphApiError.fromResponse(response.status, parsed);
    return parsed as T;
  }

  return {
    async sendMessage(payload) {
      const result = await request<{ messages?: Array<{ id?: string }>; contacts?: Array<{ wa_id?: string }> }>(
        'POST',
        `/${options.phoneNumberId}/messages`,
        payload,
      );
      const wamid = result?.messages?.[0]?.id;
      if (!wamid) throw new GraphApiError({ code: null, httpStatus: 200, title: 'The Cloud API accepted the message without an id', cause: result });
      return { wamid, waId: result.contacts?.[0]?.wa_id ?? null };
    },
  };
}
