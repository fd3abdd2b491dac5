import { describe, expect, test } from 'vitest';
import { isDomainError } from '@domain/errors';
import {
  assertTemplateDefinition,
  checkTemplateDefinition,
  normaliseTemplateDefinition,
  readVariables,
  TEMPLATE_LIMITS,
  TEMPLATE_RULES,
  type TemplateComponentDefinition,
  type TemplateDefinition,
} from '@domain/template-rules';
import { reference } from '../support/reference';
import { SHEENA } from '../support/fixtures';

const body = (text: string, values?: string[]): TemplateComponentDefinition => ({
  type: 'BODY',
  text,
  ...(values ? { example: { body_text: [values] } } : {}),
});

function utility(components: TemplateComponentDefinition[], extra: Partial<TemplateDefinition> = {}): TemplateDefinition {
  return { name: 'order_update', language: 'en_US', category: 'UTILITY', components, ...extra };
}

const buttons = (...list: TemplateComponentDefinition['buttons'] & object): TemplateComponentDefinition => ({ type: 'BUTTONS', buttons: list });
const quick = (text = 'Talk to us') => ({ type: 'QUICK_REPLY', text });
const url = (u = 'https://shop.example.com/track', example?: string[]) => ({ type: 'URL', text: 'Track', url: u, ...(example ? { example } : {}) });

const authentication = (components: TemplateComponentDefinition[]): TemplateDefinition => ({
  name: 'login_code',
  language: 'en_US',
  category: 'AUTHENTICATION',
  components,
});
const copyCode = { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] };

const rules = (def: TemplateDefinition) => checkTemplateDefinition(def).map((v) => v.rule);

describe("Meta's template samples pass every rule", () => {
  test.each(['template-create-utility.json', 'template-create-marketing-named.json', 'template-create-authentication-copy-code.json'])('%s', (file) => {
    expect(checkTemplateDefinition(reference<TemplateDefinition>(`requests/${file}`))).toEqual([]);
  });
});

