/**
 * Meta's rules for a template submission, checked before anything is sent for
 * review — by the connector (the admin API) and, from the same code, by the
 * admin form as the admin types.
 *
 * Every broken rule is reported, each with the rule's id, the field it concerns
 * and a sentence saying what the rule is and how the submission breaks it.
 * Sources: Meta, templates/overview (2025-12-05), templates/components,
 * template-management, authentication-templates/copy-code-button-authentication-templates,
 * templates/time-to-live; numbers mirrored in test/fixtures/cloud-api/limits.json
 * (a test compares them).
 */
import { DomainError } from './errors';
import { characters } from './limits';
import { isTemplateLanguage } from './template-languages';

export const TEMPLATE_LIMITS = {
  nameMax: 512,
  headerTextMax: 60,
  headerTextParamsMax: 1,
  bodyMax: 1024,
  footerMax: 60,
  buttonsMaxTotal: 10,
  quickReplyMax: 10,
  urlButtonsMax: 2,
  phoneButtonsMax: 1,
  copyCodeButtonsMax: 1,
  buttonTextMax: 25,
  urlMax: 2000,
  phoneNumberMax: 20,
  copyCodeExampleMax: 15,
  authCodeExpirationMinutes: [1, 90] as const,
  /** message_send_ttl_seconds per category (templates/time-to-live). */
  ttlSeconds: {
    AUTHENTICATION: [30, 900] as const,
    UTILITY: [30, 43_200] as const,
    MARKETING: [43_200, 2_592_000] as const,
  },
} as const;

export const SUBMITTABLE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export const HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const;
export const MEDIA_HEADER_FORMATS = ['IMAGE', 'VIDEO', 'DOCUMENT'] as const;
export const BUTTON_KINDS = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE', 'OTP'] as const;

/** Each rule, with the sentence that explains it. The id is what an error names. */
export const TEMPLATE_RULES = {
  'name.format': `A template name uses only lowercase letters, digits and underscores, 1 to ${TEMPLATE_LIMITS.nameMax} characters.`,
  'language.supported': 'The language is one of the codes Meta supports for templates, such as en_US or pt_BR.',
  'category.known': 'The category is MARKETING, UTILITY or AUTHENTICATION.',
  'parameter_format.known': 'parameter_format is POSITIONAL ({{1}}) or NAMED ({{first_name}}).',
  'components.known': 'Components are HEADER, BODY, FOOTER and BUTTONS.',
  'components.once': 'Each kind of component appears at most once.',
  'body.required': 'Every template has a body with text.',
  'body.length': `The body has at most ${TEMPLATE_LIMITS.bodyMax} characters.`,
  'header.format': `A header is TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION.`,
  'header.text': `A text header has 1 to ${TEMPLATE_LIMITS.headerTextMax} characters.`,
  'header.variables': `A text header has at most ${TEMPLATE_LIMITS.headerTextParamsMax} variable.`,
  'header.media_example': 'An image, video or document header needs a sample file uploaded for review (example.header_handle).',
  'footer.length': `The footer has 1 to ${TEMPLATE_LIMITS.footerMax} characters.`,
  'footer.variables': 'The footer has no variables.',
  'variables.syntax': 'Variables are written {{1}}, {{2}}… (or {{first_name}} in named templates), with nothing else between the braces.',
  'variables.format': 'Positional templates use {{1}}, {{2}}…; named templates use {{lowercase_names}}; the two are not mixed.',
  'variables.sequence': 'Positional variables are numbered from {{1}} without gaps, in the order they first appear.',
  'variables.edges': 'The body cannot start or end with a variable (Meta error 2388299).',
  'variables.adjacent': 'Two variables need text or punctuation between them, never {{1}}{{2}}.',
  'variables.examples': 'Every variable has a sample value for the review, given in order.',
  'buttons.present': 'A BUTTONS component has at least one button.',
  'buttons.kind': 'Buttons are QUICK_REPLY, URL, PHONE_NUMBER or COPY_CODE (OTP in authentication templates).',
  'buttons.count': `A template has at most ${TEMPLATE_LIMITS.buttonsMaxTotal} buttons: ${TEMPLATE_LIMITS.quickReplyMax} quick replies, ${TEMPLATE_LIMITS.urlButtonsMax} URL, ${TEMPLATE_LIMITS.phoneButtonsMax} phone number and ${TEMPLATE_LIMITS.copyCodeButtonsMax} copy-code button.`,
  'buttons.grouping': 'Quick-reply buttons sit together, not between other kinds of buttons.',
  'buttons.text': `Button text has 1 to ${TEMPLATE_LIMITS.buttonTextMax} characters.`,
  'buttons.url': `A URL button links to an http(s) address of at most ${TEMPLATE_LIMITS.urlMax} characters, with at most one variable, {{1}}, at its end, and a sample full URL when it has one.`,
  'buttons.phone_number': `A phone-number button has the number with + and country code, at most ${TEMPLATE_LIMITS.phoneNumberMax} characters.`,
  'buttons.copy_code': `A copy-code button has a sample code of 1 to ${TEMPLATE_LIMITS.copyCodeExampleMax} characters.`,
  'buttons.otp_only_in_authentication': 'One-time-password buttons belong to authentication templates only.',
  'authentication.no_header': 'Authentication templates have no header.',
  'authentication.body':
    'Meta writes the body of an authentication template ("<code> is your verification code."); only add_security_recommendation may be set.',
  'authentication.footer': `An authentication footer only sets code_expiration_minutes, ${TEMPLATE_LIMITS.authCodeExpirationMinutes[0]} to ${TEMPLATE_LIMITS.authCodeExpirationMinutes[1]}.`,
  'authentication.copy_code_button': 'An authentication template has exactly one button: the one-time-code copy button (type OTP, otp_type COPY_CODE).',
  'ttl.range':
    'message_send_ttl_seconds is within the range Meta allows for the category: authentication 30 s–15 min, utility 30 s–12 h, marketing 12 h–30 days.',
} as const;

