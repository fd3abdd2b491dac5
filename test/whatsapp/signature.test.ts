import { describe, expect, test } from 'vitest';
import { escapeNonAscii, signBody, verifySignature } from '../../connector/whatsapp/signature';
import { reference } from '../support/reference';

interface Vector {
  name: string;
  raw_body: string;
  x_hub_signature_256?: string;
  x_hub_signature_256_over_raw_bytes?: string;
  x_hub_signature_256_over_escaped_form?: string;
}

const { app_secret: secret, vectors } = reference<{ app_secret: string; vectors: Vector[] }>('signature-vectors.json');
const vector = (name: string) => vectors.find((v) => v.name === name)!;

describe('X-Hub-Signature-256', () => {
  test('accepts the ASCII body signed with the app secret', () => {
    const v = vector('ascii-body');
    expect(verifySignature(Buffer.from(v.raw_body), v.x_hub_signature_256, secret)).toBe(true);
  });

  test('accepts the body with non-ASCII escaped as \\uXXXX, the form Meta signs', () => {
    const v = vector('unicode-escaped-body');
    expect(verifySignature(Buffer.from(v.raw_body), v.x_hub_signature_256, secret)).toBe(true);
  });

  test('accepts a literal UTF-8 body signed over its raw bytes, and over its escaped form', () => {
    const v = vector('unicode-literal-body');
    expect(verifySignature(Buffer.from(v.raw_body, 'utf8'), v.x_hub_signature_256_over_raw_bytes, secret)).toBe(true);
    expect(verifySignature(Buffer.from(v.raw_body, 'utf8'), v.x_hub_signature_256_over_escaped_form, secret)).toBe(true);
  });

  test('refuses a body signed with another secret', () => {
    const v = vector('wrong-secret');
    expect(verifySignature(Buffer.from(v.raw_body), v.x_hub_signature_256, secret)).toBe(false);
  });

  test.each([
    { description: 'a missing header', header: undefined },
    { description: 'an empty header', header: '' },
    { description: 'a header without the sha256= prefix', header: signBody('{}', secret).slice(7) },
    { description: 'a truncated digest', header: signBody('{}', secret).slice(0, 40) },
    { description: 'a sha1 header', header: 'sha1=0123456789abcdef0123456789abcdef01234567' },
  ])('refuses $description', ({ header }) => {
    expect(verifySignature(Buffer.from('{}'), header, secret)).toBe(false);
  });

  test('refuses a body changed after signing', () => {
    const v = vector('ascii-body');
    expect(verifySignature(Buffer.from(v.raw_body.replace('another color', 'another colour')), v.x_hub_signature_256, secret)).toBe(false);
  });

  test('escapes non-ASCII like Meta: lowercase hex, surrogate pairs for emoji', () => {
    expect(escapeNonAscii('{"b":"Olá 10€ 👍"}')).toBe('{"b":"Ol\\u00e1 10\\u20ac \\ud83d\\udc4d"}');
    expect(escapeNonAscii(vector('unicode-literal-body').raw_body)).toBe(vector('unicode-escaped-body').raw_body);
  });
});
