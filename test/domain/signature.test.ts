import { describe, expect, test } from 'vitest';
import { TEXT_BODY_MAX } from '@domain/limits';
import { checkSignedLength, DEFAULT_SIGNATURE_FORMATS, firstName, signatureFor, signText, SIGNATURE_OFF, type SignatureConfig } from '@domain/signature';
import { isDomainError } from '@domain/errors';

const suffix: SignatureConfig = { mode: 'suffix', format: DEFAULT_SIGNATURE_FORMATS.suffix };
const prefix: SignatureConfig = { mode: 'prefix', format: DEFAULT_SIGNATURE_FORMATS.prefix };

describe('signText: the signature a customer sees', () => {
  test.each<{ description: string; config: SignatureConfig; name: string; body: string; expected: string }>([
    {
      description: 'is off by default: the body is sent as written',
      config: SIGNATURE_OFF,
      name: 'Ana Souza',
      body: 'It ships today',
      expected: 'It ships today',
    },
    {
      description: 'as a suffix, adds the first name after a dash',
      config: suffix,
      name: 'Ana Souza',
      body: 'It ships today',
      expected: 'It ships today\n\n— Ana',
    },
    {
      description: 'as a prefix, puts the first name in bold before the text',
      config: prefix,
      name: 'Ana Souza',
      body: 'It ships today',
      expected: '*Ana:*\nIt ships today',
    },
    { description: 'can use the full name', config: { mode: 'suffix', format: ' ({name})' }, name: 'Ana Souza', body: 'Hi', expected: 'Hi (Ana Souza)' },
    { description: 'takes a one-word name as the first name', config: suffix, name: 'Cher', body: 'Hi', expected: 'Hi\n\n— Cher' },
    { description: 'ignores spaces around the name', config: prefix, name: '  Ben   Carter ', body: 'Hi', expected: '*Ben:*\nHi' },
    { description: 'leaves unknown placeholders as written', config: { mode: 'suffix', format: ' {team}' }, name: 'Ana', body: 'Hi', expected: 'Hi {team}' },
  ])('$description', ({ config, name, body, expected }) => {
    expect(signText(body, config, { name })).toBe(expected);
  });

  test('the signature alone is empty when off, and the rendered text otherwise', () => {
    expect(signatureFor(SIGNATURE_OFF, { name: 'Ana Souza' })).toBe('');
    expect(signatureFor(suffix, { name: 'Ana Souza' })).toBe('\n\n— Ana');
    expect(firstName('Ana Souza')).toBe('Ana');
  });
});

describe('checkSignedLength: the 4,096-character limit counts the signature', () => {
  const signature = signatureFor(suffix, { name: 'Ana Souza' });
  test.each([
    { description: 'accepts a body that fits with its signature', body: 'a'.repeat(TEXT_BODY_MAX - [...signature].length), ok: true },
    { description: 'refuses a body that fits alone but not with its signature', body: 'a'.repeat(TEXT_BODY_MAX - 1), ok: false },
    { description: 'counts characters, not UTF-16 units (emoji)', body: '😀'.repeat(TEXT_BODY_MAX - [...signature].length), ok: true },
  ])('$description', ({ body, ok }) => {
    let error: unknown = null;
    try {
      checkSignedLength(body, signature);
    } catch (caught) {
      error = caught;
    }
    if (ok) expect(error).toBeNull();
    else {
      expect(isDomainError(error, 'TEXT_TOO_LONG')).toBe(true);
      expect((error as { details: Record<string, number> }).details).toMatchObject({ max: TEXT_BODY_MAX, signatureLength: [...signature].length });
    }
  });
});
