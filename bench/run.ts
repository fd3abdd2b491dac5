/**
 * npm run bench [name…]: runs the benchmarks, prints them, and writes
 * BENCHMARKS.md with the machine they ran on (with names and BENCH_UPDATE=1,
 * only those sections are replaced). Speed is measured here, never asserted
 * in tests.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { BENCHES } from './index';
import { machine, printSection, replaceSections, toMarkdown, type BenchSection } from './support/report';

const only = process.argv.slice(2);
const selected = only.length ? BENCHES.filter((b) => only.includes(b.name)) : BENCHES;
console.log(`go2msg benchmarks on ${machine()}`);
const sections: BenchSection[] = [];
for (const bench of selected) {
  const section = await bench.run();
  printSection(section);
  sections.push(section);
}
const report = new URL('../BENCHMARKS.md', import.meta.url);
if (!only.length) {
  writeFileSync(report, toMarkdown(sections, new Date()));
  console.log('\nWritten to BENCHMARKS.md');
} else if (process.env.BENCH_UPDATE === '1' && existsSync(report)) {
  // Some benchmarks only: their sections replace the same ones in the last full report.
  writeFileSync(report, replaceSections(readFileSync(report, 'utf8'), sections, new Date()));
  console.log('\nSections replaced in BENCHMARKS.md');
}
process.exit(0);
