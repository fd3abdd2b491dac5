import { describe, expect, test } from 'vitest';
import type { TemplateContent, TemplateParameter } from '@domain/outbound';
import { DomainError, isDomainError } from '@domain/errors';
import { checkTemplateSend, countVariables, renderTemplateBody, splitAtVariables, templateVariables, textParameter, type Template } from '@domain/templates';

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
    expect(renderTemplateBody(orderUpdate, send(['#4821'], ['Sheena', 'shipped', 'June 30']))).toBe(
      'Hi Sheena, your order was shipped and should arrive by June 30.',
    );
  });

  describe('with named variables ({{customer_name}}), as Meta creates them with parameter_format NAMED', () => {
    const orderConfirmation: Template = {
      name: 'order_confirmation',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Order {{order_number}}' },
        { type: 'BODY', text: 'Thank you, {{customer_name}}! Your order {{order_number}} is confirmed.' },
      ],
    };
    const named = (body: Array<{ text: string; parameter_name?: string }>): TemplateContent => ({
      type: 'template',
      template: {
        name: 'order_confirmation',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [textParameter('order_number', '860198')] },
          { type: 'body', parameters: body.map((p) => ({ type: 'text' as const, ...p })) },
        ],
      },
    });

    test('lists each variable once, in order of first use', () => {
      expect(templateVariables('Thank you, {{customer_name}}! Your order {{order_number}}, {{customer_name}}.')).toEqual(['customer_name', 'order_number']);
      expect(templateVariables('Hi {{1}}, {{2}}')).toEqual(['1', '2']);
      expect(textParameter('customer_name', 'Sheena')).toEqual({ type: 'text', text: 'Sheena', parameter_name: 'customer_name' });
      expect(textParameter('1', 'Sheena')).toEqual({ type: 'text', text: 'Sheena' });
    });

    test('cuts a text at its variables (as the picker previews it), with the same rule that counts them', () => {
      expect(splitAtVariables('Hi {{ customer_name }}, order {{2}}!')).toEqual([
        'Hi ',
        { key: 'customer_name', written: '{{ customer_name }}' },
        ', order ',
        { key: '2', written: '{{2}}' },
        '!',
      ]);
      expect(splitAtVariables('No variables, {{Not One}}')).toEqual(['No variables, {{Not One}}']);
    });

    test('sends values that name their variables, in any order, and renders them by name', () => {
      const content = named([
        { parameter_name: 'order_number', text: '860198' },
        { parameter_name: 'customer_name', text: 'Sheena' },
      ]);
      expect(codeOf(() => checkTemplateSend(orderConfirmation, content))).toBeUndefined();
      expect(renderTemplateBody(orderConfirmation, content)).toBe('Thank you, Sheena! Your order 860198 is confirmed.');
    });

    test.each([
      {
        description: 'values without parameter_name (what Meta refuses with "Parameter name is missing or empty")',
        body: [{ text: 'Sheena' }, { text: '860198' }],
        given: 'a value without parameter_name, a value without parameter_name',
      },
      {
        description: 'a name the template does not have',
        body: [
          { parameter_name: 'customer_name', text: 'Sheena' },
          { parameter_name: 'order_id', text: '860198' },
        ],
        given: '{{customer_name}}, {{order_id}}',
      },
      {
        description: 'the same name twice',
        body: [
          { parameter_name: 'customer_name', text: 'Sheena' },
          { parameter_name: 'customer_name', text: 'S.' },
        ],
        given: '{{customer_name}}, {{customer_name}}',
      },
    ])('refuses $description, naming the variables it needs', ({ body, given }) => {
      let caught: unknown;
      try {
        checkTemplateSend(orderConfirmation, named(body));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect((caught as DomainError).details).toMatchObject({ component: 'body', expected: '{{customer_name}}, {{order_number}}', given });
    });

    test('a header value needs its name too', () => {
      const content = named([
        { parameter_name: 'customer_name', text: 'Sheena' },
        { parameter_name: 'order_number', text: '860198' },
      ]);
      content.template.components![0] = { type: 'header', parameters: [{ type: 'text', text: '860198' }] };
      expect(codeOf(() => checkTemplateSend(orderConfirmation, content))).toBe('TEMPLATE_PARAMS_MISMATCH');
    });
  });

  describe('with a LOCATION header (a map of the place chosen when sending)', () => {
    const pickupReady: Template = {
      name: 'pickup_ready',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      components: [
        { type: 'HEADER', format: 'LOCATION' },
        { type: 'BODY', text: 'Your order is ready for pickup here.' },
      ],
    };
    const withHeader = (parameters: TemplateParameter[]): TemplateContent => ({
      type: 'template',
      template: { name: 'pickup_ready', language: { code: 'en_US' }, components: [{ type: 'header', parameters }] },
    });

    test('sends with the place', () => {
      expect(
        codeOf(() =>
          checkTemplateSend(pickupReady, withHeader([{ type: 'location', location: { latitude: 37.7749, longitude: -122.4194, name: 'Lucky Shrub' } }])),
        ),
      ).toBeUndefined();
    });

    test.each([
      { description: 'no place', parameters: [] },
      { description: 'text instead of a place', parameters: [{ type: 'text' as const, text: 'Mission St' }] },
      { description: 'a place off the map', parameters: [{ type: 'location' as const, location: { latitude: 91, longitude: 0 } }] },
    ])('refuses $description with TEMPLATE_PARAMS_MISMATCH', ({ parameters }) => {
      expect(codeOf(() => checkTemplateSend(pickupReady, withHeader(parameters)))).toBe('TEMPLATE_PARAMS_MISMATCH');
    });
  });
});
