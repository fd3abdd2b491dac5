import { describe, expect, test } from 'vitest';
import { isDomainError } from '@domain/errors';
import type { TemplateContent } from '@domain/outbound';
import { checkTemplateSend, countVariables, renderTemplateBody, type Template } from '@domain/templates';

const orderUpdate: Template = {
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  status: 'APPROVED',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
    { type: 'BODY', text: 'Hi {{1}}, your order was {{2}} and should arrive by {{3}}.' },
  ],
};

function send(header: string[], body: string[]): TemplateContent {
  const p = (values: string[]) => values.map((text) => ({ type: 'text' as const, text }));
  return {
    type: 'template',
    template: {
      name: 'order_update',
      language: { code: 'en_US' },
      components: [
        ...(header.length ? [{ type: 'header' as const, parameters: p(header) }] : []),
        ...(body.length ? [{ type: 'body' as const, parameters: p(body) }] : []),
      ],
    },
  };
}

function codeOf(action: () => void): string | undefined {
  try {
    action();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('templates', () => {
  test.each([
    { text: 'Hello', count: 0 },
    { text: 'Hi {{1}}', count: 1 },
    { text: 'Hi {{1}}, {{2}} and {{ 3 }}', count: 3 },
    { text: '{{1}} and {{1}} again', count: 1 },
    { text: undefined, count: 0 },
  ])('counts $count variables in "$text"', ({ text, count }) => {
    expect(countVariables(text)).toBe(count);
  });

  test('sends when every variable has a value', () => {
    expect(codeOf(() => checkTemplateSend(orderUpdate, send(['#4821'], ['Sheena', 'shipped', 'June 30'])))).toBeUndefined();
  });

  test.each([
    { description: 'a body value is missing', header: ['#4821'], body: ['Sheena', 'shipped'] },
    { description: 'the header value is missing', header: [], body: ['Sheena', 'shipped', 'June 30'] },
    { description: 'there is one value too many', header: ['#4821'], body: ['Sheena', 'shipped', 'June 30', 'extra'] },
  ])('refuses with TEMPLATE_PARAMS_MISMATCH when $description', ({ header, body }) => {
    expect(codeOf(() => checkTemplateSend(orderUpdate, send(header, body)))).toBe('TEMPLATE_PARAMS_MISMATCH');
  });

  test('refuses an unknown template with TEMPLATE_NOT_FOUND', () => {
    expect(codeOf(() => checkTemplateSend(undefined, send([], [])))).toBe('TEMPLATE_NOT_FOUND');
  });

  test.each(['PENDING', 'REJECTED', 'PAUSED', 'DISABLED'] as const)('refuses a %s template with TEMPLATE_NOT_APPROVED', (status) => {
    expect(codeOf(() => checkTemplateSend({ ...orderUpdate, status }, send(['#4821'], ['Sheena', 'shipped', 'June 30'])))).toBe('TEMPLATE_NOT_APPROVED');
  });

  test('renders the body the customer sees', () => {
    expect(renderTemplateBody(orderUpdate, send(['#4821'], ['Sheena', 'shipped', 'June 30']))).toBe('Hi Sheena, your order was shipped and should arrive by June 30.');
  });
});
