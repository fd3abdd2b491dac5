/**
 * The business's own WhatsApp numbers, as the connector and the panel name them.
 * A conversation and its 24-hour window belong to the pair (business number,
 * customer): Meta counts the window per number ("since the customer last replied
 * to this number", error 131047).
 */
import type { NumberHealthView } from './account-views';

export interface BusinessNumber {
  /** Meta's phone number id, e.g. "106540352242922". */
  id: string;
  /** The number as dialled, digits only ("15550783881"); null until known. */
  displayPhoneNumber: string | null;
  /** What agents call it ("Support"); null when not configured. */
  label: string | null;
}

/**
 * GET /api/business-numbers: the numbers this connector answers for, the default first, each with
 * its health as Meta last reported it (display name, quality rating, messaging limit) when known.
 */
export interface BusinessNumbersResponse {
  data: Array<BusinessNumber & { health?: NumberHealthView | null }>;
  defaultId: string;
}

/** "Support +1 555 078 3881"-like text for a number: its label and display number, whichever are known. */
export function describeBusinessNumber(number: Pick<BusinessNumber, 'id' | 'displayPhoneNumber' | 'label'>): string {
  const display = number.displayPhoneNumber ? `+${number.displayPhoneNumber}` : null;
  return [number.label, display].filter(Boolean).join(' ') || number.id;
}
