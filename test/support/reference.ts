/**
 * Meta's Cloud API samples (payloads, errors, limits, signature vectors), kept in the
 * repository under test/fixtures/cloud-api/ so a clone passes `npm test` with nothing
 * beside it. test/fixtures/cloud-api/sources.json names the Meta page each file comes from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/cloud-api/', import.meta.url));

/**
 * A newer copy of the reference to check the fixtures against (see
 * test/whatsapp/reference-fixtures.test.ts); the tests themselves never read it.
 */
export const NEWER_REFERENCE_DIR = process.env.GO2MSG_REFERENCE_DIR?.replace(/\/*$/, '/');

export function reference<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(`${FIXTURES_DIR}${path}`, 'utf8')) as T;
}

export function referenceFiles(folder: string): string[] {
  return readdirSync(`${FIXTURES_DIR}${folder}`)
    .filter((f) => f.endsWith('.json'))
    .sort();
}