export type TemplateRule = keyof typeof TEMPLATE_RULES;

export interface RuleViolation {
  rule: TemplateRule;
  /** Where in the submission, e.g. "components[1].text" or "components[3].buttons[0].url". */
  path: string;
  /** The rule, and how this submission breaks it. */
  message: string;
}

export interface NamedExample {
  param_name: string;
  example: string;
}

export interface TemplateButtonDefinition {
  type: string;
  text?: string;
  url?: string;
  phone_number?: string;
  /** URL buttons: [full sample URL]; COPY_CODE: the sample code. */
  example?: string[] | string;
  otp_type?: string;
}

export interface TemplateComponentDefinition {
  type: string;
  format?: string;
  text?: string;
  example?: {
    header_text?: string[];
    header_handle?: string[];
    body_text?: string[][];
    header_text_named_params?: NamedExample[];
    body_text_named_params?: NamedExample[];
  };
  buttons?: TemplateButtonDefinition[];
  add_security_recommendation?: boolean;
  code_expiration_minutes?: number;
}

/** A submission in the shape of POST /{waba-id}/message_templates. */
export interface TemplateDefinition {
  name: string;
  language: string;
  category: string;
  parameter_format?: string;
  components: TemplateComponentDefinition[];
  allow_category_change?: boolean;
  message_send_ttl_seconds?: number;
}

const NAME = /^[a-z0-9_]+$/;
/** Anything between double braces; checked further below. */
const TOKEN = /\{\{([^{}]*)\}\}/g;
const POSITIONAL_NAME = /^\d+$/;
/** Named parameters: lowercase letters and underscores (limits.json: named_param_charset). */
const NAMED_NAME = /^[a-z_]+$/;
const PHONE = /^\+[1-9]\d{5,18}$/;

function upper(value: string | undefined): string {
  return (value ?? '').toUpperCase();
}

