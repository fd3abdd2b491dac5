/**
 * npm run bench [name…]: runs the benchmarks, prints them, and writes
 * BENCHMARKS.md with the machine they ran on. Speed is measured here, never
 * asserted in tests.
 */
import { writeFileSync } from 'node:fs';
import { BENCHES } from './index';
import { machine, printSection, toMarkdown, type BenchSection } from './support/report';

const only = process.argv.slice(2);
const selected = only.length ? BENCHES.filter((b) => only.includes(b.name)) : BENCHES;
console.log(`go2msg benchmarks on ${machine()}`);
const sections: BenchSection[] = [];
for (const bench of selected) {
  const section = await bench.run();
  printSection(section);
  sections.push(section);
}
if (!only.length) {
  writeFileSync(new URL('../BENCHMARKS.md', import.meta.url), toMarkdown(sections, new Date()));
  console.log('\nWritten to BENCHMARKS.md');
}
process.exit(0);
