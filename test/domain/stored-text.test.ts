import { describe, expect, test } from 'vitest';
import { storableJson, storableText } from '@domain/stored-text';

describe('storableText', () => {
  test.each([
    { description: 'plain text', input: 'Does it come in another color?', expected: 'Does it come in another color?' },
    { description: 'accents and emoji', input: 'Olá! Preço: 10€ 👍', expected: 'Olá! Preço: 10€ 👍' },
    { description: 'U+0000, which PostgreSQL cannot store', input: 'before\u0000after', expected: 'before\ufffdafter' },
    { description: 'only U+0000', input: '\u0000\u0000', expected: '\ufffd\ufffd' },
    { description: 'a lone high surrogate', input: 'a\ud83db', expected: 'a\ufffdb' },
    { description: 'a lone low surrogate', input: 'a\udc4db', expected: 'a\ufffdb' },
    { description: 'a surrogate pair (kept)', input: '\ud83d\udc4d', expected: '👍' },
  ])('$description', ({ input, expected }) => {
    expect(storableText(input)).toBe(expected);
  });
});

describe('storableJson', () => {
  test('replaces in every string and key, at any depth, and leaves other values alone', () => {
    expect(storableJson({ 'k\u0000': ['a\u0000', { b: 'c\u0000', n: 1, t: true, z: null }] })).toEqual({
      'k\ufffd': ['a\ufffd', { b: 'c\ufffd', n: 1, t: true, z: null }],
    });
  });
});
