/** Times the inbox shows: how long a customer has waited, and the snooze presets. */
import type { Locale } from '../../i18n/locale';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "5 minutes", "2 hours", "3 days" (long, for screen readers) or "5 min",
 * "2 hr", "3 days" (short, on screen), in the inbox's language by Intl.
 */
export function waitedFor(ms: number, locale: Locale, display: 'long' | 'short'): string {
  const [value, unit] =
    ms < HOUR ? [Math.max(0, Math.floor(ms / MINUTE)), 'minute'] : ms < 2 * DAY ? [Math.floor(ms / HOUR), 'hour'] : [Math.floor(ms / DAY), 'day'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: display }).format(value);
}

export type SnoozePreset = 'hour' | 'tomorrow' | 'nextWeek';

export const SNOOZE_PRESETS: readonly SnoozePreset[] = ['hour', 'tomorrow', 'nextWeek'];

/**
 * When each preset ends, from the connector's `now`, in the teammate's own time
 * zone: an hour from now; tomorrow at 9:00; next Monday at 9:00.
 */
export function snoozeUntil(preset: SnoozePreset, now: number): number {
  if (preset === 'hour') return now + HOUR;
  const at = new Date(now);
  const days = preset === 'tomorrow' ? 1 : (8 - at.getDay()) % 7 || 7;
  at.setDate(at.getDate() + days);
  at.setHours(9, 0, 0, 0);
  return at.getTime();
}
