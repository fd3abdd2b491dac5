/**
 * The WhatsApp business profile customers see, and Meta's limits on it.
 * Source: Meta, business-phone-numbers/business-profiles and the OpenAPI
 * WhatsAppBusinessProfile (mirrored in test/fixtures/cloud-api/limits.json,
 * which a test compares). Where the two disagree (description: 512 in the guide,
 * 256 in the OpenAPI file) the guide wins.
 */
import { DomainError } from './errors';
import { characters } from './limits';

export const BUSINESS_PROFILE_LIMITS = {
  about: [1, 139] as const,
  addressMax: 256,
  descriptionMax: 512,
  emailMax: 128,
  websitesMax: 2,
  websiteMax: 256,
} as const;

/** Values Meta accepts when writing `vertical`; reads may also return UNDEFINED or NOT_A_BIZ. */
export const BUSINESS_VERTICALS = [
  'ALCOHOL',
  'APPAREL',
  'AUTO',
  'BEAUTY',
  'EDU',
  'ENTERTAIN',
  'EVENT_PLAN',
  'FINANCE',
  'GOVT',
  'GROCERY',
  'HEALTH',
  'HOTEL',
  'NONPROFIT',
  'ONLINE_GAMBLING',
  'OTC_DRUGS',
  'OTHER',
  'PHYSICAL_GAMBLING',
  'PROF_SERVICES',
  'RESTAURANT',
  'RETAIL',
  'TRAVEL',
] as const;

export const PROFILE_RULES = {
  'about.length': `"About" has ${BUSINESS_PROFILE_LIMITS.about[0]} to ${BUSINESS_PROFILE_LIMITS.about[1]} characters and cannot be empty.`,
  'address.length': `The address has at most ${BUSINESS_PROFILE_LIMITS.addressMax} characters.`,
  'description.length': `The description has at most ${BUSINESS_PROFILE_LIMITS.descriptionMax} characters.`,
  'email.format': `The email is a valid address of at most ${BUSINESS_PROFILE_LIMITS.emailMax} characters.`,
  'websites.count': `A profile lists at most ${BUSINESS_PROFILE_LIMITS.websitesMax} websites.`,
  'websites.format': `Each website starts with http:// or https:// and has at most ${BUSINESS_PROFILE_LIMITS.websiteMax} characters.`,
  'vertical.known': 'The industry (vertical) is one of the values Meta lists, such as RETAIL or PROF_SERVICES.',
} as const;

export type ProfileRule = keyof typeof PROFILE_RULES;

export interface ProfileViolation {
  rule: ProfileRule;
  path: string;
  message: string;
}

/** Fields to change; a field left out stays as it is, an empty string clears it (except "about"). */
export interface BusinessProfileUpdate {
  about?: string;
  address?: string;
  description?: string;
  email?: string;
  websites?: string[];
  vertical?: string;
  /** From Meta's resumable upload: a new profile picture. */
  profilePictureHandle?: string;
}

/** A pragmatic check: one @, a dot in the domain, no spaces (Meta rejects what this misses). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const WEBSITE = /^https?:\/\/[^\s/]+\.[^\s]+$/i;

export function checkBusinessProfile(update: BusinessProfileUpdate): ProfileViolation[] {
  const out: ProfileViolation[] = [];
  const add = (rule: ProfileRule, path: string, how?: string) => out.push({ rule, path, message: how ? `${PROFILE_RULES[rule]} ${how}` : PROFILE_RULES[rule] });
  const L = BUSINESS_PROFILE_LIMITS;
  if (update.about !== undefined) {
    const n = characters(update.about.trim());
    if (n < L.about[0] || characters(update.about) > L.about[1]) add('about.length', 'about', n === 0 ? 'It is empty.' : `It has ${characters(update.about)}.`);
  }
  if (update.address !== undefined && characters(update.address) > L.addressMax) add('address.length', 'address', `It has ${characters(update.address)}.`);
  if (update.description !== undefined && characters(update.description) > L.descriptionMax)
    add('description.length', 'description', `It has ${characters(update.description)}.`);
  if (update.email !== undefined && update.email !== '' && (!EMAIL.test(update.email) || characters(update.email) > L.emailMax)) {
    add('email.format', 'email', `"${update.email.slice(0, 40)}" is not.`);
  }
  if (update.websites !== undefined) {
    if (update.websites.length > L.websitesMax) add('websites.count', 'websites', `This one lists ${update.websites.length}.`);
    update.websites.forEach((site, i) => {
      if (!WEBSITE.test(site) || characters(site) > L.websiteMax) add('websites.format', `websites[${i}]`, `"${site.slice(0, 60)}" is not.`);
    });
  }
  if (update.vertical !== undefined && update.vertical !== '' && !(BUSINESS_VERTICALS as readonly string[]).includes(update.vertical)) {
    add('vertical.known', 'vertical', `"${update.vertical}" is not one of them.`);
  }
  return out;
}

export function assertBusinessProfile(update: BusinessProfileUpdate): void {
  const violations = checkBusinessProfile(update);
  const first = violations[0];
  if (first) throw new DomainError('PROFILE_INVALID', { violations }, { message: `The business profile breaks Meta's limit ${first.rule}: ${first.message}` });
}
