/** Date separators in the thread: "Today", "Yesterday", the weekday, or the date, in the panel's language. */
import { beforeEach, describe, expect, test } from 'vitest';
import { dayLabel } from '../../widget/components/thread/format';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { H, useFakeConnector } from './support/setup';

const ctx = useFakeConnector();
// Local times, so the table holds in any time zone: Sunday 6 December 2026, 00:30 and 23:30.
const at = (day: number, hour: number, minute = 0) => new Date(2026, 11, day, hour, minute).getTime();
const NOW = at(6, 0, 30);

describe('dayLabel: the separator above the first message of a day', () => {
  test.each([
    { description: 'a message earlier the same day', message: at(6, 0, 5), now: NOW, locale: 'en', label: 'Today' },
    { description: 'late the previous evening, half an hour ago', message: at(5, 23, 59), now: NOW, locale: 'en', label: 'Yesterday' },
    { description: 'two days back, by weekday', message: at(4, 15, 34), now: NOW, locale: 'en', label: 'Friday' },
    { description: 'six days back, still by weekday', message: new Date(2026, 10, 30, 12).getTime(), now: NOW, locale: 'en', label: 'Monday' },
    { description: 'a week or more back, by date', message: new Date(2026, 10, 29, 12).getTime(), now: NOW, locale: 'en', label: 'Nov 29, 2026' },
    { description: 'in Spanish', message: at(5, 9), now: NOW, locale: 'es', label: 'Ayer' },
    { description: 'in Brazilian Portuguese', message: at(6, 0, 1), now: NOW, locale: 'pt-BR', label: 'Hoje' },
    { description: 'a weekday in Spanish', message: at(3, 9), now: NOW, locale: 'es', label: 'jueves' },
    { description: 'across a month end', message: new Date(2026, 10, 30, 23).getTime(), now: at(1, 1), locale: 'en', label: 'Yesterday' },
  ])('$description: $label', ({ message, now, locale, label }) => {
    expect(dayLabel(message, now, locale)).toBe(label);
  });
});

describe('in the thread', () => {
  beforeEach(() => signInPanelSession());

  test('puts a separator above the first message of each day, so 3:34 PM and the next day’s 4:35 PM are not an hour apart', async () => {
    const now = ctx.fake.serverNow;
    ctx.fake.contact.lastInboundAt = now - H;
    const yesterday = new Date(now);
    yesterday.setDate(yesterday.getDate() - 1);
    yesterday.setHours(15, 34, 0, 0);
    const earlier = new Date(yesterday);
    earlier.setDate(earlier.getDate() - 10);
    ctx.fake.messages = [
      ctx.fake.message({ text: 'long ago', at: earlier.getTime() }),
      ctx.fake.message({ text: 'my parcel?', at: yesterday.getTime() }),
      ctx.fake.message({ text: 'still waiting', at: yesterday.getTime() + 60_000 }),
      ctx.fake.message({ text: 'hello again', at: now }),
    ];
    const panel = await ThreadPanelHarness.ready();
    await panel.waitForMessage('hello again');
    const rows = panel
      .qa('.log:not(.pending) > li')
      .map((li) => (li.classList.contains('day') ? `— ${li.textContent!.trim()}` : li.querySelector('.text')!.textContent));
    expect(rows).toEqual([
      `— ${new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(earlier)}`,
      'long ago',
      '— Yesterday',
      'my parcel?',
      'still waiting',
      '— Today',
      'hello again',
    ]);
  });
});

describe('with earlier pages left to load', () => {
  beforeEach(() => signInPanelSession());

  test('no separator claims a day starts at the first loaded message; it appears once the day’s first message is loaded', async () => {
    ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - H;
    ctx.fake.messages = Array.from({ length: 60 }, (_, i) => ctx.fake.message({ text: `message ${i + 1}`, at: ctx.fake.serverNow - (60 - i) * 1000 }));
    const panel = await ThreadPanelHarness.ready();
    await panel.waitForMessage('message 60');
    const first = () => panel.q('.log:not(.pending) > li')!;
    expect(first().classList.contains('day')).toBe(false);
    expect(panel.qa('.log .day')).toHaveLength(0);
    await panel.click('Load earlier messages');
    await until(() => panel.messages().length === 60);
    expect(first().classList.contains('day')).toBe(true);
    expect(panel.qa('.log .day').map((d) => d.textContent)).toEqual(['Today']);
  });
});
