/**
 * One config for the build and the tests.
 * Build: the panel (widget/index.ts) as one ES module in dist/go2msg.js.
 * Tests: a file's name says where it runs, so each part's node and browser tests
 * sit side by side: `*.browser.test.ts` runs in real Chromium (Debian's
 * /usr/bin/chromium, nothing downloaded) in the `widget` project; any other
 * `*.test.ts` runs in Node (`node`), except `test/e2e/`, which drives the whole
 * sandbox in Chromium across two origins with its own, longer timeouts.
 */
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import type { BrowserCommandContext } from 'vitest/node';
import { minifyCssTemplate } from './build/minify-css.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const domain = fileURLToPath(new URL('./connector/domain', import.meta.url));

/** The panel's css`` styles ship without indentation, line breaks and comments (build/minify-css.ts). */
const cssTemplates = {
  name: 'go2msg-css-templates',
  apply: 'build' as const,
  transform(code: string, id: string) {
    if (!id.includes('/widget/') || !code.includes('css`')) return null;
    return { code: code.replace(/\bcss`([^`]*)`/g, (_, body: string) => `css\`${minifyCssTemplate(body)}\``), map: null };
  },
};

export default defineConfig({
  plugins: [cssTemplates],
  resolve: { alias: { '@domain': domain } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    // Library mode keeps whitespace in ES output by default; the panel ships as is, so minify fully.
    // The admin elements are a lazy chunk; 'allow-extension' lets the code it shares with the
    // panel (Lit, the session, the API client) stay in go2msg.js instead of a third file.
    // Rolldown folds such shared modules into go2msg.js only while the sharing nests at most two
    // levels deep; widget/api/transcript.ts says how a third level pushed ApiError into a chunk.
    rolldownOptions: { preserveEntrySignatures: 'allow-extension', output: { minify: true } },
    lib: { entry: 'widget/index.ts', formats: ['es'], fileName: () => 'go2msg.js' },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/**/*.browser.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'widget',
          include: ['test/**/*.browser.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            instances: [{ browser: 'chromium' }],
            provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
            // The inbox's alerts test grants notifications the way a teammate's click would (test/widget/inbox-alerts.browser.test.ts).
            commands: {
              grantNotifications: async (ctx: BrowserCommandContext) => ctx.context.grantPermissions(['notifications']),
              clearPermissions: async (ctx: BrowserCommandContext) => ctx.context.clearPermissions(),
              // The voice recorder's tests (test/widget/voice-recorder.browser.test.ts): allowed, but this machine has no microphone.
              grantMicrophone: async (ctx: BrowserCommandContext) => ctx.context.grantPermissions(['microphone']),
            },
          },
        },
      },
      {
        extends: true,
        test: { name: 'e2e', environment: 'node', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 60_000 },
      },
    ],
  },
});
