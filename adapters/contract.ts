/**
 * What every host adapter provides (docs/hosts/). An adapter knows its host:
 * who the agent is, which customer is open; it mounts <go2msg-thread> for
 * that customer, follows the host when the open customer changes, hands the
 * panel the host's signed proof of its agent when the host can give one, and
 * leaves nothing behind when disposed.
 *
 * test/adapters/contract.browser.test.ts runs the same suite against every
 * adapter: mount, context change, identity, dispose.
 */
import type { HostAgent, HostProof } from '@domain/hosts';
import type { Go2msgThread } from '../widget/index';

export type { HostAgent, HostProof };

export interface HostContext {
  /** The customer the panel shows (E.164 or a business-scoped user id); null when the host has none open. */
  contact: string | null;
  /** Every WhatsApp-capable number the host has for this customer; the agent can switch between them. */
  numbers: string[];
  agent: HostAgent | null;
}

export interface MountedAdapter {
  /** The panel element this adapter mounted. */
  readonly panel: Go2msgThread;
  /** What the adapter currently knows from the host. */
  context(): HostContext;
  /** The proof the panel signs in with, when the host vouches for its agent. */
  proof(): HostProof | null;
  /** Reads the host again and follows it (the adapter also does this on the host's own change events). */
  refresh(): Promise<void>;
  /** Removes the panel and every listener the adapter added, on the page and at the host. */
  dispose(): void;
}
