/**
 * The Zendesk app package (npm run package:zendesk) against Zendesk's
 * documented rules: the manifest, the zip's layout, the logos and the
 * translations, read back from the zip itself. Each rule is also shown to
 * fail on a package that breaks it.
 */
import { unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { checkZendeskApp, pngSize } from '../../adapters/zendesk/app-check';
import { buildZendeskApp, manifestFor } from '../../adapters/zendesk/package';

const CONNECTOR = 'https://wa.acme.com';

function unzip(zip: Uint8Array): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(zip)));
}

function withManifest(files: Map<string, Uint8Array>, change: (m: Record<string, any>) => void): Map<string, Uint8Array> {
  const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')!));
  change(manifest);
  return new Map(files).set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
}

describe('the Zendesk app zip', () => {
  const built = buildZendeskApp(CONNECTOR);
  const files = unzip(built.zip);

  test('holds exactly the files Zendesk expects, at the root of the zip', () => {
    expect([...files.keys()].sort()).toEqual([
      'assets/iframe.html',
      'assets/launcher.js',
      'assets/logo-small.png',
      'assets/logo.png',
      'manifest.json',
      'translations/en.json',
    ]);
  });

  test('follows every documented rule', () => {
    expect(built.problems).toEqual([]);
    expect(checkZendeskApp(files)).toEqual([]);
  });

  test('the manifest: framework 2.0, the three sidebars on the connector with signed URLs, its domain allowed', () => {
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')!));
    expect(manifest.frameworkVersion).toBe('2.0');
    expect(manifest.signedUrls).toBe(true);
    expect(Object.keys(manifest.location.support).sort()).toEqual(['new_ticket_sidebar', 'ticket_sidebar', 'user_sidebar']);
    for (const where of Object.values(manifest.location.support) as Array<{ url: string; flexible: boolean }>) {
      expect(where).toEqual({ url: `${CONNECTOR}/adapters/zendesk/app`, flexible: true });
    }
    expect(manifest.domainWhitelist).toEqual(['wa.acme.com']);
    expect(manifest.parameters.find((p: { name: string }) => p.name === 'connector_url')).toMatchObject({ type: 'url', required: true, default: CONNECTOR });
  });

  test('logos are PNGs of 320 and 128 pixels', () => {
    expect(pngSize(files.get('assets/logo.png')!)).toEqual({ width: 320, height: 320 });
    expect(pngSize(files.get('assets/logo-small.png')!)).toEqual({ width: 128, height: 128 });
  });

  test('refuses a connector that is not https', () => {
    expect(() => manifestFor('http://wa.acme.com')).toThrow(/https/);
  });
});

describe('the check catches what Zendesk would refuse', () => {
  const files = unzip(buildZendeskApp(CONNECTOR).zip);
  const cases: Array<[string, Map<string, Uint8Array>, RegExp]> = [
    ['another framework', withManifest(files, (m) => (m.frameworkVersion = '1.0')), /frameworkVersion/],
    ['no author email', withManifest(files, (m) => delete m.author.email), /author\.email/],
    [
      'an unknown location',
      withManifest(files, (m) => (m.location.support.ticket_side = { url: `${CONNECTOR}/x` })),
      /ticket_side: not a Zendesk Support location/,
    ],
    ['a location on a domain not allowed', withManifest(files, (m) => (m.domainWhitelist = ['other.example.com'])), /wa\.acme\.com is not in domainWhitelist/],
    ['a location over http', withManifest(files, (m) => (m.location.support.ticket_sidebar.url = 'http://wa.acme.com/adapters/zendesk/app')), /must be https/],
    [
      'signed URLs on a Zendesk-hosted page',
      withManifest(files, (m) => (m.location.support.user_sidebar = 'assets/iframe.html')),
      /signed URLs apply to server-side pages/,
    ],
    [
      'a missing asset',
      withManifest(files, (m) => {
        m.signedUrls = false;
        m.location.support.user_sidebar = 'assets/missing.html';
      }),
      /assets\/missing\.html is not in the package/,
    ],
    ['a parameter type Zendesk lacks', withManifest(files, (m) => (m.parameters[0].type = 'string')), /type must be one of/],
    ['a parameter without a label', withManifest(files, (m) => m.parameters.push({ name: 'extra', type: 'text' })), /app\.parameters\.extra\.label is missing/],
    ['an unknown property', withManifest(files, (m) => (m.frameWorkVersion = '2.0')), /"frameWorkVersion" is not a manifest property/],
    ['a wrongly sized logo', new Map(files).set('assets/logo.png', files.get('assets/logo-small.png')!), /must be 320×320 pixels, is 128×128/],
    [
      'no translations',
      (() => {
        const f = new Map(files);
        f.delete('translations/en.json');
        return f;
      })(),
      /translations\/en\.json: missing/,
    ],
    ['a folder around the app', new Map([...files].map(([k, v]) => [`app/${k}`, v])), /manifest\.json: missing/],
  ];
  test.each(cases)('%s', (_name, broken, problem) => {
    expect(checkZendeskApp(broken).join('\n')).toMatch(problem);
  });
});
