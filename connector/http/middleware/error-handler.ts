/**
 * The one place that decides what an error becomes on the wire.
 *
 * Domain errors leave with their code, message, the action to take and their
 * details. Errors Express and its helpers raise with a 4xx status (a range
 * outside the file from `send`, a body too large from the body parser) leave
 * with that status, as the nearest code of the vocabulary. Anything else is
 * logged with the request id and leaves as a bare INTERNAL error: stack
 * traces, SQL and upstream bodies (which may echo secrets) never reach a client.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { DomainError, ERROR_CODES, type ErrorBody, type ErrorCode } from '@domain/errors';

/** What http-errors (Express, body-parser, send) put on an error. */
interface HttpError {
  status?: number;
  statusCode?: number;
  type?: string;
  limit?: number;
  expose?: boolean;
  message?: string;
  headers?: Record<string, string>;
}

const CODE_FOR_STATUS: Partial<Record<number, ErrorCode>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  416: 'RANGE_NOT_SATISFIABLE',
  429: 'RATE_LIMITED',
};

/** Headers an error may keep from the helper that raised it (RFC 9110 §15.5.17: a 416 says the size). */
const KEPT_ERROR_HEADERS = new Set(['content-range', 'retry-after', 'allow']);

/** Headers a handler may have set for the content it meant to send; wrong on an error body. */
const CONTENT_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'content-range',
  'content-encoding',
  'accept-ranges',
  'etag',
  'last-modified',
  'cache-control',
];

function fromHttpError(error: unknown): { known: DomainError; status: number; headers: Record<string, string> } | null {
  const e = error as HttpError | null;
  if (e?.type === 'entity.parse.failed')
    return { known: new DomainError('VALIDATION_FAILED', { reason: 'the body is not valid JSON' }), status: 400, headers: {} };
  if (e?.type === 'entity.too.large')
    return { known: new DomainError('VALIDATION_FAILED', { reason: `the body is larger than ${e.limit} bytes` }), status: 413, headers: {} };
  const status = e?.status ?? e?.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  const code = CODE_FOR_STATUS[status];
  const known = code ? new DomainError(code) : new DomainError('VALIDATION_FAILED', { reason: e?.expose && e.message ? e.message : 'the request was refused' });
  const headers = Object.fromEntries(Object.entries(e?.headers ?? {}).filter(([name]) => KEPT_ERROR_HEADERS.has(name.toLowerCase())));
  return { known, status, headers };
}

export function errorBody(error: DomainError, requestId?: string): ErrorBody {
  const details = Object.keys(error.details).length ? error.details : undefined;
  return { error: { code: error.code, message: error.message, action: error.action, ...(details ? { details } : {}), ...(requestId ? { requestId } : {}) } };
}

export function errorHandler(log: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    // A body refused before it was read to the end (an upload too large) leaves bytes on the
    // connection: close it rather than have the client reuse it (RFC 9112 §9.6).
    if (!req.complete) res.setHeader('connection', 'close');
    for (const name of CONTENT_HEADERS) res.removeHeader(name);
    res.setHeader('cache-control', 'no-store');
    const requestId = res.locals.requestId;
    if (error instanceof DomainError) {
      res.status(error.status).json(errorBody(error, requestId));
      return;
    }
    const http = fromHttpError(error);
    if (http) {
      res.set(http.headers).status(http.status).json(errorBody(http.known, requestId));
      return;
    }
    log.error({ err: error, requestId }, 'unhandled error');
    res
      .status(500)
      .json({ error: { code: 'INTERNAL', message: ERROR_CODES.INTERNAL.message, action: ERROR_CODES.INTERNAL.action, requestId } } satisfies ErrorBody);
  };
}
