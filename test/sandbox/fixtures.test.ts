/** The shared test customers and templates are the sandbox's seeded ones, so no test writes to someone the sandbox does not know. */
import { describe, expect, test } from 'vitest';
import { SEED_CUSTOMERS, SEED_TEMPLATES } from '../../connector/sandbox/simulator/seed';
import { HELLO_WORLD_TEMPLATE, LUCAS, LUCAS_NAME, LUCAS_WA_ID, ORDER_UPDATE_TEMPLATE, SHEENA, SHEENA_NAME, SHEENA_WA_ID } from '../support/fixtures';

describe('shared test fixtures', () => {
  test.each([
    { phone: SHEENA, waId: SHEENA_WA_ID, name: SHEENA_NAME },
    { phone: LUCAS, waId: LUCAS_WA_ID, name: LUCAS_NAME },
  ])('$name is a seeded customer, the phone being the id with a plus', ({ phone, waId, name }) => {
    expect(phone).toBe(`+${waId}`);
    expect(SEED_CUSTOMERS).toContainEqual({ waId, name });
  });

  test('the shared templates are seeded under the same name and language', () => {
    for (const template of [ORDER_UPDATE_TEMPLATE, HELLO_WORLD_TEMPLATE]) {
      expect(
        SEED_TEMPLATES.some((t) => t.name === template.name && t.language === template.language),
        template.name,
      ).toBe(true);
    }
  });
});
