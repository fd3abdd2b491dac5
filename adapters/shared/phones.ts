/**
 * The numbers a host record holds, as the panel can use them: each once, in
 * the host's order. A number with "+" (or "00") is written in E.164; one
 * without a country code is passed on as written (separators removed), and the
 * connector reads it with its numbering plan and DEFAULT_PHONE_COUNTRY
 * (connector/services/contacts/phone-numbers.ts), which refuses it when no country is
 * set rather than guess. Only values that are no phone number at all (letters,
 * too few digits) are left out, and counted so the adapter can say so.
 */
import { parsePhone } from '@domain/phone';

const SEPARATORS = /[\s\-().\u00a0]/g;
/** Digits a person might store as a national number: at least a short national number, at most E.164's 15 with a trunk prefix. */
const NATIONAL = /^\d{4,17}$/;

export function whatsappNumbers(values: unknown[]): { numbers: string[]; unusable: number } {
  const numbers: string[] = [];
  let unusable = 0;
  for (const value of values) {
    if (typeof value !== 'string' || !value.trim()) continue;
    const usable = readNumber(value);
    if (usable === null) unusable += 1;
    else if (!numbers.includes(usable)) numbers.push(usable);
  }
  return { numbers, unusable };
}

function readNumber(value: string): string | null {
  const compact = value.trim().replace(SEPARATORS, '');
  if (/^(\+|00)/.test(compact)) {
    try {
      return parsePhone(compact).e164;
    } catch {
      return null;
    }
  }
  return NATIONAL.test(compact) ? compact : null;
}
