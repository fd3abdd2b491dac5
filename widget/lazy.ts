/**
 * Elements whose code loads only when a page uses them, so the core bundle
 * stays small and the host page pays nothing until then.
 *
 * The tag is defined at once as a small shell. When a shell is connected, it
 * loads the element's code (`load()` resolves to the real element's tag,
 * defined by that code), puts one real element in its shadow root, and hands
 * it its attributes, now and whenever they change. Events the real element
 * dispatches with `composed: true` reach the page as from the shell; CSS
 * custom properties inherit through; parts are forwarded with `exportparts`.
 */
import { defineOnce } from './define';

export interface LazyElement {
  /** Loads the code and defines the real element; resolves to its tag. */
  load: () => Promise<string>;
  /** The attributes the shell hands on. */
  attributes: string[];
  /** The real element's parts, visible from the page as the shell's. */
  parts?: string[];
}

export function defineLazy(tag: string, spec: LazyElement): () => Promise<string> {
  let loading: Promise<string> | null = null;
  const load = () => (loading ??= spec.load().catch((error: unknown) => {
    loading = null;
    throw error;
  }));

  class LazyShell extends HTMLElement {
    static observedAttributes = spec.attributes;
    private inner: HTMLElement | null = null;

    connectedCallback(): void {
      if (this.inner) return;
      load().then(
        (innerTag) => {
          if (this.inner) return;
          const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
          // A constructed sheet, not a <style> element: a strict style-src policy on the host allows it.
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(':host{display:block}');
          root.adoptedStyleSheets = [sheet];
          this.inner = document.createElement(innerTag);
          if (spec.parts?.length) this.inner.setAttribute('exportparts', spec.parts.join(','));
          for (const name of spec.attributes) {
            const value = this.getAttribute(name);
            if (value !== null) this.inner.setAttribute(name, value);
          }
          root.append(this.inner);
        },
        (error: unknown) => console.error(`go2msg: <${tag}> could not load its code`, error),
      );
    }

    attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
      if (!this.inner) return;
      if (value === null) this.inner.removeAttribute(name);
      else this.inner.setAttribute(name, value);
    }
  }

  defineOnce(tag, LazyShell);
  return () => load().then(() => tag);
}
