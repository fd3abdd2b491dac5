import axe from 'axe-core';

/** The violations axe-core finds in an element (shadow roots included), as "rule (impact) ×n: html — why". */
export async function axeViolations(element: HTMLElement): Promise<string[]> {
  const results = await axe.run(element, { resultTypes: ['violations'] });
  return results.violations.map(
    (v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0]?.html.slice(0, 160)} — ${v.nodes[0]?.failureSummary?.replace(/\s+/g, ' ').slice(0, 200)}`,
  );
}
