/**
 * Saved replies: answers the team gives again and again, kept by admins and
 * inserted by agents (type "/" and part of the name in the composer).
 *
 * They are free text, so they may only be sent inside the customer service
 * window (outside it, approved templates are what WhatsApp allows). Their
 * placeholders are filled in before the agent sees the text, so what is sent
 * is exactly what the agent read.
 */
import { DomainError } from './errors';
import { characters, TEXT_BODY_MAX } from './limits';

export const SAVED_REPLY_NAME_MAX = 60;

/** The facts a saved reply may name, as {{customer.first_name}}. */
export const SAVED_REPLY_PLACEHOLDERS = ['customer.name', 'customer.first_name', 'customer.phone', 'agent.name', 'agent.first_name'] as const;
export type SavedReplyPlaceholder = (typeof SAVED_REPLY_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface SavedReplyDraft {
  name: string;
  text: string;
  /** A BCP 47 tag ("es", "pt-BR") when the reply is for customers of one language; null for any. */
  language: string | null;
}

export interface SavedReplyView extends SavedReplyDraft {
  id: number;
  updatedAt: number;
}

/** Refuses a draft a teammate could not use as written, naming the field and why. */
export function checkSavedReply(draft: SavedReplyDraft): SavedReplyDraft {
  const name = draft.name.trim();
  if (name === '' || characters(name) > SAVED_REPLY_NAME_MAX) {
    throw new DomainError('VALIDATION_FAILED', { field: 'name', reason: `1 to ${SAVED_REPLY_NAME_MAX} characters` });
  }
  if (draft.text.trim() === '' || characters(draft.text) > TEXT_BODY_MAX) {
    throw new DomainError('VALIDATION_FAILED', { field: 'text', reason: `1 to ${TEXT_BODY_MAX} characters, WhatsApp's limit for a text message` });
  }
  for (const [, key] of draft.text.matchAll(PLACEHOLDER)) {
    if (!(SAVED_REPLY_PLACEHOLDERS as readonly string[]).includes(key!)) {
      throw new DomainError('VALIDATION_FAILED', { field: 'text', reason: `{{${key}}} is not a placeholder; use ${SAVED_REPLY_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}` });
    }
  }
  if (draft.language !== null && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(draft.language)) {
    throw new DomainError('VALIDATION_FAILED', { field: 'language', reason: 'a language tag such as "es" or "pt-BR", or null' });
  }
  return { name, text: draft.text, language: draft.language };
}

export interface SavedReplyFacts {
  customer: { name: string | null; phone: string | null };
  agent: { name: string };
}

function firstName(name: string | null): string | null {
  return name?.trim().split(/\s+/)[0] || null;
}

/**
 * The text with its placeholders filled in. A fact nobody knows (a customer
 * without a name) leaves no gap: "Hi {{customer.first_name}}, …" becomes "Hi, …".
 */
export function fillSavedReply(text: string, facts: SavedReplyFacts): string {
  const values: Record<SavedReplyPlaceholder, string | null> = {
    'customer.name': facts.customer.name?.trim() || null,
    'customer.first_name': firstName(facts.customer.name),
    'customer.phone': facts.customer.phone,
    'agent.name': facts.agent.name.trim() || null,
    'agent.first_name': firstName(facts.agent.name),
  };
  const filled = text.replace(PLACEHOLDER, (_match, key: string) => values[key as SavedReplyPlaceholder] ?? '\u0000');
  // Where a value was missing, close the gap it left before punctuation or another space.
  return filled.replace(/[ \t]*\u0000[ \t]*(?=[,.!?;:]|$)/gm, '').replace(/[ \t]*\u0000[ \t]*/g, ' ');
}

/** The replies whose name contains the words typed after "/", best first (name starts with them), for the composer. */
export function findSavedReplies<T extends SavedReplyDraft>(replies: readonly T[], query: string, language: string | null = null): T[] {
  const q = query.trim().toLowerCase();
  const fits = (r: T) => r.language === null || language === null || language.toLowerCase().startsWith(r.language.toLowerCase());
  const matching = replies.filter((r) => fits(r) && r.name.toLowerCase().includes(q));
  return matching.sort((a, b) => Number(!a.name.toLowerCase().startsWith(q)) - Number(!b.name.toLowerCase().startsWith(q)) || a.name.localeCompare(b.name));
}
