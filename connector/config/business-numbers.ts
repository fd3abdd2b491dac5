/**
 * The WhatsApp Business Account's phone numbers this connector answers for.
 *
 * A WABA usually holds several numbers (support and sales, one per country or
 * brand); each has its own id, display number and name, and Meta says which one a
 * webhook is for in `metadata.phone_number_id`
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview).
 * `WHATSAPP_PHONE_NUMBERS` lists them, `WHATSAPP_PHONE_NUMBER_ID` alone is the
 * one-number case it always was. The first number is the default: the one a new
 * conversation starts from when the agent picks none, and the one threads from
 * before several numbers are kept under.
 */
import type { BusinessNumber } from '@domain/business-numbers';

export type { BusinessNumber } from '@domain/business-numbers';

const ID = /^\d+$/;
const DISPLAY = /^\+?\d{6,15}$/;

/** The sandbox's two numbers: Support uses Meta's sample ids (test/fixtures/cloud-api), Sales is a second number of the same WABA. */
export const SANDBOX_NUMBERS: readonly BusinessNumber[] = [
  { id: '106540352242922', displayPhoneNumber: '15550783881', label: 'Support' },
  { id: '106540352242923', displayPhoneNumber: '15550783882', label: 'Sales' },
];

/**
 * Reads `WHATSAPP_PHONE_NUMBERS`: entries separated by commas, each
 * `<phone number id>[:<label>][:<display number>]`, e.g.
 * `106540352242922:Support:+15550783881,106540352242923:Sales`. The label is
 * what agents see ("via Support"); the display number, when not given, is the
 * one Meta reports for the id.
 */
export function parseBusinessNumbers(value: string): { numbers: BusinessNumber[]; problems: string[] } {
  const numbers: BusinessNumber[] = [];
  const problems: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const [id = '', ...rest] = entry.split(':').map((part) => part.trim());
    if (!ID.test(id)) {
      problems.push(`WHATSAPP_PHONE_NUMBERS: "${entry}" must start with the numeric phone number id (e.g. 106540352242922:Support)`);
      continue;
    }
    if (numbers.some((n) => n.id === id)) {
      problems.push(`WHATSAPP_PHONE_NUMBERS: ${id} is listed twice`);
      continue;
    }
    let label: string | null = null;
    let display: string | null = null;
    for (const part of rest) {
      if (!part) continue;
      if (DISPLAY.test(part) && display === null) display = part.replace(/^\+/, '');
      else if (label === null) label = part.slice(0, 60);
      else problems.push(`WHATSAPP_PHONE_NUMBERS: "${entry}" has more than a label and a display number`);
    }
    numbers.push({ id, displayPhoneNumber: display, label });
  }
  if (numbers.length === 0 && problems.length === 0) problems.push('WHATSAPP_PHONE_NUMBERS: lists no number');
  return { numbers, problems };
}

/**
 * The numbers from the environment: WHATSAPP_PHONE_NUMBERS when set (with
 * WHATSAPP_PHONE_NUMBER_ID, if also set, as the default and required to be one
 * of them), else the one WHATSAPP_PHONE_NUMBER_ID, else the sandbox's.
 */
export function businessNumbersFrom(env: { WHATSAPP_PHONE_NUMBERS?: string; WHATSAPP_PHONE_NUMBER_ID?: string; WHATSAPP_DISPLAY_PHONE_NUMBER?: string }): {
  numbers: BusinessNumber[];
  problems: string[];
} {
  if (env.WHATSAPP_PHONE_NUMBERS) {
    const { numbers, problems } = parseBusinessNumbers(env.WHATSAPP_PHONE_NUMBERS);
    const primaryId = env.WHATSAPP_PHONE_NUMBER_ID;
    if (primaryId) {
      const primary = numbers.find((n) => n.id === primaryId);
      if (!primary) problems.push(`WHATSAPP_PHONE_NUMBER_ID: ${primaryId} is not in WHATSAPP_PHONE_NUMBERS; list it there too (it is the default number)`);
      else numbers.unshift(...numbers.splice(numbers.indexOf(primary), 1));
    }
    const first = numbers[0];
    if (first && env.WHATSAPP_DISPLAY_PHONE_NUMBER && first.displayPhoneNumber === null) first.displayPhoneNumber = env.WHATSAPP_DISPLAY_PHONE_NUMBER;
    return { numbers, problems };
  }
  if (env.WHATSAPP_PHONE_NUMBER_ID) {
    const sandbox = SANDBOX_NUMBERS.find((n) => n.id === env.WHATSAPP_PHONE_NUMBER_ID);
    return {
      numbers: [
        {
          id: env.WHATSAPP_PHONE_NUMBER_ID,
          displayPhoneNumber: env.WHATSAPP_DISPLAY_PHONE_NUMBER ?? sandbox?.displayPhoneNumber ?? null,
          label: sandbox?.label ?? null,
        },
      ],
      problems: [],
    };
  }
  return {
    numbers: SANDBOX_NUMBERS.map((n) => ({
      ...n,
      ...(env.WHATSAPP_DISPLAY_PHONE_NUMBER && n === SANDBOX_NUMBERS[0] ? { displayPhoneNumber: env.WHATSAPP_DISPLAY_PHONE_NUMBER } : {}),
    })),
    problems: [],
  };
}
