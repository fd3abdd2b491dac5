/**
 * Loads a chunk of elements the first time one of its tags appears in the
 * page, so a host page only downloads what it uses. Elements placed inside
 * another component's shadow root are not seen: call the loader directly then
 * (defineGo2msgAdmin(), loadGo2msgAuditLog()).
 */
export function defineWhenUsed(tags: readonly string[], load: () => Promise<unknown>): void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return;
  const selector = tags.join(',');
  let observer: MutationObserver | null = null;
  const trigger = () => {
    observer?.disconnect();
    observer = null;
    load().catch((error: unknown) => console.error(`go2msg: could not load <${tags.join('>, <')}>`, error));
  };
  if (document.querySelector(selector)) {
    trigger();
    return;
  }
  observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element && (node.matches(selector) || node.querySelector(selector))) {
          trigger();
          return;
        }
      }
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
}
