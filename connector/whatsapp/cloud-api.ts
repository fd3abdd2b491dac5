/**
 * The WhatsApp Cloud API (Graph), as the connector uses it.
 *
 * `fetch` is injected so tests and the sandbox can point it anywhere; the base
 * URL carries the Graph version (https://graph.facebook.com/v24.0). The access
 * token is only ever put in the Authorization header: it is never part of an
 * error, a log line or anything returned.
 */
import { GraphApiError } from './graph-error';
import { createGraphTransport } from './graph-request';

export interface CloudApiOptions {
  baseUrl: string;
  accessToken: string;
  /** The default number: sends that name none go from it. */
  phoneNumberId: string;
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

export interface MediaInfo {
  url: string;
  mimeType: string | null;
  /** Base64 SHA-256, as Meta reports it. */
  sha256: string | null;
  size: number | null;
}

export interface CloudApi {
  /** POST /{from}/messages; `from` is the business number's id (default: the configured default number). */
  sendMessage(payload: SendPayload, from?: string | null): Promise<SendResult>;
  /** POST /{phone-number-id}/media: returns Meta's media id (valid 30 days). */
  uploadMedia(file: { bytes: Uint8Array; mimeType: string; filename: string }, from?: string | null): Promise<string>;
  /** GET /{media-id}: a download URL valid five minutes. */
  getMedia(mediaId: string, phoneNumberId?: string | null): Promise<MediaInfo>;
  /** GET the download URL with the token; the body streams. */
  downloadMedia(url: string): Promise<Response>;
  /** Marks a customer message (and all before it) read; with `typing`, also shows "typing…". */
  markRead(wamid: string, options?: { typing?: boolean; from?: string | null }): Promise<void>;
}

export function createCloudApi(options: CloudApiOptions): CloudApi {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const graph = createGraphTransport(options);

  return {
    async sendMessage(payload, from) {
      const result = await graph<{ messages?: Array<{ id?: string }>; contacts?: Array<{ wa_id?: string }> }>(
        'POST',
        `/${from || options.phoneNumberId}/messages`,
        {
          json: payload,
        },
      );
      const wamid = result?.messages?.[0]?.id;
      if (!wamid) throw new GraphApiError({ code: null, httpStatus: 200, title: 'The Cloud API accepted the message without an id', cause: result });
      return { wamid, waId: result.contacts?.[0]?.wa_id ?? null };
    },

    async uploadMedia(file, from) {
      const form = new FormData();
      form.set('messaging_product', 'whatsapp');
      form.set('type', file.mimeType);
      form.set('file', new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
      const result = await graph<{ id?: string }>('POST', `/${from || options.phoneNumberId}/media`, { form });
      if (!result?.id) throw new GraphApiError({ code: null, httpStatus: 200, title: 'The Cloud API accepted the upload without an id', cause: result });
      return result.id;
    },

    async getMedia(mediaId, phoneNumberId) {
      const info = await graph<{ url?: string; mime_type?: string; sha256?: string; file_size?: string | number }>('GET', `/${encodeURIComponent(mediaId)}`, {
        // Meta processes this only for the number the file was received by (or uploaded on).
        query: { phone_number_id: phoneNumberId || options.phoneNumberId },
      });
      if (!info?.url) throw new GraphApiError({ code: null, httpStatus: 200, title: 'The Cloud API gave no download URL', cause: info });
      return {
        url: info.url,
        mimeType: info.mime_type ?? null,
        sha256: info.sha256 ?? null,
        size: info.file_size === undefined ? null : Number(info.file_size),
      };
    },

    // The download URL is absolute and answers with the file, not JSON: fetched here, with the same header.
    // The timeout is on silence, not on the whole transfer: a 100 MB document on a slow link
    // goes on as long as bytes keep coming, and a stalled one is given up after `timeoutMs`.
    async downloadMedia(url) {
      const silence = new SilenceTimeout(timeoutMs);
      let response: Response;
      try {
        response = await doFetch(url, { method: 'GET', headers: { authorization: `Bearer ${options.accessToken}` }, signal: silence.signal });
      } catch (error) {
        silence.stop();
        throw GraphApiError.unreachable(error);
      }
      if (!response.ok || !response.body) {
        silence.stop();
        await response.arrayBuffer().catch(() => undefined);
        throw new GraphApiError({ code: null, httpStatus: response.status, title: `Media download answered HTTP ${response.status}` });
      }
      const body = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform: (chunk, controller) => {
            silence.restart();
            controller.enqueue(chunk);
          },
          flush: () => silence.stop(),
        }),
      );
      return new Response(body, { status: response.status, headers: response.headers });
    },

    async markRead(wamid, markOptions = {}) {
      await graph('POST', `/${markOptions.from || options.phoneNumberId}/messages`, {
        json: {
          messaging_product: 'whatsapp',
          status: 'read',
          message_id: wamid,
          ...(markOptions.typing ? { typing_indicator: { type: 'text' } } : {}),
        },
      });
    },
  };
}

/** An abort signal that fires after `ms` without a restart(): the time allowed between two pieces of a download. */
class SilenceTimeout {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ms: number) {
    this.restart();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  restart(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(new DOMException(`no data for ${this.ms / 1000} s`, 'TimeoutError')), this.ms);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
