/**
 * Shapes of the admin API's bodies, checked at the edge. Limits here are loose
 * on purpose: Meta's rules (template-rules, business-profile) run next and
 * name the rule a value breaks, which a generic length error would not.
 */
import { z } from 'zod';

const text = z.string().max(10_000);
const NamedExample = z.strictObject({ param_name: z.string().max(200), example: text });

const Button = z.strictObject({
  type: z.string().max(32),
  text: text.optional(),
  url: text.optional(),
  phone_number: z.string().max(64).optional(),
  example: z.union([z.array(text).max(5), text]).optional(),
  otp_type: z.string().max(32).optional(),
});

const Component = z.strictObject({
  type: z.string().max(32),
  format: z.string().max(32).optional(),
  text: text.optional(),
  example: z
    .strictObject({
      header_text: z.array(text).max(5).optional(),
      header_handle: z.array(z.string().max(4096)).max(5).optional(),
      body_text: z.array(z.array(text).max(100)).max(5).optional(),
      header_text_named_params: z.array(NamedExample).max(5).optional(),
      body_text_named_params: z.array(NamedExample).max(100).optional(),
    })
    .optional(),
  buttons: z.array(Button).max(20).optional(),
  add_security_recommendation: z.boolean().optional(),
  code_expiration_minutes: z.number().optional(),
});

/** Meta's own create body (POST /{waba-id}/message_templates). */
export const TemplateDefinitionBody = z.strictObject({
  name: z.string().max(1000),
  language: z.string().max(32),
  category: z.string().max(32),
  parameter_format: z.string().max(32).optional(),
  components: z.array(Component).max(10),
  allow_category_change: z.boolean().optional(),
  message_send_ttl_seconds: z.number().optional(),
});

export const BusinessProfileBody = z.strictObject({
  about: text.optional(),
  address: text.optional(),
  description: text.optional(),
  email: text.optional(),
  websites: z.array(text).max(20).optional(),
  vertical: z.string().max(64).optional(),
  profilePictureHandle: z.string().min(1).max(4096).optional(),
});

export const OneTimeCodeBody = z.strictObject({
  template: z.strictObject({ name: z.string().regex(/^[a-z0-9_]{1,512}$/), language: z.string().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/) }),
  /** Meta: at most 15 characters (authentication-templates). */
  code: z.string().min(1).max(15).regex(/^\S+$/, 'no spaces'),
});
