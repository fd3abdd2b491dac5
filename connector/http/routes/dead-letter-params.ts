/**
 * What the admin's dead-letter lists take, for webhook bodies and host
 * deliveries alike: a page (`?before=<id>&limit=`) and one letter's id.
 */
import { z } from 'zod';
import { DEAD_LETTER_PAGE_MAX } from '@domain/dead-letters';
import { DomainError } from '@domain/errors';

export const DeadLetterPageQuery = z.strictObject({
  before: z
    .string()
    .regex(/^\d{1,15}$/, 'a cursor from this API')
    .transform(Number)
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(DEAD_LETTER_PAGE_MAX))
    .optional(),
});

/** A dead letter's id from the path, or VALIDATION_FAILED naming it. */
export function deadLetterId(raw: string): number {
  const id = Number(raw);
  if (!/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) throw new DomainError('VALIDATION_FAILED', { field: 'id', reason: 'a dead letter id' });
  return id;
}
