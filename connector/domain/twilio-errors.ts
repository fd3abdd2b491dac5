/**
 * Twilio's messaging error codes, explained for the agent who sees a failed SMS.
 *
 * Source: Twilio, Error and Warning Dictionary (https://www.twilio.com/docs/api/errors/{code}),
 * checked 2026-11. `retry` has the same meaning as for Meta's codes (meta-errors.ts):
 * `backoff` retries later, `token` stops with an operator alert, `never` shows the failure.
 */
import type { MessageFailure, RetryPolicy } from './meta-errors';

interface TwilioErrorInfo {
  title: string;
  retry: RetryPolicy;
  reason: string;
  action: string;
}

const ADMIN = 'Ask your go2msg admin to check the SMS (Twilio) setup.';
const OTHER_WAY = 'Check the number with the customer, or reach them on WhatsApp.';

export const TWILIO_ERRORS: Record<number, TwilioErrorInfo> = {
  20003: {
    title: 'Authentication Error',
    retry: 'token',
    reason: 'Twilio refused the account SID or auth token.',
    action: `${ADMIN} TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be valid.`,
  },
  20404: { title: 'The requested resource was not found', retry: 'never', reason: 'Twilio does not know this account or sender.', action: ADMIN },
  20429: {
    title: 'Too Many Requests',
    retry: 'backoff',
    reason: 'Twilio asked go2msg to slow down.',
    action: 'The message is retried automatically after a pause.',
  },
  21211: { title: "Invalid 'To' Phone Number", retry: 'never', reason: 'The customer number is not a valid phone number for SMS.', action: OTHER_WAY },
  21408: {
    title: 'Permission to send an SMS has not been enabled for the region',
    retry: 'never',
    reason: "The Twilio account may not send SMS to this customer's country.",
    action: ADMIN,
  },
  21606: {
    title: "The 'From' phone number provided is not a valid message-capable Twilio phone number",
    retry: 'never',
    reason: 'The sending number cannot send SMS.',
    action: `${ADMIN} TWILIO_FROM must be an SMS-capable Twilio number.`,
  },
  21610: {
    title: 'Attempt to send to unsubscribed recipient',
    retry: 'never',
    reason: 'The customer replied STOP, so SMS to them is blocked.',
    action: 'Reach them on WhatsApp; they can text START to receive SMS again.',
  },
  21612: {
    title: "The 'To' phone number is not currently reachable via SMS",
    retry: 'never',
    reason: 'This number cannot receive SMS from the sending number.',
    action: OTHER_WAY,
  },
  21614: {
    title: "'To' number is not a valid mobile number",
    retry: 'never',
    reason: 'The customer number is not a mobile number (perhaps a landline).',
    action: OTHER_WAY,
  },
  21617: {
    title: 'The concatenated message body exceeds the 1600 character limit',
    retry: 'never',
    reason: 'The SMS is longer than 1,600 characters.',
    action: 'Shorten it or split it into several messages.',
  },
  30001: {
    title: 'Queue overflow',
    retry: 'backoff',
    reason: 'Twilio had too many messages queued for the sending number.',
    action: 'The message is retried automatically.',
  },
  30003: {
    title: 'Unreachable destination handset',
    retry: 'never',
    reason: "The customer's phone is off or out of coverage.",
    action: 'Try again later, or reach them on WhatsApp.',
  },
  30004: {
    title: 'Message blocked',
    retry: 'never',
    reason: 'The customer or their carrier blocks messages from this number.',
    action: 'Reach them on WhatsApp.',
  },
  30005: { title: 'Unknown destination handset', retry: 'never', reason: 'The number does not exist or is no longer in service.', action: OTHER_WAY },
  30006: { title: 'Landline or unreachable carrier', retry: 'never', reason: 'The number is a landline or its carrier cannot receive SMS.', action: OTHER_WAY },
  30007: {
    title: 'Message filtered',
    retry: 'never',
    reason: 'The carrier filtered the message as possible spam.',
    action: 'Rephrase without links or promotional wording, or ask your admin to register the sender (A2P 10DLC).',
  },
  30008: {
    title: 'Unknown error',
    retry: 'never',
    reason: 'The carrier did not deliver the message and gave no reason.',
    action: 'Try again later, or reach them on WhatsApp.',
  },
  30034: {
    title: 'Message from an unregistered number',
    retry: 'never',
    reason: 'US carriers block SMS from a number that is not registered for A2P 10DLC.',
    action: ADMIN,
  },
};

export function explainTwilioError(code: number): TwilioErrorInfo {
  return (
    TWILIO_ERRORS[code] ?? {
      title: `Error ${code}`,
      retry: 'never',
      reason: 'Twilio refused the SMS with an error go2msg does not know.',
      action: 'See the details; if they are unclear, tell your admin the error code.',
    }
  );
}

export function describeTwilioFailure(code: number, message?: string | null): MessageFailure {
  const info = explainTwilioError(code);
  return { code, title: info.title, details: message || null, reason: info.reason, action: info.action };
}
