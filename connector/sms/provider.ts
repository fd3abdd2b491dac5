/**
 * What go2msg needs from an SMS provider. Twilio is the first adapter
 * (twilio.ts); another provider implements the same four things: send one
 * message, prove its callbacks are genuine, and read its status reports and
 * inbound messages. Services see only this interface.
 */
import type { MessageFailure, RetryPolicy } from '@domain/meta-errors';

export interface OutgoingSms {
  /** E.164, e.g. +16505551234. */
  to: string;
  body: string;
  /** Where the provider reports this message's statuses. */
  statusCallbackUrl: string;
}

export interface AcceptedSms {
  /** The provider's id for the message (a Twilio message SID). */
  providerId: string;
  /** The provider's own status word at acceptance. */
  status: string;
}

/** A callback or inbound request as received: the exact URL the provider called, its form fields, its headers. */
export interface ProviderRequest {
  url: string;
  params: URLSearchParams;
  header(name: string): string | undefined;
}

export interface SmsStatusReport {
  providerId: string;
  /** The provider's status word (queued, sent, delivered, undelivered, failed…). */
  status: string;
  errorCode: number | null;
  errorMessage: string | null;
}

export interface InboundSms {
  providerId: string;
  /** E.164 of the customer. */
  from: string;
  /** E.164 of our number. */
  to: string;
  body: string;
  /** Files sent with it (an MMS): where the provider keeps each one, and its type. */
  media: InboundMedia[];
}

export interface InboundMedia {
  url: string;
  contentType: string | null;
}

export interface SmsProvider {
  readonly name: string;
  /** The sender customers see: a number or a messaging service. */
  readonly sender: string;
  send(message: OutgoingSms): Promise<AcceptedSms>;
  verifyRequest(request: ProviderRequest): boolean;
  readStatus(params: URLSearchParams): SmsStatusReport | null;
  readInbound(params: URLSearchParams): InboundSms | null;
  /** Fetches a file an inbound message carried (an MMS's MediaUrl) with the account's credentials. */
  downloadMedia(url: string): Promise<Response>;
}

/** A refused or failed send, already explained; `retry` tells the SMS outbox what to do. */
export class SmsSendError extends Error {
  constructor(
    readonly failure: MessageFailure,
    readonly retry: RetryPolicy,
    options?: { cause?: unknown },
  ) {
    super(failure.code === null ? failure.title : `(${failure.code}) ${failure.title}`, options);
    this.name = 'SmsSendError';
  }
}
