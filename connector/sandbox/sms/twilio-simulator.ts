/**
 * A local stand-in for Twilio's Programmable Messaging, for the sandbox and the
 * tests: it answers POST …/Messages.json like Twilio (201 with the Message, or
 * Twilio's error body), then reports `sent` and `delivered` to the message's
 * StatusCallback; a simulated customer's SMS reaches the connector's inbound
 * webhook. Every callback is form-encoded and signed with X-Twilio-Signature,
 * exactly as Twilio signs.
 *
 * Twilio's test numbers behave as Twilio documents them (Test credentials):
 * +15005550001 is invalid (21211), +15005550002 cannot be routed (21612),
 * +15005550004 has opted out (21610), +15005550009 is not a mobile (21614).
 * A customer who texts STOP is opted out until they text START (21610).
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { SMS_BODY_MAX } from '@domain/sms';
import { sampleMp4, samplePdf, samplePng } from '../simulator/samples';
import { twilioSignature, TWILIO_SIGNATURE_HEADER } from '../../sms/twilio-signature';
import { Scheduled } from '../scheduled';

export interface TwilioSimulatorOptions {
  accountSid: string;
  authToken: string;
  /** The business's number customers text. */
  number: string;
  /** The connector's inbound SMS webhook. */
  inboundUrl: string;
  /** Where this simulator's Messages API is reached (TWILIO_API_URL): an MMS's media URLs point under it. */
  apiUrl: string;
  log: Logger;
  fetch?: typeof fetch;
  statusDelays?: { sent: number; delivered: number };
  now?: () => number;
}

export interface SimulatedSms {
  sid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
}

export interface TwilioAnswer {
  status: number;
  body: Record<string, unknown>;
}

const E164 = /^\+[1-9]\d{7,14}$/;
const TEST_NUMBERS: Record<string, [number, string]> = {
  '+15005550001': [21211, "The 'To' number +15005550001 is not a valid phone number."],
  '+15005550002': [21612, "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS."],
  '+15005550004': [21610, 'Attempt to send to unsubscribed recipient'],
  '+15005550009': [21614, "'To' number is not a valid mobile number"],
};
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const START_WORDS = new Set(['START', 'YES', 'UNSTOP']);

/** The files a simulated customer can send by MMS, by type. */
export const MMS_SAMPLES: Record<string, () => Buffer> = {
  'image/png': () => samplePng(),
  'application/pdf': () => samplePdf('Receipt sent by MMS'),
  'video/mp4': () => sampleMp4(),
};

export interface MmsFile {
  contentType: string;
  bytes: Buffer;
}

export function newSid(prefix: 'SM' | 'MM' | 'ME' = 'SM'): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

