/**
 * Errors in the agent's language. The connector answers with a code from the
 * one vocabulary (connector/domain/errors.ts) and the facts in `details`; the
 * panel words them in its own language from a table per language (errors/*.ts),
 * loaded on demand so the core bundle carries none of them. Until a table has
 * arrived the connector's own English words are shown.
 */
import type { ErrorCode, ErrorDetails } from '@domain/errors';
import type { MessageFailure } from '@domain/meta-errors';
import type { Channel } from '@domain/channel';
import type { Locale } from './locale';

/** A refusal as the panel holds it: the vocabulary's code, the facts, and the connector's English. */
export interface Explainable {
  code?: string;
  message: string;
  action?: string | null;
  details?: ErrorDetails;
}

export interface ErrorText {
  message: string;
  action: string;
}

/** One language's words for every code (and the panel's own NETWORK): a missing code fails the typecheck. */
export type ErrorTexts = Record<ErrorCode | 'NETWORK', ErrorText>;

export interface ErrorCatalog {
  /** "What went wrong. What to do." in the catalog's language. */
  describe(error: Explainable): string;
  /** Why a stored message failed (Meta's or Twilio's code) and what to do. */
  failure(failure: MessageFailure, channel: Channel): string;
}

const loaders: Record<Locale, () => Promise<ErrorCatalog>> = {
  en: () => import('./errors/en').then((m) => m.catalog),
  es: () => import('./errors/es').then((m) => m.catalog),
  'pt-BR': () => import('./errors/pt-br').then((m) => m.catalog),
};

const loaded = new Map<Locale, ErrorCatalog>();
const loading = new Map<Locale, Promise<void>>();

/** The language's table when it has loaded; otherwise starts loading it (once) and calls `arrived` when it is in. */
export function errorCatalogFor(locale: Locale, arrived: () => void): ErrorCatalog | undefined {
  const catalog = loaded.get(locale);
  if (catalog) return catalog;
  let promise = loading.get(locale);
  if (!promise) {
    promise = loaders[locale]().then((c) => void loaded.set(locale, c));
    loading.set(locale, promise);
  }
  void promise.then(arrived);
  return undefined;
}

/** The connector's own words, for the moment before the table arrives. */
export function inEnglish(error: Explainable): string {
  return error.action ? `${error.message} ${error.action}` : error.message;
}
