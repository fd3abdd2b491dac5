/**
 * The postMessage bridge between a host page and the panel's frame
 * (`go2msg.frame()` ↔ PUBLIC_URL/adapters/embed/frame).
 *
 * Every message is `{ns: "go2msg", v: 1, type, …}`: namespaced, so the
 * other scripts of a busy host page can tell it apart; versioned, so either
 * side can refuse a shape it does not know instead of misreading it. Each side
 * accepts messages only from its peer window and from an allowed origin, and
 * sends only to the exact origin of its peer, never "*".
 *
 *   host → frame   context     {contact}                the customer to show
 *   host → frame   host-proof  {host, proof}            the host backend's signed JWT for its user
 *   frame → host   ready       {}                        the frame listens; the host sends context and proof
 */
export const BRIDGE_NAMESPACE = 'go2msg';
export const BRIDGE_VERSION = 1;

export type BridgeMessage = { type: 'context'; contact: string } | { type: 'host-proof'; host: string; proof: string } | { type: 'ready' };

const short = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** The message, when `data` is one of ours in a version we speak; null otherwise (not ours, or malformed). */
export function readBridgeMessage(data: unknown): BridgeMessage | null {
  if (!data || typeof data !== 'object') return null;
  const m = data as Record<string, unknown>;
  if (m.ns !== BRIDGE_NAMESPACE || m.v !== BRIDGE_VERSION) return null;
  switch (m.type) {
    case 'context':
      return short(m.contact, 64) ? { type: 'context', contact: m.contact } : null;
    case 'host-proof':
      return short(m.host, 300) && short(m.proof, 16_384) ? { type: 'host-proof', host: m.host, proof: m.proof } : null;
    case 'ready':
      return { type: 'ready' };
    default:
      return null;
  }
}

export interface Bridge {
  send(message: BridgeMessage): void;
  close(): void;
}

export interface BridgeOptions {
  /** This side's window (where messages arrive). */
  self: Window;
  /** The other side's window; messages from any other window are ignored. */
  peer: () => Window | null;
  /** The peer's exact origin: the only origin accepted and the only one sent to. */
  peerOrigin: string;
  onMessage: (message: BridgeMessage) => void;
}

export function connectBridge(options: BridgeOptions): Bridge {
  const listener = (event: MessageEvent) => {
    if (event.origin !== options.peerOrigin || event.source === null || event.source !== options.peer()) return;
    const message = readBridgeMessage(event.data);
    if (message) options.onMessage(message);
  };
  options.self.addEventListener('message', listener);
  return {
    send(message) {
      options.peer()?.postMessage({ ns: BRIDGE_NAMESPACE, v: BRIDGE_VERSION, ...message }, options.peerOrigin);
    },
    close() {
      options.self.removeEventListener('message', listener);
    },
  };
}
