/** Meta's samples, read straight from the shared reference (never copied into the project). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared/reference/cloud-api/ beside the project; GO2MSG_REFERENCE_DIR overrides. */
export const REFERENCE_DIR = process.env.GO2MSG_REFERENCE_DIR
  ? `${process.env.GO2MSG_REFERENCE_DIR.replace(/\/+$/, '')}/`
  : fileURLToPath(new URL('../../../shared/reference/cloud-api/', import.meta.url));

export function reference<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(`${REFERENCE_DIR}${path}`, 'utf8')) as T;
}

export function referenceFiles(folder: string): string[] {
  return readdirSync(`${REFERENCE_DIR}${folder}`).filter((f) => f.endsWith('.json')).sort();
}
