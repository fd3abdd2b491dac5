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
      throw new DomainError('VALIDATION_FAILED', {
        field: 'text',
        reason: `{{${key}}} is not a placeholder; use ${SAVED_REPLY_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
      });
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
 * without a name) leaves its placeholder as it was, for the agent to fill:
 * guessing ("Hi there") or closing the gap ("Hi, …") would put words in the
 * agent's mouth, and the panel refuses to send while one is left
 * (`unfilledPlaceholders`), so braces never reach a customer.
 */
export function fillSavedReply(text: string, facts: SavedReplyFacts): string {
  const values: Record<SavedReplyPlaceholder, string | null> = {
    'customer.name': facts.customer.name?.trim() || null,
    'customer.first_name': firstName(facts.customer.name),
    'customer.phone': facts.customer.phone,
    'agent.name': facts.agent.name.trim() || null,
    'agent.first_name': firstName(facts.agent.name),
  };
  return text.replace(PLACEHOLDER, (match, key: string) => values[key as SavedReplyPlaceholder] ?? match);
}

/** The placeholders still in a draft ("{{customer.first_name}}"), where they are: the panel sends nothing while one is left. */
export function unfilledPlaceholders(text: string): Array<{ text: string; index: number }> {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({ text: m[0], index: m.index }));
}

/** One character per character, so an index in the folded text is the same index in the original: "Dirección" finds "direccion". */
function fold(text: string): string {
  let folded = '';
  for (let i = 0; i < text.length; i++) folded += (text[i]!.normalize('NFD')[0] ?? '').toLowerCase()[0] ?? text[i];
  return folded;
}

/** Where the words typed after "/" are in a reply's name, ignoring case and accents; -1 when they are not. */
export function savedReplyMatch(name: string, query: string): number {
  return fold(name).indexOf(fold(query.trim()));
}

/** How well a reply's language suits the conversation's: its own language first, then replies for any language, then the rest. */
function languageRank(reply: SavedReplyDraft, language: string | null): number {
  if (reply.language === null) return 1;
  if (language === null) return 1;
  const [mine, theirs] = [language.toLowerCase(), reply.language.toLowerCase()];
  return mine === theirs || mine.startsWith(`${theirs}-`) || theirs.startsWith(`${mine}-`) ? 0 : 2;
}

/**
 * The replies whose name contains the words typed after "/", for the composer:
 * those in the conversation's language first (an agent may still choose another,
 * since the panel's language is not always the customer's), then names that
 * start with the words before names that only contain them, then by name.
 */
export function findSavedReplies<T extends SavedReplyDraft>(replies: readonly T[], query: string, language: string | null = null): T[] {
  const ranked = replies.map((reply) => ({ reply, at: savedReplyMatch(reply.name, query), language: languageRank(reply, language) })).filter((r) => r.at >= 0);
  ranked.sort((a, b) => a.language - b.language || Number(a.at > 0) - Number(b.at > 0) || a.reply.name.localeCompare(b.reply.name));
  return ranked.map((r) => r.reply);
}
