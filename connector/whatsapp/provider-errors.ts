/**
 * A Graph refusal on an admin action, as the error the admin sees: Meta's code,
 * title and explanation kept in the details, the original as `cause`.
 */
import { DomainError } from '@domain/errors';
import { GraphApiError } from './graph-error';

/** Meta's subcode for "content in this language already exists" (template-management). */
const TEMPLATE_NAME_TAKEN = 2388024;

export function providerError(error: unknown): DomainError {
  if (!(error instanceof GraphApiError)) return error instanceof DomainError ? error : new DomainError('INTERNAL', {}, { cause: error });
  const details = { code: error.code, title: error.title, ...(error.details ? { reason: error.details } : {}) };
  if (error.code === null) return new DomainError('PROVIDER_UNAVAILABLE', { title: error.title }, { cause: error, message: 'Meta could not be reached.' });
  if (error.code === 0 || error.code === 190) return new DomainError('PROVIDER_TOKEN_INVALID', details, { cause: error });
  if ([4, 80007, 130429].includes(error.code)) return new DomainError('RATE_LIMITED', details, { cause: error });
  if (error.subcode === TEMPLATE_NAME_TAKEN) return new DomainError('TEMPLATE_EXISTS', details, { cause: error });
  return new DomainError('PROVIDER_REJECTED', details, { cause: error, message: `Meta refused the request: ${error.details ?? error.title}` });
}

/** Runs a Graph call; a refusal leaves as a domain error. */
export async function atMeta<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw providerError(error);
  }
}
