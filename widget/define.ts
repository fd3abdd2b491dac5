/**
 * Registers a tag once. Two copies of the panel can meet in one host page (a
 * helpdesk app and a script-tag embed); the second must neither throw nor
 * replace the first. A different version under the same tag is left alone
 * with a warning naming both versions.
 */
import { VERSION } from './version';

const VERSION_KEY = Symbol.for('go2msg.version');

export function defineOnce(tag: string, base: CustomElementConstructor): void {
  const existing = customElements.get(tag) as (CustomElementConstructor & { [VERSION_KEY]?: string }) | undefined;
  if (existing) {
    if (existing[VERSION_KEY] !== VERSION) {
      console.warn(`go2msg: <${tag}> is already defined by version ${existing[VERSION_KEY] ?? 'unknown'}; this copy (${VERSION}) is not used.`);
    }
    return;
  }
  // A constructor can be registered under one tag only, so each tag gets its own subclass.
  const element = class extends (base as unknown as { new (): HTMLElement }) {};
  Object.defineProperty(element, VERSION_KEY, { value: VERSION });
  customElements.define(tag, element);
}
