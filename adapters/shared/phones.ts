/**
 * The numbers a host record holds, as the panel can use them: E.164, each
 * once, in the host's order. A number without a country code is dropped, not
 * guessed (Meta would prefix the business number's own country and reach a
 * stranger; @domain/phone), and counted so the adapter can say so.
 */
import { parsePhone } from '@domain/phone';

export function whatsappNumbers(values: unknown[]): { numbers: string[]; unusable: number } {
  const numbers: string[] = [];
  let unusable = 0;
  for (const value of values) {
    if (typeof value !== 'string' || !value.trim()) continue;
    try {
      const { e164 } = parsePhone(value);
      if (!numbers.includes(e164)) numbers.push(e164);
    } catch {
      unusable += 1;
    }
  }
  return { numbers, unusable };
}
