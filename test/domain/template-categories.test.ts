import { describe, expect, test } from 'vitest';
import { isDomainError } from '@domain/errors';
import { billingFor, checkTemplateUse, offeredForReplies, templateBilling, type SendPurpose } from '@domain/template-categories';
import type { Template, TemplateCategory, TemplateStatus } from '@domain/templates';

const template = (category: TemplateCategory, status: TemplateStatus = 'APPROVED'): Template => ({
  name: 't',
  language: 'en_US',
  category,
  status,
  components: [],
});

function outcome(t: Template | undefined, purpose: SendPurpose, windowOpen = false): string {
  try {
    const billing = checkTemplateUse(t, purpose, windowOpen);
    return billing ? `billable=${billing.billable}` : 'left to checkTemplateSend';
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

describe('category rules when sending', () => {
  test.each([
    { case: 'a utility template as a reply', t: template('UTILITY'), purpose: 'conversation', expected: 'billable=true' },
    { case: 'a marketing template as a reply', t: template('MARKETING'), purpose: 'conversation', expected: 'billable=true' },
    { case: 'an authentication template as a support reply', t: template('AUTHENTICATION'), purpose: 'conversation', expected: 'TEMPLATE_CATEGORY_MISUSE' },
    { case: 'an authentication template through the one-time-code flow', t: template('AUTHENTICATION'), purpose: 'one_time_code', expected: 'billable=true' },
    { case: 'a utility template through the one-time-code flow', t: template('UTILITY'), purpose: 'one_time_code', expected: 'TEMPLATE_CATEGORY_MISUSE' },
    { case: 'a paused template', t: template('UTILITY', 'PAUSED'), purpose: 'conversation', expected: 'TEMPLATE_PAUSED' },
    { case: 'a disabled template', t: template('MARKETING', 'DISABLED'), purpose: 'conversation', expected: 'TEMPLATE_DISABLED' },
    {
      case: 'a paused authentication template, even for a code',
      t: template('AUTHENTICATION', 'PAUSED'),
      purpose: 'one_time_code',
      expected: 'TEMPLATE_PAUSED',
    },
    { case: 'an unknown template', t: undefined, purpose: 'conversation', expected: 'left to checkTemplateSend' },
  ] as const)('$case → $expected', ({ t, purpose, expected }) => {
    expect(outcome(t, purpose)).toBe(expected);
  });

  test.each([
    { category: 'MARKETING', windowOpen: true, billable: true, why: 'always_billed' },
    { category: 'MARKETING', windowOpen: false, billable: true, why: 'always_billed' },
    { category: 'AUTHENTICATION', windowOpen: true, billable: true, why: 'always_billed' },
    { category: 'UTILITY', windowOpen: true, billable: false, why: 'free_inside_window' },
    { category: 'UTILITY', windowOpen: false, billable: true, why: 'outside_window' },
  ] as const)('$category with the window open=$windowOpen is billable=$billable', ({ category, windowOpen, billable, why }) => {
    expect(billingFor(category, windowOpen)).toEqual({ billable, category: category.toLowerCase(), why });
  });

  test.each([
    ['MARKETING', 'always'],
    ['AUTHENTICATION', 'always'],
    ['UTILITY', 'outside_window'],
  ] as const)('%s templates are billed %s', (category, billing) => {
    expect(templateBilling(category)).toBe(billing);
  });

  test.each([
    { t: template('UTILITY'), offered: true },
    { t: template('MARKETING'), offered: true },
    { t: template('AUTHENTICATION'), offered: false },
    { t: template('UTILITY', 'PAUSED'), offered: false },
    { t: template('UTILITY', 'PENDING'), offered: false },
  ])('the composer offers a $t.status $t.category template: $offered', ({ t, offered }) => {
    expect(offeredForReplies(t)).toBe(offered);
  });
});
