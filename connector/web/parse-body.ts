/**
 * Request bodies checked for shape at the edge, by the API's routes and the
 * sandbox's controls alike, so both answer a bad body the same way.
 */
import type { z } from 'zod';
import { DomainError } from '@domain/errors';

/** Parses with a schema; failures name each bad field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new DomainError('VALIDATION_FAILED', {
      fields: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return result.data;
}
