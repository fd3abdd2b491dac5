/**
 * Zendesk's documented rules for an app package, checked offline, since
 * `zcli apps:validate` only validates on a Zendesk server
 * (reference/embedding.md §1.5). Sources: developer.zendesk.com
 * documentation/apps/app-developer-guide/manifest (properties, locations,
 * parameters), apps-v2/setup "File requirements" (layout, logos,
 * translations), and the Support locations list.
 */
export const SUPPORT_LOCATIONS = [
  'ticket_sidebar',
  'new_ticket_sidebar',
  'ticket_editor',
  'user_sidebar',
  'organization_sidebar',
  'nav_bar',
  'top_bar',
  'background',
  'modal',
];
export const PARAMETER_TYPES = ['text', 'password', 'checkbox', 'url', 'number', 'multiline', 'hidden', 'oauth'];
export const MANIFEST_PROPERTIES = [
  'name',
  'author',
  'version',
  'frameworkVersion',
  'location',
  'gaID',
  'defaultLocale',
  'parameters',
  'domainWhitelist',
  'private',
  'requirementsOnly',
  'singleInstall',
  'signedUrls',
  'termsConditionsURL',
  'experiments',
  'marketingOnly',
  'oauth',
];
export const LOGO_SIZES: Record<string, number> = { 'assets/logo.png': 320, 'assets/logo-small.png': 128 };
const LOCATION_OPTIONS = ['url', 'flexible', 'autoLoad', 'autoHide', 'size', 'signed'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function readJson(files: Map<string, Uint8Array>, path: string, problems: string[]): Json | null {
  const bytes = files.get(path);
  if (!bytes) {
    problems.push(`${path}: missing`);
    return null;
  }
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (isObject(value)) return value;
  } catch {
    // reported below
  }
  problems.push(`${path}: not a JSON object`);
  return null;
}

function checkUrl(where: string, url: unknown, manifest: Json, files: Map<string, Uint8Array>, problems: string[]): void {
  if (typeof url !== 'string' || !url) return void problems.push(`${where}: needs a url`);
  if (url.startsWith('assets/')) {
    if (!files.has(url)) problems.push(`${where}: ${url} is not in the package`);
    if (manifest.signedUrls === true) problems.push(`${where}: signed URLs apply to server-side pages; ${url} is hosted by Zendesk`);
    return;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return void problems.push(`${where}: "${url}" is neither an assets/ path nor an absolute URL`);
  }
  if (parsed.protocol !== 'https:') problems.push(`${where}: ${url} must be https`);
  const allowed = Array.isArray(manifest.domainWhitelist) ? manifest.domainWhitelist : [];
  if (!allowed.includes(parsed.hostname)) problems.push(`${where}: ${parsed.hostname} is not in domainWhitelist`);
}

