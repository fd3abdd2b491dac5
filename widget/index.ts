/**
 * The go2msg panel. Importing this module registers <go2msg-thread>; call
 * `defineGo2msgThread('my-tag')` to register it under another tag as well.
 * <go2msg-audit-log> is registered too, but its code loads only when a page
 * uses it (or `loadGo2msgAuditLog()` is called).
 */
import { Go2msgThread } from './components/thread/thread';
import { defineOnce } from './define';
import { defineLazy } from './lazy';

export { Go2msgThread } from './components/thread/thread';
export { VERSION } from './version';

export const DEFAULT_TAG = 'go2msg-thread';

export function defineGo2msgThread(tag: string = DEFAULT_TAG): void {
  defineOnce(tag, Go2msgThread);
}

defineGo2msgThread();

export const AUDIT_LOG_TAG = 'go2msg-audit-log';

/** Registers the admin's audit trail element; its code loads when one is first connected (or when the returned function is called). */
export function defineGo2msgAuditLog(tag: string = AUDIT_LOG_TAG): () => Promise<string> {
  return defineLazy(tag, {
    load: () => import('./components/audit-log/audit-log').then((m) => m.defineAuditLogView()),
    attributes: ['connector-url'],
    parts: ['panel', 'filters', 'table'],
  });
}

export const loadGo2msgAuditLog = defineGo2msgAuditLog();

declare global {
  interface HTMLElementTagNameMap {
    'go2msg-thread': Go2msgThread;
  }
}
