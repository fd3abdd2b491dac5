/**
 * SMS rules checked before anything reaches the provider.
 *
 * Twilio accepts a body of up to 1,600 characters and splits it into segments
 * the customer's phone joins again: 160 GSM-7 characters fit one segment (153
 * per segment when split, characters of the extension table count twice), any
 * other character switches the whole message to UCS-2, 70 per segment (67 when
 * split). Each segment is billed.
 * Source: Twilio, Message resource (Body) and "What the heck is a segment?".
 */
import { DomainError } from './errors';
import type { OutboundStatus } from './message-status';

export const SMS_BODY_MAX = 1600;

const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

export interface SmsSegments {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

export function smsSegments(body: string): SmsSegments {
  let septets = 0;
  for (const ch of body) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENSION.includes(ch)) septets += 2;
    else {
      const units = body.length;
      return { encoding: 'UCS-2', units, segments: units === 0 ? 0 : units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'GSM-7', units: septets, segments: septets === 0 ? 0 : septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

export function checkSmsText(body: string): void {
  if (body.trim() === '') throw new DomainError('TEXT_EMPTY');
  const length = [...body].length;
  if (length > SMS_BODY_MAX) throw new DomainError('SMS_TOO_LONG', { length, max: SMS_BODY_MAX });
}

/**
 * Twilio's message statuses in go2msg's order (see message-status.ts): the
 * provider holding the message is `accepted`, a carrier's failure is `failed`.
 * Inbound statuses (receiving, received) are not ours to apply: null.
 * Source: Twilio, Message resource, "Message status values".
 */
const TWILIO_STATUS: Record<string, OutboundStatus> = {
  accepted: 'accepted',
  scheduled: 'accepted',
  queued: 'accepted',
  sending: 'accepted',
  sent: 'sent',
  partially_delivered: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

export function smsStatusToOutbound(status: string): OutboundStatus | null {
  return TWILIO_STATUS[status.toLowerCase()] ?? null;
}

/**
 * How an MMS's file shows in the thread, from the type Twilio reports: pictures,
 * video and audio by their family (an MMS may carry GIFs or AMR voice, which
 * WhatsApp would not send, but the panel can still show or offer them), any
 * other file as a document to download.
 */
export function mmsKind(contentType: string | null): 'image' | 'video' | 'audio' | 'document' {
  const family = contentType?.split('/')[0]?.trim().toLowerCase();
  return family === 'image' || family === 'video' || family === 'audio' ? family : 'document';
}
