import { describe, expect, test } from 'vitest';
import { explainMetaError, META_ERRORS } from '@domain/meta-errors';
import { reference } from '../support/reference';

interface ReferenceCode {
  code: number;
  title: string;
  retryable: boolean;
}

const codes = reference<{ codes: ReferenceCode[] }>('errors/error-codes.json').codes;

describe("Meta's error codes, explained", () => {
  test.each(codes)('explains $code ($title) with a reason and an action', ({ code }) => {
    const info = META_ERRORS[code];
    expect(info, `code ${code} is missing from META_ERRORS`).toBeDefined();
    expect(info!.reason.length).toBeGreaterThan(10);
    expect(info!.action.length).toBeGreaterThan(5);
  });

  test.each(codes)("keeps Meta's title for $code", ({ code, title }) => {
    expect(META_ERRORS[code]!.title).toBe(title);
  });

  test.each(codes.filter((c) => !c.retryable))('never retries $code, which Meta marks not retryable', ({ code }) => {
    expect(['never', 'token']).toContain(META_ERRORS[code]!.retry);
  });

  test('retries automatically only codes that Meta marks retryable', () => {
    const retryable = new Set(codes.filter((c) => c.retryable).map((c) => c.code));
    const automatic = Object.entries(META_ERRORS).filter(([, info]) => info.retry === 'backoff' || info.retry === 'recipient');
    for (const [code] of automatic) expect(retryable.has(Number(code)), `code ${code}`).toBe(true);
  });

  test('token errors stop for an operator instead of retrying', () => {
    expect(META_ERRORS[190]!.retry).toBe('token');
    expect(META_ERRORS[0]!.retry).toBe('token');
  });

  test('131047 tells the agent to send a template', () => {
    expect(explainMetaError(131047).reason).toMatch(/24-hour window has closed/);
    expect(explainMetaError(131047).action).toMatch(/template/);
  });

  test('an unknown code is explained as unknown, not dropped', () => {
    expect(explainMetaError(999999)).toMatchObject({ title: 'Error 999999', retry: 'never' });
  });
});
