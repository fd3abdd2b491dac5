/**
 * The Cloud API fixtures stand on their own: every file says which Meta page it comes
 * from, and, when GO2MSG_REFERENCE_DIR names a newer copy of the reference, the copies
 * still match it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES_DIR, NEWER_REFERENCE_DIR, reference } from '../support/reference';

interface SourceEntry {
  file: string;
  provenance: string;
  sources: string[];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(FIXTURES_DIR, path)];
  });
}

const PROVENANCE_FILE = 'sources.json';
const fixtures = filesUnder(FIXTURES_DIR)
  .filter((f) => f !== PROVENANCE_FILE)
  .sort();
const entries = reference<{ files: SourceEntry[] }>(PROVENANCE_FILE).files;

/** Meta's documentation pages, or Meta's own published OpenAPI description. */
const META_SOURCE = /^https:\/\/developers\.facebook\.com\/|facebook\/openapi/;

describe('the Cloud API fixtures', () => {
  test('every fixture names the Meta page it comes from', () => {
    const bySource = new Map(entries.map((e) => [e.file, e]));
    const unsourced = fixtures.filter((f) => !bySource.get(f)?.sources.some((s) => META_SOURCE.test(s)));
    expect(unsourced).toEqual([]);
  });

  test('sources.json lists no file that is not here', () => {
    expect(entries.map((e) => e.file).filter((f) => !fixtures.includes(f))).toEqual([]);
  });

  test.each(fixtures)('%s is valid JSON', (file) => {
    expect(() => reference(file)).not.toThrow();
  });

  test.runIf(NEWER_REFERENCE_DIR)('match the reference named by GO2MSG_REFERENCE_DIR', () => {
    // Payloads the project added after the reference was taken (user_preferences, 131050) have nothing to match.
    const drifted = fixtures
      .filter((f) => existsSync(`${NEWER_REFERENCE_DIR}${f}`))
      .filter((f) => {
        const newer = readFileSync(`${NEWER_REFERENCE_DIR}${f}`, 'utf8');
        return JSON.stringify(JSON.parse(newer)) !== JSON.stringify(reference(f));
      });
    expect(drifted).toEqual([]);
  });
});