function twilioError(status: number, code: number, message: string): TwilioAnswer {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

export class TwilioSimulator {
  /** Every SMS accepted, newest last: the sandbox's record of "what reached Twilio". */
  readonly sent: SimulatedSms[] = [];
  readonly optedOut = new Set<string>();
  /** An MMS's files, by their path under the API (…/Messages/{MM}/Media/{ME}), as Twilio keeps them. */
  readonly mmsMedia = new Map<string, MmsFile>();
  private readonly scheduled = new Scheduled();
  private stopped = false;

  constructor(private readonly options: TwilioSimulatorOptions) {}

  stop(): void {
    this.stopped = true;
    this.scheduled.cancelAll();
  }

  /** POST /2010-04-01/Accounts/{Sid}/Messages.json */
  createMessage(params: URLSearchParams): TwilioAnswer {
    const to = params.get('To') ?? '';
    const from = params.get('From');
    const service = params.get('MessagingServiceSid');
    const body = params.get('Body') ?? '';
    if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!E164.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from && !service) return twilioError(400, 21603, "A 'From' phone number or a 'MessagingServiceSid' is required.");
    if (from && from !== this.options.number)
      return twilioError(400, 21606, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`);
    if (!body) return twilioError(400, 21602, 'Message body is required.');
    if ([...body].length > SMS_BODY_MAX) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    const test = TEST_NUMBERS[to];
    if (test) return twilioError(400, test[0], test[1]);
    if (this.optedOut.has(to)) return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');

    const sms: SimulatedSms = { sid: newSid(), to, from: from ?? this.options.number, body, statusCallback: params.get('StatusCallback') };
    this.sent.push(sms);
    const delays = this.options.statusDelays ?? { sent: 200, delivered: 800 };
    this.scheduled.later(delays.sent, () => this.report(sms, 'sent'));
    this.scheduled.later(delays.delivered, () => this.report(sms, 'delivered'));
    const created = new Date(this.options.now?.() ?? Date.now()).toUTCString().replace('GMT', '+0000');
    return {
      status: 201,
      body: {
        account_sid: this.options.accountSid,
        api_version: '2010-04-01',
        body,
        date_created: created,
        date_sent: null,
        date_updated: created,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from: sms.from,
        messaging_service_sid: service,
        num_media: '0',
        num_segments: '1',
        price: null,
        price_unit: 'USD',
        sid: sms.sid,
        status: 'queued',
        to,
        uri: `/2010-04-01/Accounts/${this.options.accountSid}/Messages/${sms.sid}.json`,
      },
    };
  }

  /**
   * A simulated customer texts the business; it reaches the connector as Twilio's signed inbound webhook.
   * With `mediaTypes` it is an MMS (an MM… SID, NumMedia, MediaUrl{i} and MediaContentType{i}); the
   * files are served under the API with its basic auth, like Twilio's.
   */
  async customerTexts(from: string, body: string, mediaTypes: string[] = []): Promise<{ sid: string; webhookStatus: number | null }> {
    const word = body.trim().toUpperCase();
    if (STOP_WORDS.has(word)) this.optedOut.add(from);
    if (START_WORDS.has(word)) this.optedOut.delete(from);
    const sid = newSid(mediaTypes.length ? 'MM' : 'SM');
    const media = mediaTypes.map((contentType, i) => {
      const path = `/2010-04-01/Accounts/${this.options.accountSid}/Messages/${sid}/Media/${newSid('ME')}`;
      this.mmsMedia.set(path, { contentType, bytes: (MMS_SAMPLES[contentType] ?? MMS_SAMPLES['image/png']!)() });
      return [
        [`MediaContentType${i}`, contentType],
        [`MediaUrl${i}`, `${this.options.apiUrl.replace(/\/+$/, '')}${path}`],
      ];
    });
    const params = new URLSearchParams({
      AccountSid: this.options.accountSid,
      ApiVersion: '2010-04-01',
      Body: body,
      From: from,
      MessageSid: sid,
      NumMedia: String(media.length),
      NumSegments: '1',
      SmsMessageSid: sid,
      SmsSid: sid,
      SmsStatus: 'received',
      To: this.options.number,
    });
    for (const [name, value] of media.flat()) params.append(name!, value!);
    return { sid, webhookStatus: await this.post(this.options.inboundUrl, params) };
  }

  private async report(sms: SimulatedSms, status: 'sent' | 'delivered'): Promise<void> {
    if (!sms.statusCallback) return;
    const params = new URLSearchParams({
      AccountSid: this.options.accountSid,
      ApiVersion: '2010-04-01',
      From: sms.from,
      MessageSid: sms.sid,
      MessageStatus: status,
      SmsSid: sms.sid,
      SmsStatus: status,
      To: sms.to,
    });
    await this.post(sms.statusCallback, params);
  }

  /** Posts a signed form like Twilio; Twilio does not retry, and neither does this. */
  private async post(url: string, params: URLSearchParams): Promise<number | null> {
    if (this.stopped) return null;
    try {
      const response = await (this.options.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', [TWILIO_SIGNATURE_HEADER]: twilioSignature(this.options.authToken, url, params) },
        body: params,
        signal: AbortSignal.timeout(15_000),
      });
      await response.arrayBuffer();
      if (!response.ok) this.options.log.warn({ status: response.status }, 'sms simulator: callback not acknowledged');
      return response.status;
    } catch (error) {
      this.options.log.debug({ err: error }, 'sms simulator: callback failed');
      return null;
    }
  }
}
