/**
 * Virtual scrolling for very long threads only (see VIRTUALIZE_FROM in
 * thread.ts): short threads stay plain DOM, which screen readers read best.
 * Rendered items carry aria-setsize/aria-posinset so a reader still knows
 * where it is in the whole thread.
 */
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import type { TemplateResult } from 'lit';

export function virtualLog<T>(items: T[], render: (item: T, index: number) => TemplateResult, key: (item: T) => unknown) {
  return virtualize({ items, renderItem: render, keyFunction: key, scroller: false });
}