/** Meta accepts lowercase kinds (its own authentication sample uses them); the connector submits uppercase. */
export function normaliseTemplateDefinition(def: TemplateDefinition): TemplateDefinition {
  return {
    ...def,
    name: def.name.trim(),
    category: upper(def.category),
    ...(def.parameter_format ? { parameter_format: upper(def.parameter_format) } : {}),
    components: def.components.map((c) => ({
      ...c,
      type: upper(c.type),
      ...(c.format ? { format: upper(c.format) } : {}),
      ...(c.buttons ? { buttons: c.buttons.map((b) => ({ ...b, type: upper(b.type), ...(b.otp_type ? { otp_type: upper(b.otp_type) } : {}) })) } : {}),
    })),
  };
}

export interface TextVariables {
  positional: number[];
  named: string[];
  /** Tokens that are neither, e.g. {{ }} or {{First Name}}, and stray braces. */
  malformed: string[];
}

/** The variables of a text, in order of appearance (repeats kept). */
export function readVariables(text: string): TextVariables {
  const positional: number[] = [];
  const named: string[] = [];
  const malformed: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const inner = match[1]!.trim();
    if (POSITIONAL_NAME.test(inner)) positional.push(Number(inner));
    else if (NAMED_NAME.test(inner)) named.push(inner);
    else malformed.push(match[0]);
  }
  const rest = text.replace(TOKEN, '');
  if (rest.includes('{{') || rest.includes('}}')) malformed.push(rest.includes('{{') ? '{{' : '}}');
  return { positional, named, malformed };
}

function distinct<T>(values: T[]): T[] {
  return [...new Set(values)];
}

class Collector {
  readonly violations: RuleViolation[] = [];

  add(rule: TemplateRule, path: string, how?: string): void {
    this.violations.push({ rule, path, message: how ? `${TEMPLATE_RULES[rule]} ${how}` : TEMPLATE_RULES[rule] });
  }
}

function checkVariables(
  out: Collector,
  path: string,
  text: string,
  format: 'POSITIONAL' | 'NAMED',
  examples: { positional?: string[]; named?: NamedExample[] },
  where: 'header' | 'body',
): void {
  const vars = readVariables(text);
  if (vars.malformed.length) out.add('variables.syntax', `${path}.text`, `Found ${vars.malformed.map((m) => `"${m}"`).join(', ')}.`);
  if (format === 'POSITIONAL' && vars.named.length) {
    out.add('variables.format', `${path}.text`, `This template is positional but uses {{${vars.named[0]}}}.`);
  }
  if (format === 'NAMED' && vars.positional.length) {
    out.add('variables.format', `${path}.text`, `This template is named but uses {{${vars.positional[0]}}}.`);
  }
  if (where === 'header') {
    const count = distinct(format === 'NAMED' ? vars.named : vars.positional.map(String)).length;
    if (count > TEMPLATE_LIMITS.headerTextParamsMax) out.add('header.variables', `${path}.text`, `It has ${count}.`);
  }
  if (format === 'POSITIONAL') {
    const order = distinct(vars.positional);
    const expected = order.map((_, i) => i + 1);
    if (order.some((n, i) => n !== expected[i])) {
      out.add(
        'variables.sequence',
        `${path}.text`,
        `Found ${order.map((n) => `{{${n}}}`).join(', ')}; expected ${expected.map((n) => `{{${n}}}`).join(', ')}.`,
      );
    }
    const given = examples.positional ?? [];
    if (order.length && (given.length !== order.length || given.some((v) => typeof v !== 'string' || v.trim() === ''))) {
      out.add(
        'variables.examples',
        `${path}.example`,
        `${order.length} variable${order.length === 1 ? '' : 's'}, ${given.length} sample value${given.length === 1 ? '' : 's'}.`,
      );
    }
  } else {
    const names = distinct(vars.named);
    const given = new Map((examples.named ?? []).map((e) => [e.param_name, e.example]));
    const missing = names.filter((n) => !(given.get(n) ?? '').trim());
    if (missing.length) out.add('variables.examples', `${path}.example`, `No sample value for ${missing.map((n) => `{{${n}}}`).join(', ')}.`);
  }
  if (where === 'body') {
    const trimmed = text.trim();
    if (/^\{\{[^{}]*\}\}/.test(trimmed) || /\{\{[^{}]*\}\}$/.test(trimmed)) out.add('variables.edges', `${path}.text`);
    if (/\}\}\s*\{\{/.test(text)) out.add('variables.adjacent', `${path}.text`);
  }
}

