/**
 * The template form's state, and the submission it makes in Meta's shape.
 * Kept apart from the element so the mapping from what an admin types to what
 * Meta receives (and back from a rule's path to the field) is in one place.
 */
import type { TemplateView } from '@domain/account-views';
import type { NamedExample, RuleViolation, TemplateButtonDefinition, TemplateComponentDefinition, TemplateDefinition } from '@domain/template-rules';
import { readVariables } from '@domain/template-rules';

export type DraftButtonKind = 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE';

export interface DraftButton {
  kind: DraftButtonKind;
  text: string;
  url: string;
  urlSample: string;
  phone: string;
  code: string;
}

export interface TemplateDraft {
  name: string;
  language: string;
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  allowCategoryChange: boolean;
  headerFormat: '' | 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION';
  headerText: string;
  headerSample: string;
  headerHandle: string;
  body: string;
  bodySamples: string[];
  footer: string;
  buttons: DraftButton[];
  securityRecommendation: boolean;
  codeExpiration: string;
  copyText: string;
}

/** The fields of the form a rule's path points to. */
export type DraftField = 'name' | 'language' | 'category' | 'header' | 'body' | 'footer' | 'buttons' | 'other';

export function emptyDraft(): TemplateDraft {
  return {
    name: '',
    language: 'en_US',
    category: 'UTILITY',
    allowCategoryChange: true,
    headerFormat: '',
    headerText: '',
    headerSample: '',
    headerHandle: '',
    body: '',
    bodySamples: [],
    footer: '',
    buttons: [],
    securityRecommendation: true,
    codeExpiration: '',
    copyText: 'Copy code',
  };
}

/** The sample of each variable, from Meta's positional or named examples. */
function samplesOf(variables: string[], positional: string[] | undefined, named: NamedExample[] | undefined): string[] {
  return variables.map((v, i) => named?.find((e) => e.param_name === v)?.example ?? positional?.[i] ?? '');
}

function draftButton(b: TemplateButtonDefinition): DraftButton | null {
  const kind = b.type.toUpperCase();
  if (kind === 'QUICK_REPLY') return { ...newButton('QUICK_REPLY'), text: b.text ?? '' };
  if (kind === 'URL')
    return { ...newButton('URL'), text: b.text ?? '', url: b.url ?? '', urlSample: (Array.isArray(b.example) ? b.example[0] : b.example) ?? '' };
  if (kind === 'PHONE_NUMBER') return { ...newButton('PHONE_NUMBER'), text: b.text ?? '', phone: b.phone_number ?? '' };
  if (kind === 'COPY_CODE') return { ...newButton('COPY_CODE'), code: (Array.isArray(b.example) ? b.example[0] : b.example) ?? '' };
  return null;
}

/** The form filled with a stored template, to edit it: the reverse of toDefinition. */
export function draftFromTemplate(template: TemplateView): TemplateDraft {
  const d = emptyDraft();
  const components = template.components as TemplateComponentDefinition[];
  const part = (type: string) => components.find((c) => c.type.toUpperCase() === type);
  const header = part('HEADER');
  const body = part('BODY');
  const footer = part('FOOTER');
  const buttons = part('BUTTONS')?.buttons ?? [];
  const draft: TemplateDraft = { ...d, name: template.name, language: template.language, category: template.category };
  if (template.category === 'AUTHENTICATION') {
    const otp = buttons[0];
    return {
      ...draft,
      securityRecommendation: body?.add_security_recommendation === true,
      codeExpiration: footer?.code_expiration_minutes === undefined ? '' : String(footer.code_expiration_minutes),
      copyText: otp?.text ?? d.copyText,
    };
  }
  const format = (header?.format?.toUpperCase() ?? '') as TemplateDraft['headerFormat'];
  const headerText = format === 'TEXT' ? (header?.text ?? '') : '';
  const bodyText = body?.text ?? '';
  return {
    ...draft,
    headerFormat: format,
    headerText,
    headerSample: samplesOf(variablesOf(headerText), header?.example?.header_text, header?.example?.header_text_named_params)[0] ?? '',
    headerHandle: header?.example?.header_handle?.[0] ?? '',
    body: bodyText,
    bodySamples: samplesOf(variablesOf(bodyText), body?.example?.body_text?.[0], body?.example?.body_text_named_params),
    footer: footer?.text ?? '',
    buttons: buttons.map(draftButton).filter((b): b is DraftButton => b !== null),
  };
}

export function newButton(kind: DraftButtonKind): DraftButton {
  return { kind, text: '', url: '', urlSample: '', phone: '', code: '' };
}

