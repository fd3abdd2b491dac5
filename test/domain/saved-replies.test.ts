import { describe, expect, test } from 'vitest';
import { isDomainError } from '@domain/errors';
import { checkSavedReply, fillSavedReply, findSavedReplies, SAVED_REPLY_NAME_MAX, savedReplyMatch, unfilledPlaceholders } from '@domain/saved-replies';
import { SHEENA } from '../support/fixtures';

const facts = { customer: { name: 'Maria Lopez', phone: SHEENA }, agent: { name: 'Ben Carter' } };
const nameless = { customer: { name: null, phone: SHEENA }, agent: { name: 'Ben Carter' } };

describe('fillSavedReply: placeholders filled before the agent sees the text', () => {
  test.each([
    { description: 'first names', text: 'Hi {{customer.first_name}}, this is {{agent.first_name}}.', facts, expected: 'Hi Maria, this is Ben.' },
    {
      description: 'full names and the number',
      text: '{{customer.name}} ({{customer.phone}}) – {{agent.name}}',
      facts,
      expected: 'Maria Lopez (+16505551234) – Ben Carter',
    },
    { description: 'spaces inside the braces', text: 'Hi {{ customer.first_name }}!', facts, expected: 'Hi Maria!' },
    {
      description: 'a fact nobody knows left as its placeholder, for the agent to fill',
      text: 'Hi {{customer.first_name}}, how can we help?',
      facts: nameless,
      expected: 'Hi {{customer.first_name}}, how can we help?',
    },
    {
      description: 'an agent whose name is blank leaves the placeholder too',
      text: '— {{agent.name}}',
      facts: { ...facts, agent: { name: ' ' } },
      expected: '— {{agent.name}}',
    },
    {
      description: 'a placeholder the panel does not know left as written',
      text: 'Your code is {{ order.code }}',
      facts,
      expected: 'Your code is {{ order.code }}',
    },
    { description: 'text without placeholders unchanged', text: 'Our hours are 9–5.', facts, expected: 'Our hours are 9–5.' },
  ])('$description', ({ text, facts: f, expected }) => {
    expect(fillSavedReply(text, f)).toBe(expected);
  });
});

describe('unfilledPlaceholders: what keeps a draft from being sent', () => {
  test('names each placeholder left and where it is', () => {
    expect(unfilledPlaceholders('Hi {{customer.first_name}}, I am {{ agent.name }}.')).toEqual([
      { text: '{{customer.first_name}}', index: 3 },
      { text: '{{ agent.name }}', index: 33 },
    ]);
  });
  test('nothing in a filled draft, nor in braces that are not a placeholder', () => {
    expect(unfilledPlaceholders('Hi Maria, {curly} and { {spaced} } are fine.')).toEqual([]);
  });
});

describe('checkSavedReply: refuses what an agent could not send as written', () => {
  test('keeps a good draft, with its name trimmed', () => {
    expect(checkSavedReply({ name: '  Opening hours ', text: 'Hi {{customer.first_name}}!', language: 'pt-BR' })).toEqual({
      name: 'Opening hours',
      text: 'Hi {{customer.first_name}}!',
      language: 'pt-BR',
    });
  });

  test.each([
    { description: 'an empty name', draft: { name: '  ', text: 'x', language: null }, field: 'name' },
    { description: 'a name too long', draft: { name: 'x'.repeat(SAVED_REPLY_NAME_MAX + 1), text: 'x', language: null }, field: 'name' },
    { description: 'an empty text', draft: { name: 'n', text: ' \n', language: null }, field: 'text' },
    { description: "a text over WhatsApp's 4,096 characters", draft: { name: 'n', text: 'x'.repeat(4097), language: null }, field: 'text' },
    { description: 'an unknown placeholder', draft: { name: 'n', text: 'Hi {{customer.nickname}}', language: null }, field: 'text' },
    { description: 'a language that is not a tag', draft: { name: 'n', text: 'x', language: 'Spanish!' }, field: 'language' },
  ])('$description, naming the field', ({ draft, field }) => {
    try {
      checkSavedReply(draft);
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error) && error.details).toMatchObject({ field });
    }
  });
});

describe('findSavedReplies: what "/" and part of a name offers', () => {
  const replies = [
    { name: 'Refund policy', text: 'a', language: null },
    { name: 'Opening hours', text: 'b', language: null },
    { name: 'Horario', text: 'c', language: 'es' },
    { name: 'Shipping refund', text: 'd', language: null },
  ];
  test('names starting with the words come first, then names containing them', () => {
    expect(findSavedReplies(replies, 'ref').map((r) => r.name)).toEqual(['Refund policy', 'Shipping refund']);
  });
  test('every reply for an empty query, by name', () => {
    expect(findSavedReplies(replies, '').map((r) => r.name)).toEqual(['Horario', 'Opening hours', 'Refund policy', 'Shipping refund']);
  });
  test("replies in the conversation's language come first, then those for any language, then the others", () => {
    expect(findSavedReplies(replies, 'ho', 'en').map((r) => r.name)).toEqual(['Opening hours', 'Horario']);
    expect(findSavedReplies(replies, 'ho', 'es-MX').map((r) => r.name)).toEqual(['Horario', 'Opening hours']);
    expect(findSavedReplies([...replies, { name: 'Hours', text: 'e', language: 'pt-BR' }], 'ho', 'pt').map((r) => r.name)).toEqual([
      'Hours',
      'Opening hours',
      'Horario',
    ]);
  });
  test('case and accents do not matter, and the match keeps its place in the name', () => {
    expect(findSavedReplies([{ name: 'Dirección de envío', text: 'x', language: 'es' }], 'DIRECCION').map((r) => r.name)).toEqual(['Dirección de envío']);
    expect(savedReplyMatch('Dirección de envío', 'envio')).toBe(13);
    expect(savedReplyMatch('Opening hours', 'refund')).toBe(-1);
  });
});
