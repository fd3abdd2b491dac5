/**
 * A refusal from the Graph API, translated at the edge.
 *
 * Branch on Meta's `code` (and `error_data.details`), never on the HTTP status
 * or the message text (Meta, support/error-codes). The original body is kept as
 * `cause` for logs; services see only the code, the explanation and the retry policy.
 */
import { describeFailure, explainMetaError, type MessageFailure, type RetryPolicy } from '@domain/meta-errors';

export interface GraphErrorBody {
  error?: {
    message?: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    error_data?: { messaging_product?: string; details?: string };
    fbtrace_id?: string;
  };
}

export class GraphApiError extends Error {
  /** Meta's error code; null when Meta could not be reached or answered without one. */
  readonly code: number | null;
  /** Meta's `error_subcode`, which some codes need to say which refusal it was (e.g. a template name taken). */
  readonly subcode: number | null;
  readonly httpStatus: number | null;
  readonly title: string;
  readonly details: string | null;

  constructor(init: { code: number | null; subcode?: number | null; httpStatus: number | null; title: string; details?: string | null; cause?: unknown }) {
    super(init.code === null ? init.title : `(#${init.code}) ${init.title}`, { cause: init.cause });
    this.name = 'GraphApiError';
    this.code = init.code;
    this.subcode = init.subcode ?? null;
    this.httpStatus = init.httpStatus;
    this.title = init.title;
    this.details = init.details ?? null;
  }

  static fromResponse(httpStatus: number, body: unknown): GraphApiError {
    const error = (body as GraphErrorBody | null)?.error;
    if (typeof error?.code !== 'number') {
      return new GraphApiError({ code: null, httpStatus, title: `HTTP ${httpStatus} without a Graph error body`, cause: body });
    }
    const title = error.message?.replace(/^\(#\d+\)\s*/, '') || explainMetaError(error.code).title;
    const subcode = typeof error.error_subcode === 'number' ? error.error_subcode : null;
    return new GraphApiError({ code: error.code, subcode, httpStatus, title, details: error.error_data?.details ?? null, cause: body });
  }

  static unreachable(cause: unknown): GraphApiError {
    return new GraphApiError({ code: null, httpStatus: null, title: 'The Cloud API could not be reached', cause });
  }

  /** How the outbox treats this error. Unknown server trouble (5xx, no answer) is retried. */
  get retry(): RetryPolicy {
    if (this.code === null) return this.httpStatus === null || this.httpStatus >= 500 ? 'backoff' : 'never';
    return explainMetaError(this.code).retry;
  }

  toFailure(): MessageFailure {
    if (this.code === null) {
      return { code: null, title: this.title, details: this.details, reason: 'WhatsApp could not be reached.', action: 'Try sending again in a moment.' };
    }
    return describeFailure(this.code, this.title, this.details);
  }
}
