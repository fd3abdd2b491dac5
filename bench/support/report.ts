/** What a benchmark reports, and how the report is printed and written to BENCHMARKS.md. */
import { cpus, freemem, totalmem, type } from 'node:os';

export interface BenchRow {
  metric: string;
  value: number | string;
  unit?: string;
  /** The goal from the issue, e.g. "≥ 2,000/s"; shown beside the value. */
  goal?: string;
  /** Whether the goal was met, when there is one. */
  met?: boolean;
}

export interface BenchSection {
  title: string;
  rows: BenchRow[];
  notes?: string[];
}

export interface Bench {
  name: string;
  run(): Promise<BenchSection>;
}

export function machine(): string {
  const cpu = cpus();
  return `${type()} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'} · ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free) · Node ${process.version}`;
}

function format(value: number | string): string {
  if (typeof value === 'string') return value;
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : String(Math.round(value * 100) / 100);
}

function sectionMarkdown(section: BenchSection): string {
  const lines = [`## ${section.title}`, '', '| metric | value | goal |', '| --- | --- | --- |'];
  for (const row of section.rows) {
    const goal = row.goal ? `${row.goal} ${row.met === undefined ? '' : row.met ? '✅' : '❌'}`.trim() : '';
    lines.push(`| ${row.metric} | ${format(row.value)}${row.unit ? ` ${row.unit}` : ''} | ${goal} |`);
  }
  if (section.notes?.length) lines.push('', ...section.notes.map((n) => `- ${n}`));
  lines.push('');
  return lines.join('\n');
}

const stamp = (when: Date) => `${when.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function toMarkdown(sections: BenchSection[], when: Date): string {
  const lines = ['# Benchmarks', '', `Measured by \`npm run bench\` on ${stamp(when)}.`, '', `Machine: ${machine()}.`, ''];
  return [...lines, ...sections.map(sectionMarkdown)].join('\n');
}

/**
 * BENCHMARKS.md with these sections measured again (`npm run bench <name…>`): each replaces the
 * section of the same title, or is added at the end, and says when and on what machine it was
 * measured, since the rest of the file keeps the date of its own run.
 */
export function replaceSections(markdown: string, sections: BenchSection[], when: Date): string {
  const parts = markdown.split(/^(?=## )/m);
  for (const section of sections) {
    const text = sectionMarkdown({
      ...section,
      notes: [...(section.notes ?? []), `This section measured again on ${stamp(when)} (\`npm run bench\` with its name), on ${machine()}.`],
    });
    const at = parts.findIndex((p) => p.startsWith(`## ${section.title}\n`));
    if (at >= 0) parts[at] = `${text}\n`;
    else parts.push(`${text}\n`);
  }
  return parts.join('').replace(/\n+$/, '\n');
}

export function printSection(section: BenchSection): void {
  console.log(`\n${section.title}`);
  for (const row of section.rows) {
    const goal = row.goal ? `  (goal ${row.goal}${row.met === undefined ? '' : row.met ? ', met' : ', NOT met'})` : '';
    console.log(`  ${row.metric}: ${format(row.value)}${row.unit ? ` ${row.unit}` : ''}${goal}`);
  }
  for (const note of section.notes ?? []) console.log(`  · ${note}`);
}
