/**
 * Meta's Cloud API error codes, explained for the agent who sees a failed message.
 *
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 * (page updated 2025-12-12; checked 2026-11 against test/fixtures/cloud-api/errors/error-codes.json,
 * which a test compares with this table so the two cannot drift).
 *
 * `retry` decides the outbox: `backoff` retries with exponential backoff and jitter,
 * `recipient` waits only for this customer (pair rate limit, 4^n seconds),
 * `token` stops and raises an operator alert (a new access token is needed),
 * `never` surfaces the failure to the agent.
 */
export type RetryPolicy = 'backoff' | 'recipient' | 'token' | 'never';

export interface MetaErrorInfo {
  title: string;
  retry: RetryPolicy;
  /** What happened, in words an agent understands. */
  reason: string;
  /** What to do about it. */
  action: string;
}

const ADMIN = 'Ask your go2msg admin to check the WhatsApp setup.';

export const META_ERRORS: Record<number, MetaErrorInfo> = {
  0: {
    title: 'AuthException',
    retry: 'token',
    reason: 'The WhatsApp access token is invalid or was revoked.',
    action: `${ADMIN} A new access token is needed.`,
  },
  1: { title: 'API Unknown', retry: 'backoff', reason: 'WhatsApp had an unknown problem.', action: 'The message is retried automatically.' },
  2: { title: 'API Service', retry: 'backoff', reason: 'WhatsApp is temporarily down.', action: 'The message is retried automatically.' },
  3: { title: 'API Method', retry: 'never', reason: 'The WhatsApp app lacks a permission for this.', action: ADMIN },
  4: {
    title: 'Application request limit reached',
    retry: 'backoff',
    reason: 'The WhatsApp app made too many requests.',
    action: 'The message is retried automatically after a pause.',
  },
  10: { title: 'Permission denied', retry: 'never', reason: 'The WhatsApp app is not allowed to do this.', action: ADMIN },
  33: { title: 'Parameter value is not valid', retry: 'never', reason: 'The sending number or account id is wrong.', action: ADMIN },
  100: {
    title: 'Invalid parameter',
    retry: 'never',
    reason: 'WhatsApp found a field it does not accept in the message.',
    action: 'Check the message content; if it looks right, tell your admin.',
  },
  190: {
    title: 'Access token has expired',
    retry: 'token',
    reason: 'The WhatsApp access token has expired.',
    action: `${ADMIN} A new access token is needed.`,
  },
  368: {
    title: 'Temporarily blocked for policies violations',
    retry: 'never',
    reason: 'WhatsApp has temporarily blocked this business account for policy violations.',
    action: 'Ask your admin to review the account in Meta Business Manager.',
  },
  80007: {
    title: 'Rate limit issues',
    retry: 'backoff',
    reason: 'The WhatsApp account reached its request limit.',
    action: 'The message is retried automatically after a pause.',
  },
  130429: {
    title: 'Rate limit hit',
    retry: 'backoff',
    reason: 'The sending number reached its messages-per-second limit.',
    action: 'The message is retried automatically.',
  },
  130472: {
    title: "User's number is part of an experiment",
    retry: 'never',
    reason: 'Meta is running an experiment on this customer and did not deliver the message.',
    action: 'Reach the customer another way, for example by SMS.',
  },
  130497: {
    title: 'Business account is restricted from messaging users in this country',
    retry: 'never',
    reason: 'This business may not message customers in that country.',
    action: 'Reach the customer another way, for example by SMS.',
  },
  131000: { title: 'Something went wrong', retry: 'backoff', reason: 'WhatsApp had an internal problem.', action: 'The message is retried automatically.' },
  131005: { title: 'Access denied', retry: 'never', reason: 'The WhatsApp app was denied access.', action: ADMIN },
  131008: {
    title: 'Required parameter is missing',
    retry: 'never',
    reason: 'The message is missing a required field.',
    action: 'Fill in every field and send again.',
  },
  131009: {
    title: 'Parameter value is not valid',
    retry: 'never',
    reason: 'A value in the message is not valid (for example a reaction to a message older than 30 days).',
    action: 'Check the message and send again.',
  },
  131016: { title: 'Service unavailable', retry: 'backoff', reason: 'WhatsApp is temporarily unavailable.', action: 'The message is retried automatically.' },
  131021: {
    title: 'Recipient cannot be sender',
    retry: 'never',
    reason: 'The customer number is the business number itself.',
    action: 'Check the customer number.',
  },
  131026: {
    title: 'Message undeliverable',
    retry: 'never',
    reason: 'WhatsApp could not deliver the message: the number may not use WhatsApp, the app may be outdated, or the customer blocked this business.',
    action: 'Check the number with the customer, or reach them another way, for example by SMS.',
  },
  131031: {
    title: 'Account has been locked',
    retry: 'never',
    reason: 'The WhatsApp business account is locked.',
    action: 'Ask your admin to review the account in Meta Business Manager.',
  },
  131037: {
    title: 'WhatsApp provided number needs display name approval before message can be sent.',
    retry: 'never',
    reason: "The sending number's display name is not approved yet.",
    action: 'Ask your admin to get the display name approved in WhatsApp Manager.',
  },
  131042: {
    title: 'Business eligibility payment issue',
    retry: 'never',
    reason: 'There is a payment problem on the WhatsApp business account.',
    action: 'Ask your admin to fix the payment method in Meta Business Manager.',
  },
  131045: {
    title: 'Incorrect certificate',
    retry: 'never',
    reason: 'The sending number is not registered correctly.',
    action: `${ADMIN} The number must be registered again.`,
  },
  131047: {
    title: 'Re-engagement message',
    retry: 'never',
    reason: 'The 24-hour window has closed, so WhatsApp did not deliver this free-form message.',
    action: "Send a template; the customer's reply opens the window again.",
  },
  131048: {
    title: 'Spam rate limit hit',
    retry: 'never',
    reason: 'Too many customers blocked or reported this number, so WhatsApp is limiting it.',
    action: 'Slow down and ask your admin to check the quality rating.',
  },
  131049: {
    title: 'This message was not delivered to maintain healthy ecosystem engagement.',
    retry: 'never',
    reason: 'Meta limits how many marketing messages a customer receives, and held this one back.',
    action: 'Do not resend within 24 hours; a reply from the customer opens the window.',
  },
  131050: {
    title: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.',
    retry: 'never',
    reason: 'The customer has stopped marketing messages from this business.',
    action: 'Do not send marketing to this customer; utility messages are still allowed.',
  },
  131051: {
    title: 'Unsupported message type',
    retry: 'never',
    reason: 'WhatsApp does not support this kind of message.',
    action: 'Send it as text or a supported attachment.',
  },
  131052: {
    title: 'Media download error',
    retry: 'never',
    reason: "WhatsApp could not download the customer's file (it may be over 100 MB).",
    action: 'Ask the customer to send it again or another way.',
  },
  131053: {
    title: 'Media upload error',
    retry: 'never',
    reason: 'WhatsApp could not process the attached file: its type, size or encoding is not accepted.',
    action: 'Attach a file of a supported type and size.',
  },
  131056: {
    title: '(Business Account, Consumer Account) pair rate limit hit',
    retry: 'recipient',
    reason: 'Too many messages were sent to this customer in a short time.',
    action: 'The message is retried automatically after a pause.',
  },
  131057: {
    title: 'Account in maintenance mode',
    retry: 'backoff',
    reason: 'The WhatsApp account is being upgraded for a minute.',
    action: 'The message is retried automatically.',
  },
  132000: {
    title: 'Number of parameters does not match the expected number of params',
    retry: 'never',
    reason: 'The template was sent with the wrong number of variables.',
    action: 'Fill in every variable of the template and send again.',
  },
  132001: {
    title: 'Template name does not exist in the translation',
    retry: 'never',
    reason: 'The template does not exist in that language, or is not approved.',
    action: 'Pick another template or language.',
  },
  132005: {
    title: 'Translated text too long',
    retry: 'never',
    reason: 'The template text with its variables is too long.',
    action: 'Shorten the variables and send again.',
  },
  132007: {
    title: 'Template Format Character Policy Violated',
    retry: 'never',
    reason: 'A template variable contains characters WhatsApp does not allow.',
    action: 'Remove line breaks, tabs or long runs of spaces from the variables.',
  },
  132012: {
    title: 'Parameter format does not match format in the created template',
    retry: 'never',
    reason: 'A template variable has the wrong kind (for example text where an image is expected).',
    action: 'Fill each variable with the kind the template asks for.',
  },
  132015: {
    title: 'Template is Paused',
    retry: 'never',
    reason: 'Meta paused this template because of low quality.',
    action: 'Use another template, or ask your admin to edit this one.',
  },
  132016: { title: 'Template is Disabled', retry: 'never', reason: 'Meta disabled this template permanently.', action: 'Use another template.' },
  133010: {
    title: 'Phone number Not Registered',
    retry: 'never',
    reason: 'The sending number is not registered with the Cloud API.',
    action: `${ADMIN} The number must be registered.`,
  },
  133016: {
    title: 'Account register deregister rate limit exceeded',
    retry: 'never',
    reason: 'The number was registered too many times recently.',
    action: 'Wait for the block to end (up to 72 hours).',
  },
};

const UNKNOWN: MetaErrorInfo = {
  title: 'Unknown error',
  retry: 'never',
  reason: 'WhatsApp refused the message with an error go2msg does not know.',
  action: 'See the details; if they are unclear, tell your admin the error code.',
};

/** Explains any Meta error code; unknown codes are explained as such, never dropped. */
export function explainMetaError(code: number): MetaErrorInfo {
  return META_ERRORS[code] ?? { ...UNKNOWN, title: `Error ${code}` };
}

/** What a failed message keeps: Meta's own words and ours. */
export interface MessageFailure {
  /** Meta's code; null when Meta never answered (network, timeout). */
  code: number | null;
  title: string;
  details: string | null;
  reason: string;
  action: string;
}

export function describeFailure(code: number, title?: string | null, details?: string | null): MessageFailure {
  const info = explainMetaError(code);
  return { code, title: title || info.title, details: details ?? null, reason: info.reason, action: info.action };
}
