/**
 * A Graph refusal read at the edge: services branch on what GraphApiError
 * carries (code, subcode, details), never on the body kept as its cause.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { GraphApiError } from '../../connector/whatsapp/graph-error';
import { providerError } from '../../connector/whatsapp/provider-errors';

const sample = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/cloud-api/errors/${name}.json`, import.meta.url), 'utf8')) as { http_status: number; body: unknown };

describe('GraphApiError', () => {
  test("carries Meta's subcode when the body has one, null when it has none", () => {
    const expired = sample('error-190');
    expect(GraphApiError.fromResponse(expired.http_status, expired.body)).toMatchObject({ code: 190, subcode: 463, httpStatus: 401 });
    const limited = sample('error-130429');
    expect(
      GraphApiError.fromResponse(limited.http_status, { error: { ...(limited.body as { error: object }).error, error_subcode: undefined } }),
    ).toMatchObject({ code: 130429, subcode: null });
  });

  test('a template name already taken (subcode 2388024) is TEMPLATE_EXISTS; the same code without it stays a refusal', () => {
    const taken = GraphApiError.fromResponse(400, { error: { message: 'Invalid parameter', code: 100, error_subcode: 2388024 } });
    expect(providerError(taken).code).toBe('TEMPLATE_EXISTS');
    expect(providerError(GraphApiError.fromResponse(400, { error: { message: 'Invalid parameter', code: 100 } })).code).toBe('PROVIDER_REJECTED');
  });
});
