/**
 * Message templates: the only messages allowed outside the service window.
 *
 * Meta approves each template before use and puts it in one of three
 * categories, which decide how it may be used and what it costs.
 * Source: Meta, templates/overview and pricing (updated 2026-03-02).
 */
import { DomainError } from './errors';
import { isOnEarth } from './limits';
import type { TemplateContent, TemplateParameter } from './outbound';

export const TEMPLATE_CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export const TEMPLATE_STATUSES = [
  'APPROVED',
  'PENDING',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'IN_APPEAL',
  'PENDING_DELETION',
  'DELETED',
  'ARCHIVED',
  'LIMIT_EXCEEDED',
] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export interface TemplateComponent {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';
  format?: string;
  text?: string;
  buttons?: Array<{ type: string; text: string; url?: string; phone_number?: string; example?: string[] | string }>;
  example?: unknown;
}

export interface Template {
  name: string;
  language: string;
  category: TemplateCategory;
  status: TemplateStatus;
  components: TemplateComponent[];
}

/** `{{1}}` (positional) or `{{first_name}}` (named: lowercase letters, digits, underscores). */
const VARIABLE = /\{\{\s*([a-z0-9_]+)\s*\}\}/g;

/** A text's distinct variables in order of first use: ['1', '2'], or ['customer_name', 'order_number'] in a named template. */
export function templateVariables(text: string | undefined): string[] {
  if (!text) return [];
  return [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1]!))];
}

