import type { ErrorBody, ErrorCode } from '@domain/errors';

/** A refusal from the connector, with its code, what went wrong and what to do. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly action: string,
    readonly status: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static fromBody(status: number, body: unknown): ApiError {
    const error = (body as Partial<ErrorBody> | null)?.error;
    if (error?.code) return new ApiError(error.code, error.message, error.action, status, error.details);
    return new ApiError('INTERNAL', `The connector answered HTTP ${status}.`, 'Try again in a moment.', status);
  }

  static network(): ApiError {
    return new ApiError('NETWORK', 'The connector could not be reached.', 'Check your connection; the panel retries on its own.', 0);
  }
}