/**
 * The variables a text needs a sample for, as the form labels them: `1`, `2`…
 * or, once the admin writes a named one, `customer_name`… in order of first use.
 */
export function variablesOf(text: string): string[] {
  const { positional, named } = readVariables(text);
  return named.length ? [...new Set(named)] : [...new Set(positional)].sort((a, b) => a - b).map(String);
}

/** A template whose header or body uses {{a_name}} is submitted with parameter_format NAMED. */
function usesNames(d: TemplateDraft): boolean {
  return readVariables(d.body).named.length > 0 || (d.headerFormat === 'TEXT' && readVariables(d.headerText).named.length > 0);
}

function button(b: DraftButton): TemplateButtonDefinition {
  switch (b.kind) {
    case 'QUICK_REPLY':
      return { type: 'QUICK_REPLY', text: b.text };
    case 'URL':
      return { type: 'URL', text: b.text, url: b.url, ...(/\{\{/.test(b.url) ? { example: [b.urlSample] } : {}) };
    case 'PHONE_NUMBER':
      return { type: 'PHONE_NUMBER', text: b.text, phone_number: b.phone };
    case 'COPY_CODE':
      return { type: 'COPY_CODE', example: b.code };
  }
}

/** The submission, and which form field each component index stands for. */
export function toDefinition(d: TemplateDraft): { definition: TemplateDefinition; fields: DraftField[] } {
  const components: TemplateComponentDefinition[] = [];
  const fields: DraftField[] = [];
  const named = d.category !== 'AUTHENTICATION' && usesNames(d);
  const add = (field: DraftField, c: TemplateComponentDefinition) => {
    components.push(c);
    fields.push(field);
  };
  if (d.category === 'AUTHENTICATION') {
    add('body', { type: 'BODY', add_security_recommendation: d.securityRecommendation });
    if (d.codeExpiration.trim()) add('footer', { type: 'FOOTER', code_expiration_minutes: Number(d.codeExpiration) });
    add('buttons', { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: d.copyText }] });
  } else {
    if (d.headerFormat === 'TEXT') {
      const [variable] = variablesOf(d.headerText);
      const example =
        variable === undefined
          ? null
          : named
            ? { header_text_named_params: [{ param_name: variable, example: d.headerSample }] }
            : { header_text: [d.headerSample] };
      add('header', { type: 'HEADER', format: 'TEXT', text: d.headerText, ...(example ? { example } : {}) });
    } else if (d.headerFormat === 'LOCATION') {
      add('header', { type: 'HEADER', format: 'LOCATION' });
    } else if (d.headerFormat) {
      add('header', { type: 'HEADER', format: d.headerFormat, example: { header_handle: d.headerHandle ? [d.headerHandle] : [] } });
    }
    const variables = variablesOf(d.body);
    const samples = variables.map((_, i) => d.bodySamples[i] ?? '');
    const example = named ? { body_text_named_params: variables.map((param_name, i) => ({ param_name, example: samples[i]! })) } : { body_text: [samples] };
    add('body', { type: 'BODY', text: d.body, ...(variables.length ? { example } : {}) });
    if (d.footer) add('footer', { type: 'FOOTER', text: d.footer });
    if (d.buttons.length) add('buttons', { type: 'BUTTONS', buttons: d.buttons.map(button) });
  }
  const definition: TemplateDefinition = {
    name: d.name,
    language: d.language,
    category: d.category,
    components,
    ...(d.category === 'AUTHENTICATION' ? {} : { allow_category_change: d.allowCategoryChange }),
    ...(named ? { parameter_format: 'NAMED' } : {}),
  };
  return { definition, fields };
}

export function fieldOf(violation: RuleViolation, fields: DraftField[]): DraftField {
  const top = /^(name|language|category)\b/.exec(violation.path)?.[1] as DraftField | undefined;
  if (top) return top;
  const index = /^components\[(\d+)\]/.exec(violation.path)?.[1];
  return index === undefined ? 'other' : (fields[Number(index)] ?? 'other');
}

/** The body with the samples in place: what the customer would read. */
export function previewText(d: TemplateDraft): string {
  if (d.category === 'AUTHENTICATION')
    return `123456 is your verification code.${d.securityRecommendation ? ' For your security, do not share this code.' : ''}`;
  const variables = variablesOf(d.body);
  return d.body.replace(/\{\{\s*([a-z_]+|\d+)\s*\}\}/g, (whole, key: string) => d.bodySamples[variables.indexOf(key)] || whole);
}