/** A template text cut at its variables, in order: plain text as strings, each variable as its key and as written (`{{ 1 }}`). */
export function splitAtVariables(text: string): Array<string | { key: string; written: string }> {
  const parts: Array<string | { key: string; written: string }> = [];
  let last = 0;
  for (const match of text.matchAll(VARIABLE)) {
    parts.push(text.slice(last, match.index), { key: match[1]!, written: match[0] });
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** How many distinct variables a template text has, `{{1}}` or `{{name}}`. */
export function countVariables(text: string | undefined): number {
  return templateVariables(text).length;
}

/** A variable of a named template (`{{first_name}}`): its value is sent with `parameter_name`, in any order. */
export function isNamedVariable(key: string): boolean {
  return !/^\d+$/.test(key);
}

/** The parameter for one variable: named ones carry their name, positional ones go by their place. */
export function textParameter(key: string, text: string): TemplateParameter {
  return isNamedVariable(key) ? { type: 'text', text, parameter_name: key } : { type: 'text', text };
}

function componentText(template: Template, type: TemplateComponent['type']): string | undefined {
  return template.components.find((c) => c.type === type)?.text;
}

function paramsFor(content: TemplateContent, type: 'header' | 'body'): TemplateParameter[] {
  return content.template.components?.find((c) => c.type === type)?.parameters ?? [];
}

const MEDIA_HEADER: Record<string, 'image' | 'video' | 'document'> = { IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document' };
const TEXT_LIKE = new Set(['text', 'currency', 'date_time']);

/** The text a parameter puts in the message (Cloud API renders the fallback of currency and date-time). */
function parameterText(p: TemplateParameter | undefined): string | undefined {
  if (!p) return undefined;
  if (p.type === 'text') return p.text;
  if (p.type === 'currency') return p.currency.fallback_value;
  if (p.type === 'date_time') return p.date_time.fallback_value;
  return undefined;
}

/** The buttons whose URL ends with a variable, by position: each needs a value when sending. */
export function dynamicUrlButtons(template: Template): number[] {
  const buttons = template.components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
  return buttons.flatMap((b, index) => (b.type === 'URL' && b.url && countVariables(b.url) > 0 ? [index] : []));
}

function mismatch(content: TemplateContent, component: string, expected: unknown, given: unknown): DomainError {
  const { name, language } = content.template;
  return new DomainError('TEMPLATE_PARAMS_MISMATCH', { name, language: language.code, component, expected, given });
}

/** In a named template every value says which variable it fills, and every variable gets one. */
function checkNames(content: TemplateContent, component: 'header' | 'body', variables: string[], params: TemplateParameter[]): void {
  if (!variables.some(isNamedVariable)) return;
  const names = params.map((p) => (p.type === 'text' ? p.parameter_name : undefined));
  if (variables.every((v) => names.includes(v)) && names.every((n) => n !== undefined && variables.includes(n))) return;
  const given = names.map((n) => (n === undefined ? 'a value without parameter_name' : `{{${n}}}`)).join(', ') || 'nothing';
  throw mismatch(content, component, variables.map((v) => `{{${v}}}`).join(', '), given);
}

/**
 * Checks that `content` can be sent with `template`: approved, and with exactly
 * the values the template needs — header text variables or its media, body
 * variables, and the variable part of URL buttons (Meta: 132000, 132012).
 */
export function checkTemplateSend(template: Template | undefined, content: TemplateContent): void {
  const { name, language } = content.template;
  if (!template) throw new DomainError('TEMPLATE_NOT_FOUND', { name, language: language.code });
  if (template.status !== 'APPROVED') {
    throw new DomainError('TEMPLATE_NOT_APPROVED', { name, language: language.code, status: template.status });
  }

  const header = template.components.find((c) => c.type === 'HEADER');
  const headerParams = paramsFor(content, 'header');
  const mediaKind = header?.format ? MEDIA_HEADER[header.format] : undefined;
  if (mediaKind) {
    if (headerParams.length !== 1 || headerParams[0]!.type !== mediaKind)
      throw mismatch(content, 'header', mediaKind, headerParams.map((p) => p.type).join(',') || 'nothing');
  } else if (header?.format === 'LOCATION') {
    // The place is chosen when sending (a store, a delivery point); Meta shows it as a map.
    const [only] = headerParams;
    const place = headerParams.length === 1 && only?.type === 'location' ? only.location : null;
    if (!place) throw mismatch(content, 'header', 'location', headerParams.map((p) => p.type).join(',') || 'nothing');
    if (!isOnEarth(place))
      throw mismatch(content, 'header', 'a latitude between -90 and 90 and a longitude between -180 and 180', `${place.latitude}, ${place.longitude}`);
  } else {
    const variables = templateVariables(header?.text);
    if (headerParams.length !== variables.length || headerParams.some((p) => p.type !== 'text'))
      throw mismatch(content, 'header', variables.length, headerParams.length);
    checkNames(content, 'header', variables, headerParams);
  }

  const bodyParams = paramsFor(content, 'body');
  const bodyVariables = templateVariables(componentText(template, 'BODY'));
  if (bodyParams.length !== bodyVariables.length || bodyParams.some((p) => !TEXT_LIKE.has(p.type)))
    throw mismatch(content, 'body', bodyVariables.length, bodyParams.length);
  checkNames(content, 'body', bodyVariables, bodyParams);
  if (bodyParams.some((p) => (parameterText(p) ?? '').trim() === '')) throw mismatch(content, 'body', 'a value for every variable', 'an empty value');

  const needed = dynamicUrlButtons(template);
  const buttons = (content.template.components ?? []).filter((c) => c.type === 'button' && c.sub_type === 'url');
  const given = buttons.map((b) => Number(b.index));
  const missing = needed.filter((i) => !given.includes(i));
  const extra = given.filter((i) => !needed.includes(i));
  if (missing.length || extra.length || buttons.some((b) => b.parameters.length !== 1 || b.parameters[0]!.type !== 'text')) {
    throw mismatch(
      content,
      'button',
      needed.map((i) => `url button ${i}`).join(', ') || 'no button values',
      given.map((i) => `url button ${i}`).join(', ') || 'none',
    );
  }
}

/** A header, body or footer text with the values filled in (by position or by name). */
function filled(text: string, values: TemplateParameter[]): string {
  return text.replace(VARIABLE, (whole, key: string) => {
    const value = isNamedVariable(key) ? values.find((p) => p.type === 'text' && p.parameter_name === key) : values[Number(key) - 1];
    return parameterText(value) ?? whole;
  });
}

/** The text a customer sees for a template, with the values filled in (by position or by name). */
export function renderTemplateBody(template: Template, content: TemplateContent): string {
  return filled(componentText(template, 'BODY') ?? '', paramsFor(content, 'body'));
}

/** What the customer saw of a sent template, kept with the message (the template may change later). */
export interface TemplateShown {
  /** Header text with its values, or the kind of file or map Meta drew above the body. */
  header: { text: string } | { media: 'image' | 'video' | 'document' | 'location' } | null;
  body: string;
  footer: string | null;
  buttons: Array<{ type: string; text: string }>;
}

export function templateShown(template: Template, content: TemplateContent): TemplateShown {
  const header = template.components.find((c) => c.type === 'HEADER');
  const media = header?.format === 'LOCATION' ? 'location' : MEDIA_HEADER[header?.format ?? ''];
  return {
    header: media ? { media } : header?.text ? { text: filled(header.text, paramsFor(content, 'header')) } : null,
    body: renderTemplateBody(template, content),
    footer: componentText(template, 'FOOTER') ?? null,
    buttons: (template.components.find((c) => c.type === 'BUTTONS')?.buttons ?? []).map((b) => ({ type: b.type, text: b.text })),
  };
}
