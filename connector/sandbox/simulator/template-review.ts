/**
 * How the simulator reviews a submitted template, standing in for Meta's
 * review (minutes to 24 h at Meta; a configurable delay here). A few simple,
 * documented rules, each answering with one of Meta's rejection reasons
 * (reference README §7: ABUSIVE_CONTENT, INCORRECT_CATEGORY, INVALID_FORMAT,
 * PROMOTIONAL, SCAM, TAG_CONTENT_MISMATCH), checked in this order:
 *
 * 1. INVALID_FORMAT — two variables side by side ({{1}}{{2}}), or a variable
 *    without a sample value.
 * 2. ABUSIVE_CONTENT — insults or threats (a short word list).
 * 3. SCAM — a non-authentication template asking for a password, PIN, card
 *    number, CVV or bank details, or to send money.
 * 4. Promotional wording (sale, discount, N% off, promo, coupon, offer, deal,
 *    buy now, free gift) in a UTILITY or AUTHENTICATION template: with
 *    `allow_category_change: false` it is rejected as INCORRECT_CATEGORY;
 *    otherwise it is approved as MARKETING, as Meta re-categorises today.
 * 5. Everything else is approved.
 */

export type ReviewDecision =
  | { decision: 'APPROVED'; category: string; recategorisedFrom: string | null }
  | { decision: 'REJECTED'; reason: string; info: { reason: string; recommendation: string } };

export interface ReviewedTemplate {
  category: string;
  components: Array<Record<string, unknown>>;
  allowCategoryChange: boolean;
}

const ABUSIVE = /\b(idiot|stupid|moron|shut up|hate you|or else|we will hurt)\b/i;
const SCAM = /\b(password|pin code|your pin|card number|cvv|bank details|bank account number|send money|wire transfer|gift card code)\b/i;
const PROMOTIONAL = /(\b(sale|discount|promo|promotion|coupon|offer|deal|buy now|free gift|limited time)\b|\d+\s?% off)/i;

function texts(components: Array<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const c of components) {
    if (typeof c.text === 'string') out.push(c.text);
    for (const b of (c.buttons as Array<Record<string, unknown>> | undefined) ?? []) if (typeof b.text === 'string') out.push(b.text);
  }
  return out;
}

function variablesWithoutExamples(components: Array<Record<string, unknown>>): boolean {
  for (const c of components) {
    if (typeof c.text !== 'string') continue;
    const count = new Set([...c.text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1])).size;
    if (count === 0 || String(c.type).toUpperCase() === 'FOOTER') continue;
    const example = (c.example ?? {}) as Record<string, unknown>;
    const given =
      String(c.type).toUpperCase() === 'HEADER'
        ? ((example.header_text as unknown[]) ?? (example.header_text_named_params as unknown[]) ?? []).length
        : (((example.body_text as unknown[][]) ?? [])[0]?.length ?? ((example.body_text_named_params as unknown[]) ?? []).length);
    if (given < count) return true;
  }
  return false;
}

export function reviewTemplate(t: ReviewedTemplate): ReviewDecision {
  const all = texts(t.components).join('\n');
  if (/\}\}\s*\{\{/.test(all)) {
    return {
      decision: 'REJECTED',
      reason: 'INVALID_FORMAT',
      info: {
        reason: 'Your template has parameters placed next to each other (like {{1}}{{2}}) without text or punctuation between them.',
        recommendation: 'Separate parameters with descriptive text and ensure each parameter is clearly contextualized.',
      },
    };
  }
  // Meta writes authentication templates itself, variable included.
  if (t.category !== 'AUTHENTICATION' && variablesWithoutExamples(t.components)) {
    return {
      decision: 'REJECTED',
      reason: 'INVALID_FORMAT',
      info: {
        reason: 'Your template has parameters without sample values.',
        recommendation: 'Add a sample value for every parameter so reviewers can understand the message.',
      },
    };
  }
  if (ABUSIVE.test(all)) {
    return {
      decision: 'REJECTED',
      reason: 'ABUSIVE_CONTENT',
      info: { reason: 'Your template contains content that is abusive or threatening.', recommendation: 'Remove insulting or threatening language.' },
    };
  }
  if (t.category !== 'AUTHENTICATION' && SCAM.test(all)) {
    return {
      decision: 'REJECTED',
      reason: 'SCAM',
      info: {
        reason: 'Your template asks people to share sensitive information such as passwords, PINs or payment details.',
        recommendation: 'Never ask customers for credentials or full payment details over WhatsApp.',
      },
    };
  }
  if (t.category !== 'MARKETING' && PROMOTIONAL.test(all)) {
    if (!t.allowCategoryChange) {
      return {
        decision: 'REJECTED',
        reason: 'INCORRECT_CATEGORY',
        info: {
          reason: `Your template is categorized as ${t.category} but its content is promotional.`,
          recommendation: 'Submit it as a MARKETING template, or remove the promotional content.',
        },
      };
    }
    return { decision: 'APPROVED', category: 'MARKETING', recategorisedFrom: t.category };
  }
  return { decision: 'APPROVED', category: t.category, recategorisedFrom: null };
}
