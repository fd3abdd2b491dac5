/**
 * npm run package:zendesk [-- --connector-url https://wa.acme.com] [--out file.zip]
 *
 * Builds the Zendesk app zip in the layout zcli makes (files at the root:
 * manifest.json, assets/, translations/), with the connector's URL in the
 * locations, the domain whitelist and the default setting, and checks it
 * against Zendesk's rules first (app-check.ts). Upload it in Admin Center →
 * Apps and integrations → Zendesk Support apps → Upload private app.
 * The connector URL defaults to PUBLIC_URL.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { checkZendeskApp } from './app-check';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP_DIR = fileURLToPath(new URL('./app/', import.meta.url));
/** The placeholder connector in the top-level manifest.json. */
export const PLACEHOLDER_ORIGIN = 'https://wa.example.com';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The top-level manifest with the connector's origin in place of the placeholder. */
export function manifestFor(connectorUrl: string): Record<string, unknown> {
  const connector = new URL(connectorUrl);
  if (connector.protocol !== 'https:') throw new Error(`--connector-url must be https (Zendesk loads apps over https only): ${connectorUrl}`);
  const text = readFileSync(join(ROOT, 'manifest.json'), 'utf8');
  const base = connector.origin + connector.pathname.replace(/\/+$/, '');
  return JSON.parse(text.replaceAll(PLACEHOLDER_ORIGIN, base).replaceAll('"wa.example.com"', JSON.stringify(connector.hostname))) as Record<string, unknown>;
}

export function buildZendeskApp(connectorUrl: string): { files: Map<string, Uint8Array>; zip: Uint8Array; problems: string[] } {
  const files = new Map<string, Uint8Array>();
  files.set('manifest.json', new TextEncoder().encode(`${JSON.stringify(manifestFor(connectorUrl), null, 2)}\n`));
  for (const path of filesUnder(APP_DIR)) files.set(relative(APP_DIR, path).split('\\').join('/'), new Uint8Array(readFileSync(path)));
  const problems = checkZendeskApp(files);
  const zip = zipSync(Object.fromEntries([...files].sort(([a], [b]) => a.localeCompare(b))), { level: 9, mtime: new Date('2026-01-01T00:00:00Z') });
  return { files, zip, problems };
}

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const connectorUrl = arg('connector-url') ?? process.env.PUBLIC_URL ?? PLACEHOLDER_ORIGIN;
  const out = arg('out') ?? join(ROOT, 'dist', 'zendesk', 'go2msg-zendesk.zip');
  const { zip, problems, files } = buildZendeskApp(connectorUrl);
  if (problems.length) {
    console.error(`The Zendesk app does not follow Zendesk's rules:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  console.log(`Wrote ${relative(process.cwd(), out)} (${files.size} files, ${zip.length} bytes) for ${connectorUrl}.`);
  if (connectorUrl === PLACEHOLDER_ORIGIN) console.log('Pass --connector-url https://your-connector (or set PUBLIC_URL) to point the app at your connector.');
}
