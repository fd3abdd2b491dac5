/** Numbers, sizes and times in the panel's language. */
import type { Locale } from '../../i18n/locale';

/** A moment as people read it, in their locale: "Nov 25, 2026, 4:37 PM". */
export function dateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The calendar day of a moment in the panel's time zone, as a whole number (DST-proof). */
function dayNumber(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86_400_000;
}

export const sameDay = (a: number, b: number): boolean => dayNumber(a) === dayNumber(b);

/**
 * The separator above a day's first message: "Today", "Yesterday", the
 * weekday within the last week, else the date, so 3:34 PM and the next day's
 * 4:35 PM are not read as an hour apart. `now` is the connector's clock.
 */
export function dayLabel(at: number, now: number, locale: string): string {
  const ago = dayNumber(now) - dayNumber(at);
  if (ago === 0 || ago === 1) {
    const word = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-ago, 'day');
    return word.charAt(0).toLocaleUpperCase(locale) + word.slice(1);
  }
  return new Intl.DateTimeFormat(locale, ago > 1 && ago < 7 ? { weekday: 'long' } : { dateStyle: 'medium' }).format(at);
}

export class Formats {
  readonly clock: Intl.DateTimeFormat;
  readonly full: Intl.DateTimeFormat;

  constructor(readonly locale: Locale) {
    this.clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    this.full = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  }
}

/**
 * Characters as WhatsApp counts them (code points, so an emoji is one): the
 * same count as `characters` in @domain/outbound, kept here so the core bundle
 * does not carry every outbound rule (a test checks the two agree).
 */
export function characters(text: string): number {
  return [...text].length;
}

/** Text a person reads, as a plain string (never markup). */
export function plain(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
