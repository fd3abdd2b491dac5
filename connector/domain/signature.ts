/**
 * The optional signature a customer sees on free-text replies, so a shared
 * WhatsApp number still says which person answered (the most-requested
 * missing feature in the reviews of today's WhatsApp inboxes).
 *
 * Off by default, configured per deployment. Never applied to templates: their
 * text is fixed by Meta's approval. The signed text must still fit WhatsApp's
 * 4,096-character limit, so the check counts the signature too.
 */
import { DomainError } from './errors';
import { characters, TEXT_BODY_MAX } from './limits';

export const SIGNATURE_MODES = ['off', 'suffix', 'prefix'] as const;
export type SignatureMode = (typeof SIGNATURE_MODES)[number];

export interface SignatureConfig {
  mode: SignatureMode;
  /** `{firstName}` and `{name}` are replaced; WhatsApp renders *bold* and _italic_. */
  format: string;
}

export const DEFAULT_SIGNATURE_FORMATS: Record<Exclude<SignatureMode, 'off'>, string> = {
  suffix: '\n\n— {firstName}',
  prefix: '*{firstName}:*\n',
};

export const SIGNATURE_OFF: SignatureConfig = { mode: 'off', format: '' };

/** "Ana Souza" → "Ana"; a name without spaces is its own first name. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

/** The signature as the customer will read it, or '' when signatures are off. */
export function signatureFor(config: SignatureConfig, sender: { name: string }): string {
  if (config.mode === 'off') return '';
  return config.format.replace(/\{(firstName|name)\}/g, (_whole, key: string) => (key === 'name' ? sender.name.trim() : firstName(sender.name)));
}

/** The body with the signature in its place. */
export function signText(body: string, config: SignatureConfig, sender: { name: string }): string {
  const signature = signatureFor(config, sender);
  if (!signature) return body;
  return config.mode === 'prefix' ? `${signature}${body}` : `${body}${signature}`;
}

/** Refuses a body that, once signed, is longer than WhatsApp allows. */
export function checkSignedLength(body: string, signature: string): void {
  const length = characters(body) + characters(signature);
  if (length > TEXT_BODY_MAX) {
    throw new DomainError('TEXT_TOO_LONG', { length, max: TEXT_BODY_MAX, signatureLength: characters(signature) });
  }
}
