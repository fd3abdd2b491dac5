/** Request bodies the API accepts, checked at the edge; domain rules run after. */
import { z } from 'zod';
import { DomainError } from '@domain/errors';
import type { OutboundContent } from '@domain/outbound';

const TemplateParameter = z.strictObject({ type: z.literal('text'), text: z.string().min(1).max(1024) });

const TemplateComponent = z.strictObject({
  type: z.enum(['header', 'body', 'button']),
  sub_type: z.string().optional(),
  index: z.union([z.string(), z.number()]).optional(),
  parameters: z.array(TemplateParameter).max(20),
});

export const OutboundBody = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('text'),
    text: z.strictObject({ body: z.string(), preview_url: z.boolean().optional() }),
  }),
  z.strictObject({
    type: z.literal('template'),
    template: z.strictObject({
      name: z.string().regex(/^[a-z0-9_]{1,512}$/),
      language: z.strictObject({ code: z.string().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/) }),
      components: z.array(TemplateComponent).max(10).optional(),
    }),
  }),
]);

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

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

export function parseOutbound(body: unknown): OutboundContent {
  return parseBody(OutboundBody, body) as OutboundContent;
}
