/**
 * The one error vocabulary, shared from the domain to the panel.
 *
 * Every code says what went wrong (`message`) and what the person should do next
 * (`action`), because a failure without a next step is the complaint users of
 * WhatsApp inboxes raise most in their reviews.
 * The HTTP status lives here too so that one error handler can decide what
 * leaves the server without knowing each code.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: {
    status: 400,
    message: 'The request is not valid.',
    action: 'Correct the fields named in the details and try again.',
  },
  INVALID_PHONE: {
    status: 400,
    message: 'That is not a phone number in international format.',
    action: 'Write the number with + and the country code, for example +16505551234.',
  },
  UNAUTHENTICATED: {
    status: 401,
    message: 'You are not signed in, or your session has ended.',
    action: 'Sign in again.',
  },
  SIGNATURE_INVALID: {
    status: 401,
    message: 'The request signature is missing or does not match.',
    action: 'Check that the sender signs with the configured app secret.',
  },
  FORBIDDEN: {
    status: 403,
    message: 'You are not allowed to do this.',
    action: 'Ask an admin for access.',
  },
  CONVERSATION_OWNED: {
    status: 409,
    message: 'Another teammate owns this conversation, and only its owner replies here.',
    action: 'Ask them to reply, or take the conversation over (Assign to me) and send again.',
  },
  TEAMMATE_DISABLED: {
    status: 403,
    message: 'Your go2msg account has been disabled.',
    action: 'Ask an admin to enable it again.',
  },
  EMAIL_MISSING: {
    status: 403,
    message: 'Your identity provider did not share your email address with go2msg.',
    action: 'Ask your admin to release the email claim (scope "email") to go2msg in the identity provider, then sign in again.',
  },
  EMAIL_NOT_VERIFIED: {
    status: 403,
    message: 'Your identity provider has not confirmed your email address.',
    action: 'Confirm your email address with your company account (or ask your IT admin to), then sign in again.',
  },
  HOST_PROOF_INVALID: {
    status: 401,
    message: 'The sign-in proof from your helpdesk could not be verified.',
    action: 'Reload the helpdesk page, or sign in with your company account; if it keeps failing, ask your admin to check the host configuration.',
  },
  HOST_USER_NOT_LINKED: {
    status: 409,
    message: 'Your helpdesk account is not linked to go2msg yet.',
    action: 'Sign in once with your company account to link it; after that, the helpdesk signs you in.',
  },
  HOST_LINK_MISMATCH: {
    status: 409,
    message: 'This helpdesk account belongs to someone else: its email does not match your company account.',
    action: 'Sign in to the helpdesk as yourself, or ask an admin to link the account.',
  },
  // The identity provider's answer failed a check (issue 11 §2); details.check names it (a claim, "signature" or "state").
  ID_TOKEN_INVALID: {
    status: 401,
    message: "Your identity provider's sign-in answer failed go2msg's checks, so nobody was signed in.",
    action:
      "Tell your admin: OIDC_ISSUER and OIDC_CLIENT_ID must match the identity provider's settings for go2msg, and its tokens must be signed with the keys it publishes. Signing in again will not help until then.",
  },
  ID_TOKEN_EXPIRED: {
    status: 401,
    message: "Your identity provider's sign-in answer had expired when it reached go2msg.",
    action: "Sign in again. If it keeps happening, tell your admin: the connector's clock and the identity provider's may disagree.",
  },
  SIGN_IN_STATE_MISMATCH: {
    status: 401,
    message: 'This answer from your identity provider does not belong to the sign-in you started here.',
    action: 'Close the sign-in window and click Sign in in the panel again.',
  },
  USERINFO_SUBJECT_MISMATCH: {
    status: 401,
    message: 'Your identity provider described a different person in its profile answer than the one who signed in, so nobody was signed in.',
    action: "Tell your admin: the identity provider's UserInfo endpoint must return the same subject (sub) as its ID token (OpenID Connect Core §5.3.2).",
  },
  // A sign-in whose popup lost its link to the panel completes only with the code its window shows (issue 11 §1).
  SIGN_IN_CODE_WRONG: {
    status: 401,
    message: 'That is not the code your sign-in window shows.',
    action: 'Type the {digits}-digit code from the sign-in window you opened from this panel. Tries left: {triesLeft}.',
  },
  SIGN_IN_EXPIRED: {
    status: 401,
    message: 'This sign-in can no longer be finished: it took too long, or a wrong code was typed too often.',
    action: 'Click Sign in to start again.',
  },
  ORIGIN_NOT_ALLOWED: {
    status: 403,
    message: 'This page is not allowed to use the connector.',
    action: 'Add the page origin to ALLOWED_ORIGINS on the connector.',
  },
  NOT_FOUND: {
    status: 404,
    message: 'Not found.',
    action: 'Check the address.',
  },
  WINDOW_CLOSED: {
    status: 409,
    message: 'The 24-hour customer service window is closed, so free-form messages cannot be sent.',
    action: "Send an approved template; the customer's reply opens the window again.",
  },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    message: 'This idempotency key was already used for a different message.',
    action: 'Use a new idempotency key for a new message.',
  },
  TEXT_EMPTY: {
    status: 422,
    message: 'The message is empty.',
    action: 'Write something before sending.',
  },
  TEXT_TOO_LONG: {
    status: 422,
    message: 'The message is longer than WhatsApp allows.',
    action: 'Shorten it or split it into several messages.',
  },
  TEMPLATE_NOT_FOUND: {
    status: 422,
    message: 'There is no template with that name and language.',
    action: 'Pick a template from the list; it may have been deleted or renamed.',
  },
  TEMPLATE_NOT_APPROVED: {
    status: 422,
    message: 'This template is not approved by Meta, so it cannot be sent.',
    action: 'Pick an approved template, or wait for this one to be approved.',
  },
  TEMPLATE_PARAMS_MISMATCH: {
    status: 422,
    message: "The template's variables are not filled the way it needs.",
    action: 'Fill in every variable of the template (by name, in a template with named variables).',
  },
  MESSAGE_INVALID: {
    status: 422,
    message: 'The message breaks a WhatsApp rule: {rule}.',
    action: 'Change the message and send again.',
  },
  MEDIA_EMPTY: {
    status: 422,
    message: 'The file is empty.',
    action: 'Attach the file again.',
  },
  MEDIA_TYPE_UNSUPPORTED: {
    status: 422,
    message: 'WhatsApp does not accept this file as {kind}.',
    action: 'Send a file of one of these types: {accepted}.',
  },
  MEDIA_TYPE_MISMATCH: {
    status: 422,
    message: 'The file claims to be {claimed} but its content is {detected}.',
    action: 'Attach the original file, saved with its real type.',
  },
  MEDIA_TOO_LARGE: {
    status: 413,
    message: 'This file is {actual}; WhatsApp accepts at most {limit} for {kind}.',
    action: 'Send a smaller file, or share a link instead.',
  },
  RANGE_NOT_SATISFIABLE: {
    status: 416,
    message: 'The requested part of the file is outside the file.',
    action: 'Ask for a byte range within the file (its size is in Content-Range), or for the whole file.',
  },
  MEDIA_NOT_FOUND: {
    status: 404,
    message: 'That file is not available.',
    action: 'Attach the file again.',
  },
  // Templates, business profile and number health (issue 6).
  TEMPLATE_INVALID: {
    status: 422,
    message: "The template breaks one of Meta's template rules.",
    action: 'Fix each field named in the details; every entry names the rule it broke.',
  },
  TEMPLATE_EXISTS: {
    status: 409,
    message: 'A template with this name already exists in this language.',
    action: 'Pick another name, or delete the existing one first (Meta keeps a deleted name blocked for 30 days).',
  },
  TEMPLATE_NOT_EDITABLE: {
    status: 409,
    message: 'A template that is {status} cannot be edited.',
    action: 'Only approved, rejected or paused templates can be edited: wait for Meta to decide, or create a new template.',
  },
  TEMPLATE_CATEGORY_MISUSE: {
    status: 422,
    message: 'Authentication templates only carry one-time codes, and one-time codes only go out in authentication templates.',
    action: 'Send codes through the one-time-code flow with an authentication template; reply with a utility or marketing template.',
  },
  MARKETING_OPTED_OUT: {
    status: 409,
    message: 'This customer stopped marketing messages from your business on WhatsApp, so marketing templates are not sent to them.',
    action: 'Send a utility template about their order or account instead, or wait until the customer resumes marketing messages in WhatsApp.',
  },
  TEMPLATE_PAUSED: {
    status: 422,
    message: 'Meta paused this template because customers blocked or reported it.',
    action: 'Pick another template; Meta lifts a pause after 3 or 6 hours, or an admin can edit the template.',
  },
  TEMPLATE_DISABLED: {
    status: 422,
    message: 'Meta disabled this template for low quality; it cannot be sent again.',
    action: 'Pick another template, or ask an admin to create a new one.',
  },
  PROFILE_INVALID: {
    status: 422,
    message: "The business profile breaks one of Meta's limits.",
    action: 'Fix each field named in the details; every entry names the limit it broke.',
  },
  UPLOAD_INVALID: {
    status: 422,
    message: 'This file cannot be used here.',
    action: 'Upload a file of the kind and size named in the details.',
  },
  PROVIDER_TOKEN_INVALID: {
    status: 502,
    message: "Meta refused the connector's WhatsApp access token.",
    action: 'An admin must set a valid WHATSAPP_ACCESS_TOKEN; `npm run setup` checks it step by step.',
  },
  SMS_TOO_LONG: {
    status: 422,
    message: 'The SMS is longer than 1,600 characters.',
    action: 'Shorten it or split it into several messages.',
  },
  SMS_NO_NUMBER: {
    status: 422,
    message: 'This customer has no phone number to text.',
    action: 'SMS needs a phone number; reach this customer on WhatsApp.',
  },
  SMS_NOT_CONFIGURED: {
    status: 409,
    message: 'SMS is not set up on this connector.',
    action: 'Ask your admin to set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM.',
  },
  WEBHOOK_BODY_REFUSED: {
    status: 422,
    message: 'This webhook body cannot be processed: {reason}.',
    action: 'It is kept as a dead letter and not retried; an admin can read it at GET /api/admin/webhooks/dead-letters and replay it once the cause is fixed.',
  },
  RATE_LIMITED: {
    status: 429,
    message: 'Too many requests.',
    action: 'Wait a moment and try again.',
  },
  // The connector's own request limits (issue 11 §5), unlike RATE_LIMITED, which is Meta's.
  TOO_MANY_REQUESTS: {
    status: 429,
    message: 'Too many requests: at most {limit} {what} a minute {per}.',
    action: 'Wait {retryAfter} seconds and try again. If this happens in normal work, ask your admin to raise {setting}.',
  },
  TOO_MANY_STREAMS: {
    status: 429,
    message: 'This sign-in already has {limit} live panels open.',
    action: 'Close the panels or tabs you no longer use, then reload this one. If you need more, ask your admin to raise {setting}.',
  },
  PROVIDER_REJECTED: {
    status: 502,
    message: 'WhatsApp refused the message.',
    action: 'See the reason; it says what to change.',
  },
  PROVIDER_UNAVAILABLE: {
    status: 503,
    message: 'WhatsApp could not be reached.',
    action: 'The message will be retried; nothing needs to be done now.',
  },
  INTERNAL: {
    status: 500,
    message: 'Something went wrong on the connector.',
    action: 'Try again; if it keeps failing, tell your admin the request id.',
  },
} as const satisfies Record<string, { status: number; message: string; action: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export type ErrorDetails = Record<string, unknown>;

/** Puts details into a message: "at most {limit}" with details.limit = "5 MB". Unknown names stay as they are. */
export function fillIn(text: string, details: ErrorDetails): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = details[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}

/** A failure the domain can name. Anything else is a bug and becomes INTERNAL. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}, options?: { cause?: unknown; message?: string }) {
    super(options?.message ?? fillIn(ERROR_CODES[code].message, details), { cause: options?.cause });
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get action(): string {
    return fillIn(ERROR_CODES[this.code].action, this.details);
  }
}

export function isDomainError(value: unknown, code?: ErrorCode): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}

/** The body every API error has, from the connector to the panel. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    action: string;
    details?: ErrorDetails;
    requestId?: string;
  };
}
