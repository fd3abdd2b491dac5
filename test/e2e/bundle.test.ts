/**
 * The built panel (npm test builds it first): a self-contained core under the
 * 30 KB gzip budget, the rarely needed parts as lazy chunks beside it, and the
 * connector serving every chunk under /widget/ to other origins.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_DIST_DIR } from '../../connector/connector';
import { startConnector, type RunningConnector } from '../support/connector';

const CORE = 'go2msg.js';
const LAZY = [
  'template-picker',
  'media-viewer',
  'virtual-log',
  'attachments',
  'quick-replies',
  'rich-messages',
  'media-upload',
  'es',
  'pt-br',
  'inbox',
  'ownership',
  'saved-replies',
  'voice-recorder',
];

let running: RunningConnector;
const files = () => readdirSync(DEFAULT_DIST_DIR).filter((f) => f.endsWith('.js'));

beforeAll(async () => {
  running = await startConnector();
});

afterAll(async () => {
  await running?.close();
});

describe('the built panel', () => {
  test('the core bundle, Lit included, is at most 30 KB gzipped and imports nothing else up front', () => {
    const core = readFileSync(`${DEFAULT_DIST_DIR}/${CORE}`);
    expect(gzipSync(core, { level: 9 }).length).toBeLessThanOrEqual(30 * 1024);
    // Only dynamic import("./…") of chunks; a static `from "./…"` would load a chunk before the panel shows.
    const text = core.toString();
    expect(/from\s*["'`]\.\//.test(text), 'a static import of a chunk').toBe(false);
    expect(/import\(["'`]\.\/template-picker-[\w-]+\.js["'`]\)/.test(text), 'a dynamic import of the template picker').toBe(true);
  });

  test("README quotes the core bundle's size as measured (within 1 KB)", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const quoted = /The core bundle, Lit included, is about ([\d.]+) KB gzipped/.exec(readme)?.[1];
    expect(quoted, 'README "Size." names the core bundle\'s gzip size').toBeDefined();
    const measured = gzipSync(readFileSync(`${DEFAULT_DIST_DIR}/${CORE}`), { level: 9 }).length / 1024;
    expect(Math.abs(Number(quoted) - measured), `README says ${quoted} KB, the build is ${measured.toFixed(1)} KB`).toBeLessThanOrEqual(1);
  });

  test('the template picker, media viewer, virtualizer, attachments, quick replies and other languages are separate chunks', () => {
    const names = files();
    for (const chunk of LAZY)
      expect(
        names.some((f) => f.startsWith(`${chunk}-`)),
        chunk,
      ).toBe(true);
    const core = readFileSync(`${DEFAULT_DIST_DIR}/${CORE}`, 'utf8');
    // Their code is not in the core: a string from each stays out of it.
    for (const marker of [
      'wa-bubble',
      'TEMPLATE_PARAMS_MISMATCH',
      'Iniciar sesión',
      'Entrar com',
      'viewer-close',
      'OpusHead',
      'button titles',
      'go2msg-open-conversation',
      'Tomorrow 9:00',
      'Demasiadas solicitudes',
      'Solicitações demais',
      'Spam rate limit',
      'openstreetmap',
      'Fill in every field',
      'att-thumb',
      'Search saved replies',
      'Remove button {n}',
      'Send anyway',
      'Stop and preview',
      'OpusTags',
      'Picked from a list',
    ]) {
      expect(core.includes(marker), `${marker} is in the core bundle`).toBe(false);
    }
  });

  test('the team inbox is a chunk of its own, at most 12 KB gzipped, that the core loads only when the tag appears', () => {
    const inbox = files().find((f) => f.startsWith('inbox-'))!;
    expect(gzipSync(readFileSync(`${DEFAULT_DIST_DIR}/${inbox}`), { level: 9 }).length).toBeLessThanOrEqual(12 * 1024);
    const core = readFileSync(`${DEFAULT_DIST_DIR}/${CORE}`, 'utf8');
    expect(new RegExp(`import\\(["'\`]\\./${inbox}["'\`]\\)`).test(core), 'a dynamic import of the inbox').toBe(true);
  });

  test('the connector serves every chunk at /widget/ to other origins', async () => {
    for (const file of files()) {
      const response = await fetch(`${running.url}/widget/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/javascript/);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    }
  });
});
