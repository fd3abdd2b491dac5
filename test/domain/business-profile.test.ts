import { describe, expect, test } from 'vitest';
import { BUSINESS_PROFILE_LIMITS, BUSINESS_VERTICALS, checkBusinessProfile, PROFILE_RULES, type BusinessProfileUpdate } from '@domain/business-profile';
import { reference } from '../support/reference';

const L = BUSINESS_PROFILE_LIMITS;

describe('business profile limits', () => {
  test("Meta's own update sample passes", () => {
    const { messaging_product: _, profile_picture_handle: handle, ...fields } = reference<Record<string, unknown>>('requests/business-profile-update.json');
    expect(checkBusinessProfile({ ...(fields as BusinessProfileUpdate), profilePictureHandle: handle as string })).toEqual([]);
  });

  test.each([
    { rule: 'about.length', update: { about: '' } },
    { rule: 'about.length', update: { about: '   ' } },
    { rule: 'about.length', update: { about: 'x'.repeat(L.about[1] + 1) } },
    { rule: 'address.length', update: { address: 'x'.repeat(L.addressMax + 1) } },
    { rule: 'description.length', update: { description: 'x'.repeat(L.descriptionMax + 1) } },
    { rule: 'email.format', update: { email: 'support at luckyshrub.com' } },
    { rule: 'email.format', update: { email: `${'x'.repeat(L.emailMax)}@luckyshrub.com` } },
    { rule: 'websites.count', update: { websites: ['https://a.example', 'https://b.example', 'https://c.example'] } },
    { rule: 'websites.format', update: { websites: ['luckyshrub.com'] } },
    { rule: 'websites.format', update: { websites: [`https://luckyshrub.com/${'x'.repeat(L.websiteMax)}`] } },
    { rule: 'vertical.known', update: { vertical: 'SUCCULENTS' } },
  ] as const)('$rule is broken by case #$#', ({ rule, update }) => {
    const violations = checkBusinessProfile(update as BusinessProfileUpdate);
    expect(violations.map((v) => v.rule)).toEqual([rule]);
    expect(violations[0]!.message.startsWith(PROFILE_RULES[rule])).toBe(true);
  });

  test.each([
    { description: 'about at the limit, counted in characters not bytes', update: { about: '🌵'.repeat(L.about[1]) } },
    { description: 'clearing the address, email and vertical', update: { address: '', email: '', vertical: '' } },
    { description: 'no websites at all', update: { websites: [] } },
    { description: 'a field left out stays as it is', update: {} },
  ])('accepts $description', ({ update }) => {
    expect(checkBusinessProfile(update)).toEqual([]);
  });

  test("limits and verticals match Meta's, as mirrored in limits.json", () => {
    const meta = reference<{ business_profile: Record<string, unknown> }>('limits.json').business_profile;
    expect([...L.about]).toEqual(meta.about);
    expect(L.addressMax).toBe(meta.address_max);
    expect(L.descriptionMax).toBe(meta.description_max);
    expect(L.emailMax).toBe(meta.email_max);
    expect(L.websitesMax).toBe(meta.websites_max);
    expect(L.websiteMax).toBe(meta.website_max_chars);
    expect([...BUSINESS_VERTICALS]).toEqual(meta.vertical_values);
  });
});