/** Every way the package breaks Zendesk's rules; empty when it follows them. */
export function checkZendeskApp(files: Map<string, Uint8Array>): string[] {
  const problems: string[] = [];
  for (const path of files.keys()) {
    if (path.startsWith('/') || path.includes('..') || path.includes('\\')) problems.push(`${path}: paths must be relative, inside the app`);
    if (path.startsWith('tmp/') || path.split('/').some((p) => p.startsWith('.'))) problems.push(`${path}: zcli leaves tmp/ and dotfiles out of a package`);
  }
  const manifest = readJson(files, 'manifest.json', problems);
  if (!manifest) return problems;

  for (const key of Object.keys(manifest)) if (!MANIFEST_PROPERTIES.includes(key)) problems.push(`manifest.json: "${key}" is not a manifest property`);
  if (typeof manifest.name !== 'string' || !manifest.name) problems.push('manifest.json: "name" is required');
  const author = manifest.author;
  if (!isObject(author) || typeof author.name !== 'string' || !author.name) problems.push('manifest.json: "author.name" is required');
  if (!isObject(author) || typeof author.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(author.email))
    problems.push('manifest.json: "author.email" must be an email address');
  if (manifest.frameworkVersion !== '2.0') problems.push('manifest.json: "frameworkVersion" must be "2.0"');
  if (typeof manifest.version !== 'string' || !/^\d+\.\d+(\.\d+)?$/.test(manifest.version))
    problems.push('manifest.json: "version" must look like 1.0 or 1.0.0');
  if (typeof manifest.defaultLocale !== 'string' || !/^[a-z]{2}(-[a-z]{2})?$/i.test(manifest.defaultLocale))
    problems.push('manifest.json: "defaultLocale" must be a locale like "en"');
  for (const flag of ['private', 'signedUrls', 'singleInstall', 'requirementsOnly', 'marketingOnly']) {
    if (flag in manifest && typeof manifest[flag] !== 'boolean') problems.push(`manifest.json: "${flag}" must be true or false`);
  }
  const whitelist = manifest.domainWhitelist;
  if (whitelist !== undefined && (!Array.isArray(whitelist) || whitelist.some((d) => typeof d !== 'string' || !/^[a-z0-9*][a-z0-9.*-]*[a-z0-9]$/i.test(d)))) {
    problems.push('manifest.json: "domainWhitelist" must list bare domains (no scheme, no path)');
  }

  const location = manifest.location;
  const support = isObject(location) ? location.support : undefined;
  if (!isObject(support) || !Object.keys(support).length) problems.push('manifest.json: "location.support" must name at least one location');
  else {
    for (const [name, value] of Object.entries(support)) {
      const where = `manifest.json: location.support.${name}`;
      if (!SUPPORT_LOCATIONS.includes(name)) problems.push(`${where}: not a Zendesk Support location`);
      if (typeof value === 'string') checkUrl(where, value, manifest, files, problems);
      else if (isObject(value)) {
        for (const key of Object.keys(value)) if (!LOCATION_OPTIONS.includes(key)) problems.push(`${where}: "${key}" is not a location option`);
        checkUrl(where, value.url, manifest, files, problems);
        if ('flexible' in value && typeof value.flexible !== 'boolean') problems.push(`${where}: "flexible" must be true or false`);
      } else problems.push(`${where}: must be a url or an object with "url"`);
    }
  }

  const locale = typeof manifest.defaultLocale === 'string' ? manifest.defaultLocale : 'en';
  const translations = readJson(files, `translations/${locale}.json`, problems);
  const app = translations && isObject(translations.app) ? translations.app : null;
  if (translations && (!app || typeof app.name !== 'string')) problems.push(`translations/${locale}.json: "app.name" is required`);
  const labels = app && isObject(app.parameters) ? app.parameters : {};

  const parameters = manifest.parameters ?? [];
  if (!Array.isArray(parameters)) problems.push('manifest.json: "parameters" must be an array');
  else {
    const names = new Set<string>();
    for (const p of parameters) {
      if (!isObject(p) || typeof p.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(p.name)) {
        problems.push('manifest.json: every parameter needs a "name" of lowercase letters, digits and _');
        continue;
      }
      const where = `manifest.json: parameter ${p.name}`;
      if (names.has(p.name)) problems.push(`${where}: named twice`);
      names.add(p.name);
      if (typeof p.type !== 'string' || !PARAMETER_TYPES.includes(p.type)) problems.push(`${where}: type must be one of ${PARAMETER_TYPES.join(', ')}`);
      for (const flag of ['required', 'secure']) if (flag in p && typeof p[flag] !== 'boolean') problems.push(`${where}: "${flag}" must be true or false`);
      const label = isObject(labels[p.name]) ? (labels[p.name] as Json).label : undefined;
      if (typeof label !== 'string' || !label) problems.push(`translations/${locale}.json: app.parameters.${p.name}.label is missing`);
    }
  }

  for (const [path, size] of Object.entries(LOGO_SIZES)) {
    const bytes = files.get(path);
    const actual = bytes ? pngSize(bytes) : null;
    if (!bytes) problems.push(`${path}: missing`);
    else if (!actual) problems.push(`${path}: not a PNG`);
    else if (actual.width !== size || actual.height !== size) problems.push(`${path}: must be ${size}×${size} pixels, is ${actual.width}×${actual.height}`);
  }
  if (!files.has('assets/iframe.html')) problems.push('assets/iframe.html: missing');
  return problems;
}