describe('template rules, one broken at a time', () => {
  test.each([
    { rule: 'name.format', def: utility([body('Hello')], { name: 'Order-Update' }) },
    { rule: 'name.format', def: utility([body('Hello')], { name: '' }) },
    { rule: 'name.format', def: utility([body('Hello')], { name: 'a'.repeat(TEMPLATE_LIMITS.nameMax + 1) }) },
    { rule: 'language.supported', def: utility([body('Hello')], { language: 'en-US' }) },
    { rule: 'language.supported', def: utility([body('Hello')], { language: 'klingon' }) },
    { rule: 'category.known', def: utility([body('Hello')], { category: 'SERVICE' }) },
    { rule: 'parameter_format.known', def: utility([body('Hello')], { parameter_format: 'MIXED' }) },
    { rule: 'components.known', def: utility([body('Hello'), { type: 'CAROUSEL' }]) },
    { rule: 'components.once', def: utility([body('Hello'), body('Again')]) },
    { rule: 'body.required', def: utility([{ type: 'FOOTER', text: 'Lucky Shrub' }]) },
    { rule: 'body.required', def: utility([body('   ')]) },
    { rule: 'body.length', def: utility([body('x'.repeat(TEMPLATE_LIMITS.bodyMax + 1))]) },
    { rule: 'header.format', def: utility([{ type: 'HEADER', format: 'GIF' }, body('Hello')]) },
    { rule: 'header.text', def: utility([{ type: 'HEADER', format: 'TEXT', text: 'x'.repeat(TEMPLATE_LIMITS.headerTextMax + 1) }, body('Hello')]) },
    { rule: 'header.text', def: utility([{ type: 'HEADER', format: 'TEXT', text: '' }, body('Hello')]) },
    {
      rule: 'header.variables',
      def: utility([{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}} for {{2}}', example: { header_text: ['#1', 'Ana'] } }, body('Hello')]),
    },
    { rule: 'header.media_example', def: utility([{ type: 'HEADER', format: 'IMAGE' }, body('Hello')]) },
    { rule: 'footer.length', def: utility([body('Hello'), { type: 'FOOTER', text: 'x'.repeat(TEMPLATE_LIMITS.footerMax + 1) }]) },
    { rule: 'footer.variables', def: utility([body('Hello'), { type: 'FOOTER', text: 'Ref {{1}}' }]) },
    { rule: 'variables.syntax', def: utility([body('Hello {{First Name}}, welcome')]) },
    { rule: 'variables.syntax', def: utility([body('Hello {{1}, welcome')]) },
    { rule: 'variables.format', def: utility([body('Hello {{name}}, welcome', [])]) },
    { rule: 'variables.format', def: utility([body('Hello {{1}}, welcome', ['Ana'])], { parameter_format: 'NAMED' }) },
    { rule: 'variables.sequence', def: utility([body('Hi {{2}}, your order {{1}} is here.', ['a', 'b'])]) },
    { rule: 'variables.sequence', def: utility([body('Hi {{1}}, your order {{3}} is here.', ['a', 'b'])]) },
    { rule: 'variables.edges', def: utility([body('{{1}} is your order number.', ['42'])]) },
    { rule: 'variables.edges', def: utility([body('Your order number is {{1}}', ['42'])]) },
    { rule: 'variables.adjacent', def: utility([body('Hi {{1}}{{2}}, thanks for shopping.', ['a', 'b'])]) },
    { rule: 'variables.examples', def: utility([body('Hi {{1}}, your order is {{2}}.', ['Ana'])]) },
    { rule: 'variables.examples', def: utility([body('Hi {{1}}, your order is here.')]) },
    { rule: 'variables.examples', def: utility([body('Hi {{1}}, your order is here.', [' '])]) },
    { rule: 'variables.examples', def: utility([body('Hi {{first_name}}, thanks.', undefined)], { parameter_format: 'NAMED' }) },
    { rule: 'variables.examples', def: utility([{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' }, body('Hello')]) },
    { rule: 'buttons.present', def: utility([body('Hello'), buttons()]) },
    { rule: 'buttons.kind', def: utility([body('Hello'), buttons({ type: 'CALL_ME', text: 'Call' })]) },
    { rule: 'buttons.count', def: utility([body('Hello'), buttons(...Array.from({ length: 11 }, (_, i) => quick(`Option ${i}`)))]) },
    { rule: 'buttons.count', def: utility([body('Hello'), buttons(url(), url(), url())]) },
    {
      rule: 'buttons.count',
      def: utility([
        body('Hello'),
        buttons({ type: 'PHONE_NUMBER', text: 'Call', phone_number: SHEENA }, { type: 'PHONE_NUMBER', text: 'Call 2', phone_number: '+16505551235' }),
      ]),
    },
    { rule: 'buttons.grouping', def: utility([body('Hello'), buttons(quick('A'), url(), quick('B'))]) },
    { rule: 'buttons.text', def: utility([body('Hello'), buttons(quick('x'.repeat(TEMPLATE_LIMITS.buttonTextMax + 1)))]) },
    { rule: 'buttons.text', def: utility([body('Hello'), buttons(quick(''))]) },
    { rule: 'buttons.url', def: utility([body('Hello'), buttons(url('ftp://files.example.com'))]) },
    { rule: 'buttons.url', def: utility([body('Hello'), buttons(url('https://shop.example.com/{{1}}/track', ['https://shop.example.com/1/track']))]) },
    { rule: 'buttons.url', def: utility([body('Hello'), buttons(url('https://shop.example.com/track/{{1}}'))]) },
    { rule: 'buttons.url', def: utility([body('Hello'), buttons(url(`https://shop.example.com/${'x'.repeat(TEMPLATE_LIMITS.urlMax)}`))]) },
    { rule: 'buttons.phone_number', def: utility([body('Hello'), buttons({ type: 'PHONE_NUMBER', text: 'Call', phone_number: '6505551234' })]) },
    {
      rule: 'buttons.copy_code',
      def: utility([body('Hello'), buttons({ type: 'COPY_CODE', example: 'X'.repeat(TEMPLATE_LIMITS.copyCodeExampleMax + 1) })], { category: 'MARKETING' }),
    },
    { rule: 'buttons.otp_only_in_authentication', def: utility([body('Hello'), buttons({ type: 'OTP', otp_type: 'COPY_CODE' })]) },
    { rule: 'authentication.no_header', def: authentication([{ type: 'HEADER', format: 'TEXT', text: 'Code' }, { type: 'BODY' }, copyCode]) },
    { rule: 'authentication.body', def: authentication([{ type: 'BODY', text: 'Your code is {{1}}.' }, copyCode]) },
    { rule: 'authentication.footer', def: authentication([{ type: 'BODY' }, { type: 'FOOTER', code_expiration_minutes: 91 }, copyCode]) },
    { rule: 'authentication.footer', def: authentication([{ type: 'BODY' }, { type: 'FOOTER', text: 'Do not share' }, copyCode]) },
    { rule: 'authentication.copy_code_button', def: authentication([{ type: 'BODY' }]) },
    { rule: 'authentication.copy_code_button', def: authentication([{ type: 'BODY' }, buttons({ type: 'OTP', otp_type: 'ONE_TAP', text: 'Autofill' })]) },
    { rule: 'authentication.copy_code_button', def: authentication([{ type: 'BODY' }, buttons(quick())]) },
    { rule: 'ttl.range', def: authentication([{ type: 'BODY' }, copyCode]), ttl: 3600 },
    { rule: 'ttl.range', def: utility([body('Hello')]), ttl: 10 },
  ])('$rule is broken by case #$#', ({ rule, def, ttl }) => {
    const withTtl = ttl === undefined ? def : { ...def, message_send_ttl_seconds: ttl };
    const violations = checkTemplateDefinition(withTtl);
    expect(violations.map((v) => v.rule)).toContain(rule);
    const v = violations.find((x) => x.rule === rule)!;
    expect(v.message.startsWith(TEMPLATE_RULES[v.rule])).toBe(true);
    expect(v.path).not.toBe('');
  });
});

describe('well-formed templates', () => {
  test.each([
    { description: 'a body without variables', def: utility([body('Your order has shipped.')]) },
    { description: 'variables with sample values, ending in punctuation', def: utility([body('Hi {{1}}, your order {{2}} has shipped.', ['Ana', '#42'])]) },
    { description: 'a repeated variable counted once', def: utility([body('Hi {{1}}, yes {{1}}, your order is here.', ['Ana'])]) },
    {
      description: 'a text header with its one variable',
      def: utility([{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#4821'] } }, body('Hello there.')]),
    },
    {
      description: 'an image header with an uploaded sample',
      def: utility([{ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2UvanBlZw==:ARb'] } }, body('Hello there.')]),
    },
    { description: 'a location header', def: utility([{ type: 'HEADER', format: 'LOCATION' }, body('Your pickup point.')]) },
    { description: 'quick replies grouped after a URL button', def: utility([body('Hello.'), buttons(url(), quick('A'), quick('B'))]) },
    {
      description: 'a URL with its trailing variable and sample',
      def: utility([body('Hello.'), buttons(url('https://shop.example.com/track/{{1}}', ['https://shop.example.com/track/42']))]),
    },
    { description: 'a phone-number button', def: utility([body('Hello.'), buttons({ type: 'PHONE_NUMBER', text: 'Call us', phone_number: SHEENA })]) },
    {
      description: 'lowercase kinds, as in Meta’s own sample',
      def: { name: 'x', language: 'pt_BR', category: 'utility', components: [{ type: 'body', text: 'Olá!' }] },
    },
    { description: 'an authentication template without footer', def: authentication([{ type: 'BODY', add_security_recommendation: true }, copyCode]) },
    {
      description: 'named variables with their samples',
      def: utility(
        [{ type: 'BODY', text: 'Hi {{first_name}}, see you.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] } }],
        { parameter_format: 'NAMED' },
      ),
    },
  ])('$description', ({ def }) => {
    expect(checkTemplateDefinition(def)).toEqual([]);
  });

  test('several broken rules are all reported, in the order of the submission', () => {
    expect(rules({ name: 'Bad Name', language: 'xx', category: 'UTILITY', components: [body('{{1}} x', [])] })).toEqual([
      'name.format',
      'language.supported',
      'variables.examples',
      'variables.edges',
    ]);
  });

  test('TEMPLATE_INVALID names the first rule in its message and lists every violation', () => {
    try {
      assertTemplateDefinition(utility([body('Hi {{1}}{{2}}', ['a', 'b'])], { name: 'Nope' }));
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, 'TEMPLATE_INVALID')).toBe(true);
      const e = error as { message: string; details: { violations: Array<{ rule: string }> } };
      expect(e.message).toContain('name.format');
      expect(e.details.violations.map((v) => v.rule)).toEqual(['name.format', 'variables.edges', 'variables.adjacent']);
    }
  });

  test('normalising uppercases kinds and categories, as the connector submits them', () => {
    const def = normaliseTemplateDefinition(reference<TemplateDefinition>('requests/template-create-authentication-copy-code.json'));
    expect(def.category).toBe('AUTHENTICATION');
    expect(def.components.map((c) => c.type)).toEqual(['BODY', 'FOOTER', 'BUTTONS']);
    expect(def.components[2]!.buttons![0]).toMatchObject({ type: 'OTP', otp_type: 'COPY_CODE' });
  });

  test.each([
    { text: 'Hi {{1}} and {{ 2 }}', positional: [1, 2], named: [], malformed: [] },
    { text: 'Hi {{first_name}}', positional: [], named: ['first_name'], malformed: [] },
    { text: 'Hi {{}} and {{1a}}', positional: [], named: [], malformed: ['{{}}', '{{1a}}'] },
    { text: 'Hi {{1}', positional: [], named: [], malformed: ['{{'] },
  ])('reads the variables of "$text"', ({ text, ...expected }) => {
    expect(readVariables(text)).toEqual(expected);
  });
});

describe("the limits match Meta's, as mirrored in limits.json", () => {
  const meta = reference<{ template: Record<string, unknown> }>('limits.json').template;
  test.each([
    ['name_max', TEMPLATE_LIMITS.nameMax],
    ['header_text_max', TEMPLATE_LIMITS.headerTextMax],
    ['header_text_params_max', TEMPLATE_LIMITS.headerTextParamsMax],
    ['body_max', TEMPLATE_LIMITS.bodyMax],
    ['footer_max', TEMPLATE_LIMITS.footerMax],
    ['buttons_max_total', TEMPLATE_LIMITS.buttonsMaxTotal],
    ['quick_reply_max', TEMPLATE_LIMITS.quickReplyMax],
    ['url_buttons_max', TEMPLATE_LIMITS.urlButtonsMax],
    ['button_text_max', TEMPLATE_LIMITS.buttonTextMax],
    ['url_max', TEMPLATE_LIMITS.urlMax],
    ['phone_number_max', TEMPLATE_LIMITS.phoneNumberMax],
    ['copy_code_example_max', TEMPLATE_LIMITS.copyCodeExampleMax],
    ['auth_code_expiration_minutes', [...TEMPLATE_LIMITS.authCodeExpirationMinutes]],
  ])('%s', (key, ours) => {
    expect(ours).toEqual(meta[key]);
  });
});
