/**
 * Builds a language's error catalog from its tables: the vocabulary's texts
 * filled with the error's facts, and Meta's and Twilio's failure codes. Loaded
 * with the first table, never in the core bundle.
 */
import { fillIn, type ErrorDetails } from '@domain/errors';
import type { MediaKind } from '@domain/media';
import { inEnglish, type ErrorCatalog, type ErrorTexts } from '../error-catalog';

export interface FailureText {
  reason: string;
  action: string;
}

/** Why Meta or Twilio refused a message, by their code (every code of meta-errors.ts and twilio-errors.ts). */
export interface FailureTexts {
  meta: Record<number, FailureText>;
  /** A Meta code go2msg does not know. */
  metaUnknown: FailureText;
  twilio: Record<number, FailureText>;
  twilioUnknown: FailureText;
}

/** What the language calls each media kind (and a voice note), for facts such as `kind: 'image'`. */
export type KindNames = Record<MediaKind | 'voice', string>;

/**
 * A request limit in the language's words, by the setting that names it
 * (TOO_MANY_REQUESTS carries `setting`; its `what` and `per` are English).
 */
export type LimitNames = Record<string, { what: string; per: string }>;

/** The facts as the language says them: a media kind by its name, a limit by its setting; numbers, sizes, types and names as they are. */
function localFacts(details: ErrorDetails, kinds: KindNames, limits: LimitNames): ErrorDetails {
  const kind = details.voice === true ? 'voice' : details.kind;
  const limit = typeof details.setting === 'string' ? limits[details.setting] : undefined;
  return { ...details, ...(typeof kind === 'string' && kind in kinds ? { kind: kinds[kind as keyof KindNames] } : {}), ...limit };
}

export function makeCatalog(texts: ErrorTexts, failures: FailureTexts, kinds: KindNames, limits: LimitNames = {}): ErrorCatalog {
  return {
    describe(error) {
      const text = error.code ? texts[error.code as keyof ErrorTexts] : undefined;
      // A code from a newer connector than this panel: its own words are the best there is.
      if (!text) return inEnglish(error);
      const facts = localFacts(error.details ?? {}, kinds, limits);
      const words = `${fillIn(text.message, facts)} ${fillIn(text.action, facts)}`;
      // A fact the text needs is missing (an older connector): its complete English beats a sentence with a hole.
      return /\{\w+\}/.test(words) ? inEnglish(error) : words;
    },
    failure(failure, channel) {
      // No code: the connector never heard back from the provider, and its words are all there is.
      if (failure.code === null) return `${failure.reason} ${failure.action}`;
      const text = channel === 'sms' ? (failures.twilio[failure.code] ?? failures.twilioUnknown) : (failures.meta[failure.code] ?? failures.metaUnknown);
      return `${text.reason} ${text.action}`;
    },
  };
}
