/**
 * Request bodies the API accepts, checked for shape at the edge; WhatsApp's
 * rules (lengths, counts, the window) are checked after, in the domain.
 */
import { z } from 'zod';
import { DomainError } from '@domain/errors';
import type { OutboundContent } from '@domain/outbound';
import { parseBody } from '../../web/parse-body';

const MediaId = z.string().regex(/^med_[A-Za-z0-9_-]{10,64}$/, 'a media id from POST /api/media');
const Context = z.strictObject({ message_id: z.string().min(1).max(255) });
const Text = z.string().max(100_000);

const MediaRef = z.strictObject({ id: MediaId });
const Captioned = z.strictObject({ id: MediaId, caption: Text.optional() });

const Header = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: Text }),
  z.strictObject({ type: z.literal('image'), image: MediaRef }),
  z.strictObject({ type: z.literal('video'), video: MediaRef }),
  z.strictObject({ type: z.literal('document'), document: z.strictObject({ id: MediaId, filename: z.string().max(255).optional() }) }),
]);
const BodyText = z.strictObject({ text: Text });
const Footer = z.strictObject({ text: Text });

const Interactive = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('button'),
    header: Header.optional(),
    body: BodyText,
    footer: Footer.optional(),
    action: z.strictObject({
      buttons: z.array(z.strictObject({ type: z.literal('reply'), reply: z.strictObject({ id: z.string(), title: z.string() }) })).max(10),
    }),
  }),
  z.strictObject({
    type: z.literal('list'),
    header: z.strictObject({ type: z.literal('text'), text: Text }).optional(),
    body: BodyText,
    footer: Footer.optional(),
    action: z.strictObject({
      button: z.string(),
      sections: z
        .array(
          z.strictObject({
            title: z.string().optional(),
            rows: z.array(z.strictObject({ id: z.string(), title: z.string(), description: z.string().optional() })).max(50),
          }),
        )
        .max(20),
    }),
  }),
  z.strictObject({
    type: z.literal('cta_url'),
    header: Header.optional(),
    body: BodyText,
    footer: Footer.optional(),
    action: z.strictObject({ name: z.literal('cta_url'), parameters: z.strictObject({ display_text: z.string(), url: z.string().max(2000) }) }),
  }),
]);

/** The range is checked by the domain rule, which names it; the shape is checked here. */
const PlaceSchema = z.strictObject({
  latitude: z.number(),
  longitude: z.number(),
  name: z.string().max(1000).optional(),
  address: z.string().max(1000).optional(),
});

const TemplateParameter = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: z.string().min(1).max(32_768), parameter_name: z.string().optional() }),
  z.strictObject({ type: z.literal('image'), image: MediaRef }),
  z.strictObject({ type: z.literal('video'), video: MediaRef }),
  z.strictObject({ type: z.literal('document'), document: z.strictObject({ id: MediaId, filename: z.string().max(255).optional() }) }),
  z.strictObject({
    type: z.literal('currency'),
    currency: z.strictObject({ fallback_value: z.string(), code: z.string().length(3), amount_1000: z.number().int() }),
  }),
  z.strictObject({ type: z.literal('date_time'), date_time: z.strictObject({ fallback_value: z.string() }) }),
  z.strictObject({ type: z.literal('location'), location: PlaceSchema }),
  z.strictObject({ type: z.literal('payload'), payload: z.string().max(256) }),
]);

const TemplateComponent = z.strictObject({
  type: z.enum(['header', 'body', 'button']),
  sub_type: z.string().optional(),
  index: z.union([z.string(), z.number()]).optional(),
  parameters: z.array(TemplateParameter).max(100),
});

const ContactCard = z.strictObject({
  name: z.strictObject({
    formatted_name: z.string(),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    middle_name: z.string().optional(),
    suffix: z.string().optional(),
    prefix: z.string().optional(),
  }),
  phones: z
    .array(z.strictObject({ phone: z.string().optional(), type: z.string().optional(), wa_id: z.string().optional() }))
    .max(20)
    .optional(),
  emails: z
    .array(z.strictObject({ email: z.string().optional(), type: z.string().optional() }))
    .max(20)
    .optional(),
  urls: z
    .array(z.strictObject({ url: z.string().optional(), type: z.string().optional() }))
    .max(20)
    .optional(),
  addresses: z.array(z.record(z.string(), z.string())).max(20).optional(),
  org: z.strictObject({ company: z.string().optional(), department: z.string().optional(), title: z.string().optional() }).optional(),
  birthday: z.string().optional(),
});

export const OutboundBody = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: z.strictObject({ body: Text, preview_url: z.boolean().optional() }), context: Context.optional() }),
  z.strictObject({ type: z.literal('image'), image: Captioned, context: Context.optional() }),
  z.strictObject({ type: z.literal('video'), video: Captioned, context: Context.optional() }),
  z.strictObject({ type: z.literal('audio'), audio: z.strictObject({ id: MediaId, voice: z.boolean().optional() }), context: Context.optional() }),
  z.strictObject({
    type: z.literal('document'),
    document: z.strictObject({ id: MediaId, caption: Text.optional(), filename: z.string().max(255).optional() }),
    context: Context.optional(),
  }),
  z.strictObject({ type: z.literal('sticker'), sticker: MediaRef, context: Context.optional() }),
  z.strictObject({
    type: z.literal('location'),
    location: PlaceSchema,
    context: Context.optional(),
  }),
  z.strictObject({ type: z.literal('contacts'), contacts: z.array(ContactCard).max(20), context: Context.optional() }),
  z.strictObject({ type: z.literal('interactive'), interactive: Interactive, context: Context.optional() }),
  z.strictObject({ type: z.literal('reaction'), reaction: z.strictObject({ message_id: z.string().min(1).max(255), emoji: z.string().max(32) }) }),
  z.strictObject({
    type: z.literal('template'),
    template: z.strictObject({
      name: z.string().regex(/^[a-z0-9_]{1,512}$/),
      language: z.strictObject({ code: z.string().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/) }),
      components: z.array(TemplateComponent).max(20).optional(),
    }),
  }),
]);

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** The request's Idempotency-Key header, which every send needs so that a retry never sends twice. */
export function idempotencyKey(req: { get(name: string): string | undefined }): string {
  const key = req.get('idempotency-key');
  if (!key || !IDEMPOTENCY_KEY.test(key)) {
    throw new DomainError('VALIDATION_FAILED', { field: 'Idempotency-Key', reason: 'a header of 8 to 128 letters, digits or _.:- is required' });
  }
  return key;
}

export function parseOutbound(body: unknown): OutboundContent {
  return parseBody(OutboundBody, body) as OutboundContent;
}
