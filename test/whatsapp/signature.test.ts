import { beforeEach, describe, expect, test, vi } from 'vitest';
import { ESCAPED_FORM_MAX_BYTES, escapeNonAscii, signBody, verifySignature } from '../../connector/whatsapp/signature';
import { reference } from '../support/reference';

interface Vector {
  name: string;
  raw_body: string;
  x_hub_signature_256?: string;
  x_hub_signature_256_over_raw_bytes?: string;
  x_hub_signature_256_over_escaped_form?: string;
}

/** Every HMAC the code under test computes, and the bytes it feeds them: the work an unsigned request costs. */
const hashing = vi.hoisted(() => ({ hmacs: 0, bytes: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  const createHmac = (...args: Parameters<typeof crypto.createHmac>) => {
    const hmac = crypto.createHmac(...args);
    const update = hmac.update.bind(hmac) as (data: string | Buffer) => typeof hmac;
    hashing.hmacs++;
    hmac.update = ((data: string | Buffer) => {
      hashing.bytes += Buffer.byteLength(data);
      return update(data);
    }) as typeof hmac.update;
    return hmac;
  };
  return { ...crypto, createHmac, default: { ...crypto, createHmac } };
});

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

  describe('costs about one HMAC of the body, whatever an unsigned sender posts', () => {
    const wrong = `sha256=${'0'.repeat(64)}`;
    beforeEach(() => {
      hashing.hmacs = 0;
      hashing.bytes = 0;
    });

    test('a 3 MB body of "é" with a wrong signature is hashed once, over its own bytes, and not escaped and hashed again', () => {
      const body = Buffer.from('é'.repeat(1_572_864), 'utf8');
      expect(verifySignature(body, wrong, secret)).toBe(false);
      expect(hashing).toEqual({ hmacs: 1, bytes: body.length });
    });

    test('a small literal UTF-8 body costs at most one more HMAC, over its escaped form (at most 6 bytes per byte)', () => {
      const v = vector('unicode-literal-body');
      const body = Buffer.from(v.raw_body, 'utf8');
      expect(verifySignature(body, v.x_hub_signature_256_over_escaped_form, secret)).toBe(true);
      expect(hashing.hmacs).toBe(2);
      expect(hashing.bytes).toBeLessThanOrEqual(body.length + 6 * body.length);
    });

    test('a literal UTF-8 body above the bound is checked over its raw bytes only (Meta sends the escaped form)', () => {
      const text = `{"b":"${'é'.repeat(ESCAPED_FORM_MAX_BYTES)}"}`;
      const body = Buffer.from(text, 'utf8');
      const overEscaped = signBody(escapeNonAscii(text), secret);
      const overRaw = signBody(body, secret);
      hashing.hmacs = 0;
      hashing.bytes = 0;
      expect(verifySignature(body, overEscaped, secret)).toBe(false);
      expect(hashing).toEqual({ hmacs: 1, bytes: body.length });
      expect(verifySignature(body, overRaw, secret)).toBe(true);
    });
  });
});
