/**
 * The Twilio adapter: Programmable Messaging's Message resource.
 *
 * Send: POST {TWILIO_API_URL}/2010-04-01/Accounts/{AccountSid}/Messages.json,
 * form-encoded (To, From or MessagingServiceSid, Body, StatusCallback), HTTP
 * basic auth with the account SID and auth token; 201 with the Message (its
 * `sid`, `status`), or an error body {code, message, more_info, status}.
 * Callbacks (status and inbound) are form-encoded POSTs signed with
 * X-Twilio-Signature. `fetch` is injected; the auth token only ever goes into
 * the Authorization header and the signature check.
 * Source: Twilio, Message resource (docs/messaging/api/message-resource),
 * "Track the message status of outbound messages", "Webhook request" (incoming).
 */
import { describeTwilioFailure, explainTwilioError } from '@domain/twilio-errors';
import { SmsSendError, type InboundMedia, type InboundSms, type SmsProvider, type SmsStatusReport } from './provider';
import { TWILIO_SIGNATURE_HEADER, verifyTwilioSignature } from './twilio-signature';

export interface TwilioOptions {
  apiUrl: string;
  accountSid: string;
  authToken: string;
  /** A Twilio number (E.164) or short code… */
  from: string | null;
  /** …or a Messaging Service, which picks the sender. */
  messagingServiceSid: string | null;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

interface TwilioErrorBody {
  code?: number;
  message?: string;
  more_info?: string;
  status?: number;
}

function unreachable(cause: unknown): SmsSendError {
  return new SmsSendError(
    {
      code: null,
      title: 'Twilio could not be reached',
      details: null,
      reason: 'Twilio could not be reached.',
      action: 'The message is retried automatically.',
    },
    'backoff',
    { cause },
  );
}

function refused(httpStatus: number, body: TwilioErrorBody | null): SmsSendError {
  if (typeof body?.code === 'number') {
    return new SmsSendError(describeTwilioFailure(body.code, body.message), explainTwilioError(body.code).retry, { cause: body });
  }
  // No Twilio code: server trouble and throttling are retried, anything else is shown.
  const retry = httpStatus === 429 || httpStatus >= 500 ? 'backoff' : 'never';
  return new SmsSendError(
    {
      code: null,
      title: `HTTP ${httpStatus} from Twilio`,
      details: null,
      reason: 'Twilio refused the SMS without saying why.',
      action: retry === 'backoff' ? 'The message is retried automatically.' : 'Tell your admin; the connector log has the details.',
    },
    retry,
    { cause: body },
  );
}

/** Twilio carries at most 10 files in one MMS. */
const MAX_MMS_MEDIA = 10;

/** An MMS's files: NumMedia, then MediaUrl{i} and MediaContentType{i} for each. Source: Twilio, "Webhook request" (incoming). */
function inboundMedia(params: URLSearchParams): InboundMedia[] {
  const count = Math.min(MAX_MMS_MEDIA, Math.max(0, Math.trunc(Number(params.get('NumMedia')) || 0)));
  const media: InboundMedia[] = [];
  for (let i = 0; i < count; i += 1) {
    const url = params.get(`MediaUrl${i}`);
    if (url) media.push({ url, contentType: params.get(`MediaContentType${i}`) });
  }
  return media;
}

export function createTwilioProvider(options: TwilioOptions): SmsProvider {
  const doFetch = options.fetch ?? fetch;
  const base = options.apiUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;

  return {
    name: 'twilio',
    sender: options.from ?? options.messagingServiceSid ?? '',

    async send(message) {
      const form = new URLSearchParams({ To: message.to, Body: message.body, StatusCallback: message.statusCallbackUrl });
      if (options.messagingServiceSid) form.set('MessagingServiceSid', options.messagingServiceSid);
      else if (options.from) form.set('From', options.from);
      let response: Response;
      try {
        response = await doFetch(`${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form,
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw unreachable(error);
      }
      const text = await response.text();
      let body: (TwilioErrorBody & { sid?: string; status?: string | number }) | null = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      if (!response.ok) throw refused(response.status, body);
      if (typeof body?.sid !== 'string') throw refused(response.status, null);
      return { providerId: body.sid, status: String(body.status ?? 'queued') };
    },

    verifyRequest(request) {
      return verifyTwilioSignature(options.authToken, request.url, request.params, request.header(TWILIO_SIGNATURE_HEADER));
    },

    readStatus(params): SmsStatusReport | null {
      const providerId = params.get('MessageSid') ?? params.get('SmsSid');
      const status = params.get('MessageStatus') ?? params.get('SmsStatus');
      if (!providerId || !status) return null;
      const code = Number(params.get('ErrorCode'));
      return { providerId, status, errorCode: params.get('ErrorCode') && Number.isInteger(code) ? code : null, errorMessage: params.get('ErrorMessage') };
    },

    async downloadMedia(url) {
      // The account's credentials go only to the API they belong to, whatever URL a callback names.
      if (new URL(url).origin !== new URL(base).origin) throw new Error(`the file's URL is not on ${new URL(base).origin}`);
      const response = await doFetch(url, { headers: { authorization }, signal: AbortSignal.timeout(options.timeoutMs ?? 60_000) });
      if (!response.ok || !response.body) {
        await response.arrayBuffer().catch(() => undefined);
        throw new Error(`Twilio answered HTTP ${response.status} for the file`);
      }
      return response;
    },

    readInbound(params): InboundSms | null {
      const providerId = params.get('MessageSid') ?? params.get('SmsSid');
      const from = params.get('From');
      const to = params.get('To');
      if (!providerId || !from || !to) return null;
      return { providerId, from, to, body: params.get('Body') ?? '', media: inboundMedia(params) };
    },
  };
}
