/**
 * The host adapters' scripts, built after the panel (npm run build) into
 * dist/adapters/ and served at PUBLIC_URL/widget/adapters/<name>.js.
 *
 * The panel is not bundled again: every import of widget/index becomes an
 * import of ../go2msg.js, the panel the connector already serves, so a page
 * holds one panel and one session per connector whichever adapters it uses.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const domain = fileURLToPath(new URL('../connector/domain', import.meta.url));
const panelEntry = fileURLToPath(new URL('../widget/index.ts', import.meta.url));
const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: { alias: { '@domain': domain } },
  build: {
    outDir: 'dist/adapters',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    lib: {
      entry: {
        embed: entry('./embed/embed.ts'),
        'embed-frame': entry('./embed/frame.ts'),
        zendesk: entry('./zendesk/entry.ts'),
        freshdesk: entry('./freshdesk/entry.ts'),
        salesforce: entry('./salesforce/entry.ts'),
        hubspot: entry('./hubspot/entry.ts'),
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: {
      external: (id) => id === '../go2msg.js',
      output: { minify: true },
    },
  },
  plugins: [
    {
      name: 'go2msg-panel-external',
      enforce: 'pre',
      resolveId(source, importer) {
        if (!importer || !source.startsWith('.')) return null;
        const resolved = fileURLToPath(new URL(source.endsWith('.ts') ? source : `${source}.ts`, `file://${importer}`));
        return resolved === panelEntry ? { id: '../go2msg.js', external: true } : null;
      },
    },
  ],
});
