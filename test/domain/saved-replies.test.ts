import { describe, expect, test } from 'vitest';
import { isDomainError } from '@domain/errors';
import { checkSavedReply, fillSavedReply, findSavedReplies, SAVED_REPLY_NAME_MAX } from '@domain/saved-replies';

const facts = { customer: { name: 'Maria Lopez', phone: '+16505551234' }, agent: { name: 'Ben Carter' } };
const nameless = { customer: { name: null, phone: '+16505551234' }, agent: { name: 'Ben Carter' } };

describe('fillSavedReply: placeholders filled before the agent sees the text', () => {
  test.each([
    { description: 'first names', text: 'Hi {{customer.first_name}}, this is {{agent.first_name}}.', facts, expected: 'Hi Maria, this is Ben.' },
    { description: 'full names and the number', text: '{{customer.name}} ({{customer.phone}}) – {{agent.name}}', facts, expected: 'Maria Lopez (+16505551234) – Ben Carter' },
    { description: 'spaces inside the braces', text: 'Hi {{ customer.first_name }}!', facts, expected: 'Hi Maria!' },
    { description: 'no gap before punctuation when the customer has no name', text: 'Hi {{customer.first_name}}, how can we help?', facts: nameless, expected: 'Hi, how can we help?' },
    { description: 'no double space inside a sentence', text: 'Thanks {{customer.first_name}} for writing', facts: nameless, expected: 'Thanks for writing' },
    { description: 'no trailing space at the end of a line', text: 'Bye {{customer.first_name}}\nBen', facts: nameless, expected: 'Bye\nBen' },
    { description: 'text without placeholders unchanged', text: 'Our hours are 9–5.', facts, expected: 'Our hours are 9–5.' },
  ])('$description', ({ text, facts: f, expected }) => {
    expect(fillSavedReply(text, f)).toBe(expected);
  });
});

describe('checkSavedReply: refuses what an agent could not send as written', () => {
  test('keeps a good draft, with its name trimmed', () => {
    expect(checkSavedReply({ name: '  Opening hours ', text: 'Hi {{customer.first_name}}!', language: 'pt-BR' })).toEqual({ name: 'Opening hours', text: 'Hi {{customer.first_name}}!', language: 'pt-BR' });
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
  test("a reply for one language is not offered for a customer of another", () => {
    expect(findSavedReplies(replies, 'ho', 'en').map((r) => r.name)).toEqual(['Opening hours']);
    expect(findSavedReplies(replies, 'ho', 'es-MX').map((r) => r.name)).toEqual(['Horario', 'Opening hours']);
  });
});
