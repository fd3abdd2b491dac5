/**
 * The one error vocabulary, shared from the domain to the panel.
 *
 * Every code says what went wrong (`message`) and what the person should do next
 * (`action`), because a failure without a next step is the complaint users of
 * WhatsApp inboxes raise most (see shared/reference/user-demands.md, theme G).
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
  TEAMMATE_DISABLED: {
    status: 403,
    message: 'Your go2msg account has been disabled.',
    action: 'Ask an admin to enable it again.',
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
    message: 'The template needs a different number of variables.',
    action: 'Fill in every variable of the template.',
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
  RATE_LIMITED: {
    status: 429,
    message: 'Too many requests.',
    action: 'Wait a moment and try again.',
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

/** A failure the domain can name. Anything else is a bug and becomes INTERNAL. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}, options?: { cause?: unknown; message?: string }) {
    super(options?.message ?? ERROR_CODES[code].message, { cause: options?.cause });
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get action(): string {
    return ERROR_CODES[this.code].action;
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
