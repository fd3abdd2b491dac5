/**
 * The one place that decides what an error becomes on the wire.
 *
 * Domain errors leave with their code, message, the action to take and their
 * details. Anything else is logged with the request id and leaves as a bare
 * INTERNAL error: stack traces, SQL and upstream bodies (which may echo
 * secrets) never reach a client.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { DomainError, ERROR_CODES, type ErrorBody } from '@domain/errors';

function fromBodyParser(error: unknown): DomainError | null {
  const e = error as { type?: string; status?: number; limit?: number } | null;
  if (e?.type === 'entity.parse.failed') return new DomainError('VALIDATION_FAILED', { reason: 'the body is not valid JSON' });
  if (e?.type === 'entity.too.large') return new DomainError('VALIDATION_FAILED', { reason: `the body is larger than ${e.limit} bytes` });
  return null;
}

export function errorBody(error: DomainError, requestId?: string): ErrorBody {
  const details = Object.keys(error.details).length ? error.details : undefined;
  return { error: { code: error.code, message: error.message, action: error.action, ...(details ? { details } : {}), ...(requestId ? { requestId } : {}) } };
}

export function errorHandler(log: Logger) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = error instanceof DomainError ? error : fromBodyParser(error);
    const requestId = res.locals.requestId;
    if (known) {
      res.status(known.status).json(errorBody(known, requestId));
      return;
    }
    log.error({ err: error, requestId }, 'unhandled error');
    res.status(500).json({ error: { code: 'INTERNAL', message: ERROR_CODES.INTERNAL.message, action: ERROR_CODES.INTERNAL.action, requestId } } satisfies ErrorBody);
  };
}
