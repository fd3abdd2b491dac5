/**
 * The go2msg panel. Importing this module registers <go2msg-thread>; call
 * `defineGo2msgThread('my-tag')` to register it under another tag as well.
 * The admin elements (<go2msg-templates-admin>, <go2msg-business-profile>,
 * <go2msg-number-health>) and <go2msg-audit-log> load from their own chunks
 * when first used (or when `defineGo2msgAdmin()` / `loadGo2msgAuditLog()` is called);
 * so does the team's inbox, <go2msg-inbox> (`loadGo2msgInbox()`).
 */
import { Go2msgThread } from './components/thread/thread';
import { defineOnce } from './define';
import { defineWhenUsed } from './lazy-define';
import { sessionFor } from './api/session';

export { Go2msgThread } from './components/thread/thread';
export { VERSION } from './version';
export { signInWithHostProof } from './api/session';

/** The open thread as text (for host adapters: Zendesk's internal note), read through the page's session; loaded on first use, outside the core bundle. */
export const threadTranscript = (connectorUrl: string, contact: string): Promise<string> =>
  import('./api/transcript').then((m) => m.threadTranscript(sessionFor(connectorUrl), contact));

export const DEFAULT_TAG = 'go2msg-thread';

export function defineGo2msgThread(tag: string = DEFAULT_TAG): void {
  defineOnce(tag, Go2msgThread);
}

defineGo2msgThread();

/** The admin elements: templates, business profile, number health, saved replies. A separate chunk, loaded on demand. */
export const ADMIN_TAGS = ['go2msg-templates-admin', 'go2msg-business-profile', 'go2msg-number-health', 'go2msg-saved-replies-admin'] as const;

let adminLoaded: Promise<void> | null = null;

/** Loads and registers the admin elements now (they also load by themselves when one of their tags appears). */
export function defineGo2msgAdmin(): Promise<void> {
  adminLoaded ??= import('./components/admin/admin-elements').then((m) => m.defineAdminElements());
  return adminLoaded;
}

defineWhenUsed(ADMIN_TAGS, defineGo2msgAdmin);

let auditLogLoaded: Promise<void> | null = null;

/** Loads and registers <go2msg-audit-log> now (it also loads by itself when its tag appears). */
export function loadGo2msgAuditLog(): Promise<void> {
  auditLogLoaded ??= import('./components/audit-log/audit-log').then((m) => m.defineAuditLog());
  return auditLogLoaded;
}

defineWhenUsed(['go2msg-audit-log'], loadGo2msgAuditLog);

let inboxLoaded: Promise<void> | null = null;

/** Loads and registers <go2msg-inbox> now (it also loads by itself when its tag appears). */
export function loadGo2msgInbox(): Promise<void> {
  inboxLoaded ??= import('./components/inbox/inbox').then((m) => m.defineInbox());
  return inboxLoaded;
}

defineWhenUsed(['go2msg-inbox'], loadGo2msgInbox);

declare global {
  interface HTMLElementTagNameMap {
    'go2msg-thread': Go2msgThread;
  }
}
