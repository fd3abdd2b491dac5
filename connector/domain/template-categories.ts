/**
 * What a template's category allows when an agent sends it, and what it costs.
 *
 * - Authentication templates carry one-time codes and nothing else: they go out
 *   through the one-time-code flow, never as a support reply (Meta,
 *   authentication-templates; pricing category `authentication`).
 * - Marketing and authentication templates are always billed; utility templates
 *   are free when delivered inside an open customer service window (Meta,
 *   pricing, updated 2026-03-02).
 * - Paused and disabled templates cannot be sent (Meta errors 132015, 132016).
 * - A customer who stopped marketing messages (Meta's user_preferences webhook,
 *   or error 131050 on an earlier send) gets no marketing template: Meta would
 *   refuse it anyway (131050), after it had been queued as sent. Utility and
 *   authentication templates still go (Meta, webhooks/reference/user_preferences).
 */
import type { TemplateBilling } from './account-views';
import { DomainError } from './errors';
import type { Template, TemplateCategory } from './templates';
import type { MarketingPreference } from './views';

export type SendPurpose = 'conversation' | 'one_time_code';

export interface SendBilling {
  billable: boolean;
  /** Meta's pricing category, as status webhooks name it. */
  category: 'marketing' | 'utility' | 'authentication';
  why: 'always_billed' | 'outside_window' | 'free_inside_window';
}

export function templateBilling(category: TemplateCategory): TemplateBilling {
  return category === 'UTILITY' ? 'outside_window' : 'always';
}

export function billingFor(category: TemplateCategory, windowOpen: boolean): SendBilling {
  const pricing = category.toLowerCase() as SendBilling['category'];
  if (templateBilling(category) === 'always') return { billable: true, category: pricing, why: 'always_billed' };
  return windowOpen ? { billable: false, category: pricing, why: 'free_inside_window' } : { billable: true, category: pricing, why: 'outside_window' };
}

/** Templates the panel's composer offers for replies. */
export function offeredForReplies(template: Pick<Template, 'status' | 'category'>): boolean {
  return template.status === 'APPROVED' && template.category !== 'AUTHENTICATION';
}

/**
 * The category rule for one send. Returns how Meta will bill it; throws when the
 * category or status forbids it. An unknown template is left to checkTemplateSend.
 */
export function checkTemplateUse(template: Template | undefined, purpose: SendPurpose, windowOpen: boolean): SendBilling | null {
  if (!template) return null;
  const who = { name: template.name, language: template.language, category: template.category };
  if (template.status === 'PAUSED') throw new DomainError('TEMPLATE_PAUSED', who);
  if (template.status === 'DISABLED') throw new DomainError('TEMPLATE_DISABLED', who);
  if (template.category === 'AUTHENTICATION' && purpose !== 'one_time_code') {
    throw new DomainError('TEMPLATE_CATEGORY_MISUSE', { ...who, purpose, rule: 'authentication templates are sent only through the one-time-code flow' });
  }
  if (purpose === 'one_time_code' && template.category !== 'AUTHENTICATION') {
    throw new DomainError('TEMPLATE_CATEGORY_MISUSE', { ...who, purpose, rule: 'one-time codes are sent only in authentication templates' });
  }
  return billingFor(template.category, windowOpen);
}

/** Refuses a marketing template to a customer whose latest word was to stop marketing messages. */
export function checkMarketingAllowed(category: TemplateCategory | undefined, preference: MarketingPreference | null | undefined): void {
  if (category !== 'MARKETING' || preference?.value !== 'stop') return;
  throw new DomainError('MARKETING_OPTED_OUT', { since: preference.at, source: preference.source });
}
