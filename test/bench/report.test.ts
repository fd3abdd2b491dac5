/** BENCHMARKS.md: a partial run replaces only its own sections and says when it ran. */
import { describe, expect, test } from 'vitest';
import { replaceSections, toMarkdown, type BenchSection } from '../../bench/support/report';

const section = (title: string, value: number): BenchSection => ({
  title,
  rows: [{ metric: 'stored per second', value, unit: 'msg/s', goal: '≥ 2,000/s', met: value >= 2000 }],
});

describe('replaceSections', () => {
  const full = toMarkdown([section('Ingest, SQLite', 500), section('Fan-out', 7), section('Sends', 300)], new Date('2026-12-06T21:48:00Z'));

  test('replaces the section of the same title, keeps the others and their order, and dates the new one', () => {
    const updated = replaceSections(full, [section('Fan-out', 9)], new Date('2026-12-07T00:40:00Z'));
    expect(updated.match(/^## .*/gm)).toEqual(['## Ingest, SQLite', '## Fan-out', '## Sends']);
    expect(updated).toContain('| stored per second | 500 msg/s | ≥ 2,000/s ❌ |');
    expect(updated).toContain('| stored per second | 9 msg/s | ≥ 2,000/s ❌ |');
    expect(updated).not.toContain('| stored per second | 7 msg/s |');
    expect(updated).toMatch(/This section measured again on 2026-12-07 00:40 UTC/);
    expect(updated).toContain('Measured by `npm run bench` on 2026-12-06 21:48 UTC.');
  });

  test('adds a section the file does not have at the end', () => {
    const updated = replaceSections(full, [section('Host records', 2400)], new Date('2026-12-07T00:40:00Z'));
    expect(updated.match(/^## .*/gm)).toEqual(['## Ingest, SQLite', '## Fan-out', '## Sends', '## Host records']);
    expect(updated).toContain('| stored per second | 2,400 msg/s | ≥ 2,000/s ✅ |');
  });
});
