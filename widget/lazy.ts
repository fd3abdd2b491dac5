/**
 * Elements whose code loads only when a page uses them, so the core bundle
 * stays small. The tag is registered (with defineOnce) the first time an
 * element with it appears in the document, or when `load()` is called; an
 * element created before that is upgraded in place.
 *
 * Elements inside other shadow roots are not seen by the document's observer:
 * a host that renders the tag there calls the returned `load()` first.
 */
import { defineOnce } from './define';

type Loader = () => Promise<CustomElementConstructor>;

const pending = new Map<string, Loader>();
let observer: MutationObserver | null = null;

function upgrade(tag: string): Promise<void> {
  const load = pending.get(tag);
  if (!load) return customElements.whenDefined(tag).then(() => undefined);
  pending.delete(tag);
  return load().then((element) => defineOnce(tag, element));
}

function scan(root: ParentNode): void {
  for (const tag of pending.keys()) {
    if (root.querySelector(tag)) void upgrade(tag);
  }
}

function watch(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        const tag = node.localName;
        if (pending.has(tag)) void upgrade(tag);
        else if (node.firstElementChild) scan(node);
      }
    }
    if (pending.size === 0) {
      observer?.disconnect();
      observer = null;
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
}

/** Registers `tag` lazily; returns a function that loads and defines it now. */
export function defineLazy(tag: string, load: Loader): () => Promise<void> {
  if (!customElements.get(tag) && !pending.has(tag)) {
    pending.set(tag, load);
    if (typeof document !== 'undefined') {
      scan(document);
      watch();
    }
  }
  return () => upgrade(tag);
}
