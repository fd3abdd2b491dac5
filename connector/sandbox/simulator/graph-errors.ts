/**
 * The simulator's side of Meta's error contract: the Graph error envelope with
 * Meta's titles and HTTP statuses, for the codes the simulator produces.
 * Source: Meta, support/error-codes (test/fixtures/cloud-api/errors/).
 */
import { randomBytes } from 'node:crypto';

const CODES: Record<number, { status: number; title: string }> = {
  10: { status: 403, title: 'Permission denied' },
  100: { status: 400, title: 'Invalid parameter' },
  190: { status: 401, title: 'Access token has expired' },
  130429: { status: 400, title: 'Rate limit hit' },
  131000: { status: 500, title: 'Something went wrong' },
  131008: { status: 400, title: 'Required parameter is missing' },
  131009: { status: 400, title: 'Parameter value is not valid' },
  131026: { status: 400, title: 'Message undeliverable' },
  131047: { status: 400, title: 'Re-engagement message' },
  131050: {
    status: 400,
    title: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.',
  },
  131051: { status: 400, title: 'Unsupported message type' },
  131053: { status: 400, title: 'Media upload error' },
  131056: { status: 400, title: '(Business Account, Consumer Account) pair rate limit hit' },
  132000: { status: 400, title: 'Number of parameters does not match the expected number of params' },
  132001: { status: 404, title: 'Template name does not exist in the translation' },
  132012: { status: 400, title: 'Parameter format does not match format in the created template' },
  132015: { status: 400, title: 'Template is Paused' },
  132016: { status: 400, title: 'Template is Disabled' },
  133005: { status: 400, title: 'Two step verification PIN Mismatch' },
  133010: { status: 400, title: 'Phone number Not Registered' },
  133016: { status: 400, title: 'Account register deregister rate limit exceeded' },
  2200: { status: 400, title: 'Callback verification failed' },
};

export interface GraphErrorResponse {
  status: number;
  body: { error: { message: string; type: string; code: number; error_data?: { messaging_product: 'whatsapp'; details: string }; fbtrace_id: string } };
}

export function graphError(code: number, details: string): GraphErrorResponse {
  const info = CODES[code] ?? { status: 400, title: 'Invalid parameter' };
  return {
    status: info.status,
    body: {
      error: {
        message: `(#${code}) ${info.title}`,
        type: 'OAuthException',
        code,
        error_data: { messaging_product: 'whatsapp', details },
        fbtrace_id: randomBytes(12).toString('base64url'),
      },
    },
  };
}

/** The error object inside a `failed` status webhook, which has its own shape. */
export function webhookError(code: number, details: string) {
  const title = CODES[code]?.title ?? 'Unknown error';
  return { code, title, message: title, error_data: { details }, href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/' };
}

/** The simulator's own failures, raised by request checks and turned into a response by the router. */
export class SimulatedGraphError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(details);
  }
}
