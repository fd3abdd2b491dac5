/** The panel's built chunks, gzipped as a browser would download them. */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Bench } from './support/report';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const CORE = 'go2msg.js';
const CORE_BUDGET = 30 * 1024;

/** What each lazy chunk is, by the name Vite gives it (the module that starts it). */
const LAZY: Record<string, string> = {
  'template-picker': 'template picker',
  'media-viewer': 'image viewer',
  'virtual-log': 'virtualizer (long threads)',
  flow: 'virtualizer layout',
  attachments: 'attachment checks and preview',
  'media-upload': 'upload with progress',
  media: 'media table (shared by attachments and picker)',
  errors: 'error vocabulary (shared by lazy chunks)',
  'quick-replies': 'quick-reply buttons',
  'rich-messages': 'locations, contact cards, interactive messages',
  es: 'Spanish strings',
  'pt-br': 'Brazilian Portuguese strings',
  'event-stream': 'live updates (SSE reader, loaded with the first page)',
  'sms-reply': 'SMS reply beside the composer',
  'audit-log': 'audit trail element (admins)',
  'admin-elements': 'templates, business profile and number health (admins)',
  'admin-element': 'what the admin elements and the audit log share',
  transcript: 'a conversation as text (the Zendesk internal note)',
};

function describe(file: string): string {
  if (file === CORE) return ' (core, Lit included)';
  if (file.startsWith('adapters/')) return ' (host adapter script, loaded by the host page, not the panel)';
  const name = file.replace(/-[\w-]{8}\.js$/, '').replace(/\.js$/, '');
  return ` (lazy: ${LAZY[name] ?? 'shared chunk'})`;
}

export const widgetSize: Bench = {
  name: 'widget-size',
  async run() {
    const files = readdirSync(DIST, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .sort();
    const rows = files.map((file) => {
      const bytes = readFileSync(`${DIST}${file}`);
      const gzipped = gzipSync(bytes, { level: 9 }).length;
      const core = file === CORE;
      return {
        metric: `${file}${describe(file)} — ${(bytes.length / 1024).toFixed(1)} KB raw`,
        value: Math.round((gzipped / 1024) * 10) / 10,
        unit: 'KB gzip',
        ...(core ? { goal: '≤ 30 KB gzip', met: gzipped <= CORE_BUDGET } : {}),
      };
    });
    return { title: 'Panel bundle size', rows };
  },
};
