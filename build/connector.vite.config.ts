/**
 * The connector compiled to plain JavaScript for `npm start` (dist-connector/main.js).
 * Node then runs it without a TypeScript loader in the process: under tsx an idle
 * sandbox connector takes about 190 MB of memory, compiled about 115 MB, and about 90 MB
 * with `npm start`'s Node flags (package.json; README, "Memory") (issue 17's memory goal). Packages stay in node_modules (Vite keeps them external when it
 * builds for Node); only our own modules are joined. Source maps keep stack traces
 * pointing at the .ts files (`node --enable-source-maps`).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type InlineConfig } from 'vite';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** A Node entry point of ours (the connector, or a benchmark's wrapper of it) built into outDir/main.js. */
export function nodeEntryBuild(entry: string, outDir: string): InlineConfig {
  return {
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: { '@domain': `${ROOT}connector/domain` } },
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: true,
      // V8 keeps a module's source in memory for as long as it runs: without the doc comments
      // (the source maps lead to them) and in ASCII (other characters escaped; a single '→'
      // makes V8 keep the whole file at two bytes a character) the connector's takes 0.75 MB, not 1.9.
      rolldownOptions: { output: { entryFileNames: 'main.js', charset: 'ascii', comments: false } },
    },
  };
}

export default defineConfig(nodeEntryBuild('connector/main.ts', 'dist-connector'));
