/** English: the domain's own tables, which the connector's messages come from too. */
import { ERROR_CODES } from '@domain/errors';
import { explainMetaError, META_ERRORS } from '@domain/meta-errors';
import { explainTwilioError, TWILIO_ERRORS } from '@domain/twilio-errors';
import type { ErrorTexts } from '../error-catalog';
import { makeCatalog, type FailureTexts, type KindNames } from './catalog';

export const texts: ErrorTexts = {
  ...ERROR_CODES,
  NETWORK: { message: 'The connector could not be reached.', action: 'Check your connection; the panel retries on its own.' },
};

export const kinds: KindNames = { image: 'image', video: 'video', audio: 'audio', document: 'document', sticker: 'sticker', voice: 'voice note' };

// An unknown code (here -1) is explained as such by the domain.
export const failures: FailureTexts = { meta: META_ERRORS, metaUnknown: explainMetaError(-1), twilio: TWILIO_ERRORS, twilioUnknown: explainTwilioError(-1) };

export const catalog = makeCatalog(texts, failures, kinds);
