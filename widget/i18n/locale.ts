/**
 * Which language the panel speaks: its own `lang` attribute, else the host
 * page's `<html lang>`, else English. Spanish and Brazilian Portuguese load on
 * demand, so the core bundle carries English only.
 */
import { en, type Strings, type Translation } from './strings';

export type Locale = 'en' | 'es' | 'pt-BR';

export function resolveLocale(lang: string | null | undefined): Locale {
  const tag = (lang ?? '').trim().toLowerCase();
  if (tag.startsWith('es')) return 'es';
  if (tag.startsWith('pt')) return 'pt-BR';
  return 'en';
}

const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Translation>> = {
  es: () => import('./es').then((m) => m.es),
  'pt-BR': () => import('./pt-br').then((m) => m.ptBR),
};

const loaded = new Map<Locale, Strings>([['en', en]]);

/** The dictionary if already loaded (synchronous, for the first render). */
export function stringsIfLoaded(locale: Locale): Strings | undefined {
  return loaded.get(locale);
}

export async function loadStrings(locale: Locale): Promise<Strings> {
  const ready = loaded.get(locale);
  if (ready) return ready;
  const translation = await loaders[locale as Exclude<Locale, 'en'>]();
  const strings = { ...en, ...translation } as Strings;
  loaded.set(locale, strings);
  return strings;
}
