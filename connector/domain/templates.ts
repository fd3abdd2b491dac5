/**
 * Message templates: the only messages allowed outside the service window.
 *
 * Meta approves each template before use and puts it in one of three
 * categories, which decide how it may be used and what it costs.
 * Source: Meta, templates/overview and pricing (updated 2026-03-02).
 */
import { DomainError } from './errors';
import type { TemplateComponentParams, TemplateContent } from './outbound';

export const TEMPLATE_CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export const TEMPLATE_STATUSES = [
  'APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL',
  'PENDING_DELETION', 'DELETED', 'ARCHIVED', 'LIMIT_EXCEEDED',
] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export interface TemplateComponent {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';
  format?: string;
  text?: string;
  buttons?: Array<{ type: string; text: string; url?: string; phone_number?: string }>;
  example?: unknown;
}

export interface Template {
  name: string;
  language: string;
  category: TemplateCategory;
  status: TemplateStatus;
  components: TemplateComponent[];
}

const POSITIONAL = /\{\{\s*(\d+)\s*\}\}/g;

/** How many distinct `{{n}}` variables a template text has. */
export function countVariables(text: string | undefined): number {
  if (!text) return 0;
  return new Set([...text.matchAll(POSITIONAL)].map((m) => m[1])).size;
}

function componentText(template: Template, type: TemplateComponent['type']): string | undefined {
  return template.components.find((c) => c.type === type)?.text;
}

function paramsFor(components: TemplateComponentParams[] | undefined, type: 'header' | 'body'): number {
  return components?.find((c) => c.type === type)?.parameters.length ?? 0;
}

/**
 * Checks that `content` can be sent with `template`: approved, and with exactly
 * as many header and body values as the template has variables (Meta: 132000).
 */
export function checkTemplateSend(template: Template | undefined, content: TemplateContent): void {
  const { name, language } = content.template;
  if (!template) throw new DomainError('TEMPLATE_NOT_FOUND', { name, language: language.code });
  if (template.status !== 'APPROVED') {
    throw new DomainError('TEMPLATE_NOT_APPROVED', { name, language: language.code, status: template.status });
  }
  for (const part of ['header', 'body'] as const) {
    const expected = countVariables(componentText(template, part === 'header' ? 'HEADER' : 'BODY'));
    const given = paramsFor(content.template.components, part);
    if (expected !== given) {
      throw new DomainError('TEMPLATE_PARAMS_MISMATCH', { name, component: part, expected, given });
    }
  }
}

/** The text a customer sees for a template, with the values filled in. */
export function renderTemplateBody(template: Template, content: TemplateContent): string {
  const values = content.template.components?.find((c) => c.type === 'body')?.parameters ?? [];
  const body = componentText(template, 'BODY') ?? '';
  return body.replace(POSITIONAL, (whole, n: string) => values[Number(n) - 1]?.text ?? whole);
}