function checkHeader(out: Collector, path: string, c: TemplateComponentDefinition, format: 'POSITIONAL' | 'NAMED'): void {
  const kind = upper(c.format);
  if (!(HEADER_FORMATS as readonly string[]).includes(kind)) {
    out.add('header.format', `${path}.format`, c.format ? `"${c.format}" is not one of them.` : 'The format is missing.');
    return;
  }
  if (kind === 'TEXT') {
    const text = c.text ?? '';
    const n = characters(text.trim());
    if (n === 0 || characters(text) > TEMPLATE_LIMITS.headerTextMax)
      out.add('header.text', `${path}.text`, n === 0 ? 'It is empty.' : `It has ${characters(text)}.`);
    checkVariables(out, path, text, format, { positional: c.example?.header_text, named: c.example?.header_text_named_params }, 'header');
    return;
  }
  if ((MEDIA_HEADER_FORMATS as readonly string[]).includes(kind)) {
    const handle = c.example?.header_handle?.[0];
    if (typeof handle !== 'string' || handle.trim() === '') out.add('header.media_example', `${path}.example.header_handle`);
  }
}

function checkFooter(out: Collector, path: string, c: TemplateComponentDefinition): void {
  const text = c.text ?? '';
  const n = characters(text);
  if (text.trim() === '' || n > TEMPLATE_LIMITS.footerMax) out.add('footer.length', `${path}.text`, text.trim() === '' ? 'It is empty.' : `It has ${n}.`);
  const vars = readVariables(text);
  if (vars.positional.length || vars.named.length) out.add('footer.variables', `${path}.text`);
}

function checkButtonText(out: Collector, path: string, text: string | undefined, required: boolean): void {
  if (text === undefined && !required) return;
  const n = characters(text ?? '');
  if ((text ?? '').trim() === '' || n > TEMPLATE_LIMITS.buttonTextMax)
    out.add('buttons.text', `${path}.text`, (text ?? '').trim() === '' ? 'It is empty.' : `"${text}" has ${n}.`);
}

function checkUrlButton(out: Collector, path: string, b: TemplateButtonDefinition): void {
  const url = b.url ?? '';
  const vars = readVariables(url);
  const problems: string[] = [];
  if (!/^https?:\/\/[^\s/]+\.[^\s]+/i.test(url)) problems.push('It is not an http(s) address.');
  if (characters(url) > TEMPLATE_LIMITS.urlMax) problems.push(`It has ${characters(url)} characters.`);
  const count = vars.positional.length + vars.named.length + vars.malformed.length;
  if (count > 1 || vars.named.length || vars.malformed.length || (count === 1 && !url.endsWith('{{1}}'))) {
    problems.push('Its variable must be a single {{1}} at the very end.');
  }
  const example = Array.isArray(b.example) ? b.example[0] : b.example;
  if (count === 1 && !(typeof example === 'string' && /^https?:\/\//i.test(example))) problems.push('It needs a sample full URL in example.');
  if (problems.length) out.add('buttons.url', `${path}.url`, problems.join(' '));
}

function checkButtons(out: Collector, path: string, c: TemplateComponentDefinition, category: string): void {
  const buttons = c.buttons ?? [];
  if (buttons.length === 0) {
    out.add('buttons.present', `${path}.buttons`);
    return;
  }
  const kinds = buttons.map((b) => upper(b.type));
  const count = (kind: string) => kinds.filter((k) => k === kind).length;
  const tooMany: string[] = [];
  if (buttons.length > TEMPLATE_LIMITS.buttonsMaxTotal) tooMany.push(`${buttons.length} buttons`);
  if (count('QUICK_REPLY') > TEMPLATE_LIMITS.quickReplyMax) tooMany.push(`${count('QUICK_REPLY')} quick replies`);
  if (count('URL') > TEMPLATE_LIMITS.urlButtonsMax) tooMany.push(`${count('URL')} URL buttons`);
  if (count('PHONE_NUMBER') > TEMPLATE_LIMITS.phoneButtonsMax) tooMany.push(`${count('PHONE_NUMBER')} phone-number buttons`);
  if (count('COPY_CODE') > TEMPLATE_LIMITS.copyCodeButtonsMax) tooMany.push(`${count('COPY_CODE')} copy-code buttons`);
  if (tooMany.length) out.add('buttons.count', `${path}.buttons`, `This one has ${tooMany.join(', ')}.`);

  const quick = kinds.flatMap((k, i) => (k === 'QUICK_REPLY' ? [i] : []));
  if (quick.length && quick[quick.length - 1]! - quick[0]! + 1 !== quick.length) out.add('buttons.grouping', `${path}.buttons`);

  buttons.forEach((b, i) => {
    const at = `${path}.buttons[${i}]`;
    const kind = kinds[i]!;
    if (!(BUTTON_KINDS as readonly string[]).includes(kind)) {
      out.add('buttons.kind', `${at}.type`, `"${b.type}" is not one of them.`);
      return;
    }
    if (kind === 'OTP') {
      if (category !== 'AUTHENTICATION') out.add('buttons.otp_only_in_authentication', `${at}.type`);
      checkButtonText(out, at, b.text, false);
      return;
    }
    if (kind === 'COPY_CODE') {
      const example = Array.isArray(b.example) ? b.example[0] : b.example;
      const n = characters(example ?? '');
      if (!example || example.trim() === '' || n > TEMPLATE_LIMITS.copyCodeExampleMax)
        out.add('buttons.copy_code', `${at}.example`, example ? `"${example}" has ${n}.` : 'There is none.');
      return;
    }
    checkButtonText(out, at, b.text, true);
    if (kind === 'URL') checkUrlButton(out, at, b);
    if (kind === 'PHONE_NUMBER' && !(PHONE.test(b.phone_number ?? '') && characters(b.phone_number!) <= TEMPLATE_LIMITS.phoneNumberMax)) {
      out.add('buttons.phone_number', `${at}.phone_number`, b.phone_number ? `"${b.phone_number}" is not.` : 'It is missing.');
    }
  });
}

function checkAuthentication(out: Collector, components: TemplateComponentDefinition[]): void {
  components.forEach((c, i) => {
    const path = `components[${i}]`;
    const type = upper(c.type);
    if (type === 'HEADER') out.add('authentication.no_header', path);
    if (type === 'BODY' && (c.text !== undefined || c.example !== undefined)) out.add('authentication.body', `${path}.text`);
    if (type === 'FOOTER') {
      const [min, max] = TEMPLATE_LIMITS.authCodeExpirationMinutes;
      const minutes = c.code_expiration_minutes;
      if (c.text !== undefined || (minutes !== undefined && !(Number.isInteger(minutes) && minutes >= min && minutes <= max))) {
        out.add('authentication.footer', `${path}`, minutes !== undefined ? `code_expiration_minutes is ${minutes}.` : undefined);
      }
    }
    if (type === 'BUTTONS') {
      const buttons = c.buttons ?? [];
      const only = buttons[0];
      if (buttons.length !== 1 || upper(only?.type) !== 'OTP' || upper(only?.otp_type) !== 'COPY_CODE') {
        const kinds = buttons.map((b) => `${upper(b.type)}${b.otp_type ? `/${upper(b.otp_type)}` : ''}`).join(', ');
        out.add('authentication.copy_code_button', `${path}.buttons`, buttons.length ? `Found ${kinds}.` : undefined);
      } else {
        checkButtonText(out, `${path}.buttons[0]`, only?.text, false);
      }
    }
  });
  if (!components.some((c) => upper(c.type) === 'BUTTONS')) out.add('authentication.copy_code_button', 'components', 'There is no BUTTONS component.');
  if (!components.some((c) => upper(c.type) === 'BODY')) out.add('body.required', 'components', 'There is no BODY component.');
}

/** Every rule the submission breaks; an empty list means Meta's rules are met. */
export function checkTemplateDefinition(def: TemplateDefinition): RuleViolation[] {
  const out = new Collector();
  const name = def.name ?? '';
  if (!NAME.test(name) || name.length > TEMPLATE_LIMITS.nameMax) out.add('name.format', 'name', name ? `"${name.slice(0, 40)}" is not.` : 'It is empty.');
  if (!isTemplateLanguage(def.language ?? '')) out.add('language.supported', 'language', `"${def.language ?? ''}" is not one of them.`);
  const category = upper(def.category);
  const categoryKnown = (SUBMITTABLE_CATEGORIES as readonly string[]).includes(category);
  if (!categoryKnown) out.add('category.known', 'category', `"${def.category ?? ''}" is not one of them.`);
  const formatName = upper(def.parameter_format) || 'POSITIONAL';
  if (formatName !== 'POSITIONAL' && formatName !== 'NAMED') out.add('parameter_format.known', 'parameter_format');
  const format = formatName === 'NAMED' ? 'NAMED' : 'POSITIONAL';

  const components = Array.isArray(def.components) ? def.components : [];
  const seen = new Set<string>();
  components.forEach((c, i) => {
    const type = upper(c?.type);
    if (!['HEADER', 'BODY', 'FOOTER', 'BUTTONS'].includes(type)) out.add('components.known', `components[${i}].type`, `"${c?.type ?? ''}" is not one of them.`);
    else if (seen.has(type)) out.add('components.once', `components[${i}]`, `There is a second ${type}.`);
    seen.add(type);
  });

  const ttl = def.message_send_ttl_seconds;
  if (ttl !== undefined && categoryKnown) {
    const [min, max] = TEMPLATE_LIMITS.ttlSeconds[category as keyof typeof TEMPLATE_LIMITS.ttlSeconds];
    if (!(Number.isInteger(ttl) && ttl >= min && ttl <= max))
      out.add('ttl.range', 'message_send_ttl_seconds', `${category} allows ${min} to ${max} seconds; this is ${ttl}.`);
  }

  if (category === 'AUTHENTICATION') {
    checkAuthentication(out, components);
    return out.violations;
  }

  const firstOf = (type: string) => components.findIndex((c) => upper(c?.type) === type);
  const body = firstOf('BODY');
  if (body < 0 || (components[body]!.text ?? '').trim() === '') {
    out.add('body.required', body < 0 ? 'components' : `components[${body}].text`, body < 0 ? 'There is no BODY component.' : 'The body is empty.');
  } else {
    const c = components[body]!;
    const n = characters(c.text!);
    if (n > TEMPLATE_LIMITS.bodyMax) out.add('body.length', `components[${body}].text`, `It has ${n}.`);
    checkVariables(out, `components[${body}]`, c.text!, format, { positional: c.example?.body_text?.[0], named: c.example?.body_text_named_params }, 'body');
  }
  const header = firstOf('HEADER');
  if (header >= 0) checkHeader(out, `components[${header}]`, components[header]!, format);
  const footer = firstOf('FOOTER');
  if (footer >= 0) checkFooter(out, `components[${footer}]`, components[footer]!);
  const buttons = firstOf('BUTTONS');
  if (buttons >= 0) checkButtons(out, `components[${buttons}]`, components[buttons]!, category);
  return out.violations;
}

/** Throws TEMPLATE_INVALID naming every broken rule; the message names the first. */
export function assertTemplateDefinition(def: TemplateDefinition): void {
  const violations = checkTemplateDefinition(def);
  const first = violations[0];
  if (first) {
    throw new DomainError('TEMPLATE_INVALID', { violations }, { message: `The template breaks Meta's rule ${first.rule} at ${first.path}: ${first.message}` });
  }
}

/** Meta lets approved, rejected and paused templates be edited (an approved one once a day, ten times a month). */
export function isTemplateEditable(status: string): boolean {
  return status === 'APPROVED' || status === 'REJECTED' || status === 'PAUSED';
}
