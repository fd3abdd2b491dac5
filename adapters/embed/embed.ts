/**
 * The script-tag embed (docs/hosts/embed.md):
 *
 *   <script type="module" src="https://wa.example.com/widget/adapters/embed.js"
 *           data-host="crm:crm.acme.example" data-proof-url="/go2msg/proof"></script>
 *   <go2msg-thread contact="+16505551234"></go2msg-thread>
 *
 * or from code: `go2msg.mount(element, {contact, connectorUrl, hostUser})`,
 * or in a frame of its own: `go2msg.frame(element, {contact, hostUser})`.
 *
 * `hostUser` is how the host's backend vouches for its signed-in user: an
 * HS256 JWT it signs with the secret it shares with the connector
 * (HOST_SECRETS). The page gets it from its own backend (`proofUrl`, fetched
 * with the page's cookies, answering `{"proof": "<jwt>"}`), from a function,
 * or as a string. The secret never reaches the browser.
 */
import { VERSION } from '../../widget/index';
import type { Go2msgThread } from '../../widget/index';
import type { HostProof, MountedAdapter } from '../contract';
import { connectorUrlOf } from '../shared/boot';
import { PanelMount } from '../shared/panel-mount';
import { connectBridge, type Bridge } from './bridge';

export interface HostUserOption {
  /** The host's id at the connector, as in HOST_SECRETS: "crm:crm.acme.example". */
  host: string;
  /** A proof already at hand. */
  proof?: string;
  /** The host backend's endpoint answering {"proof": "<jwt>"} for the signed-in user (same-origin, with cookies). */
  proofUrl?: string;
  /** Or any function that gets one. */
  getProof?: () => Promise<string>;
}

export interface MountOptions {
  contact: string;
  /** Defaults to the connector this script came from. */
  connectorUrl?: string;
  hostUser?: HostUserOption;
  lang?: string;
  theme?: 'light' | 'dark' | 'auto';
}

export interface EmbedHandle extends MountedAdapter {
  /** Show another customer. */
  setContact(contact: string): void;
}

export const DEFAULT_CONNECTOR_URL = connectorUrlOf(import.meta.url);

export async function fetchHostProof(user: HostUserOption): Promise<HostProof> {
  if (user.proof) return { host: user.host, proof: user.proof };
  if (user.getProof) return { host: user.host, proof: await user.getProof() };
  if (user.proofUrl) {
    const response = await fetch(user.proofUrl, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`go2msg: ${user.proofUrl} answered ${response.status}`);
    const body = (await response.json()) as { proof?: unknown };
    if (typeof body.proof !== 'string') throw new Error(`go2msg: ${user.proofUrl} gave no "proof"`);
    return { host: user.host, proof: body.proof };
  }
  throw new Error('go2msg: hostUser needs proof, proofUrl or getProof');
}

/** The panel in `element`, for `contact`, signed in by the host's proof when `hostUser` is given. */
export function mount(element: HTMLElement, options: MountOptions): EmbedHandle {
  const panelMount = new PanelMount(element, { connectorUrl: options.connectorUrl ?? DEFAULT_CONNECTOR_URL, lang: options.lang, theme: options.theme });
  panelMount.setContact(options.contact);
  const vouch = async () => {
    if (options.hostUser) panelMount.setProof(await fetchHostProof(options.hostUser));
  };
  void vouch().catch((error: unknown) => console.warn(String(error)));
  return {
    panel: panelMount.panel,
    context: () => panelMount.context(),
    proof: () => panelMount.proof(),
    refresh: vouch,
    setContact: (contact) => panelMount.setContact(contact),
    dispose: () => panelMount.dispose(),
  };
}

export interface FrameOptions extends MountOptions {
  /** The frame's height (CSS), default 640px. */
  height?: string;
}

export interface FrameHandle {
  readonly frame: HTMLIFrameElement;
  setContact(contact: string): void;
  dispose(): void;
}

/**
 * The panel in a frame served by the connector, for pages that would rather
 * not run it in their own document. The page's origin must be in
 * ALLOWED_ORIGINS (the connector lets only it frame the panel).
 */
export function frame(element: HTMLElement, options: FrameOptions): FrameHandle {
  const connectorUrl = options.connectorUrl ?? DEFAULT_CONNECTOR_URL;
  const iframe = document.createElement('iframe');
  iframe.title = 'WhatsApp';
  iframe.src = `${connectorUrl}/adapters/embed/frame?${new URLSearchParams({ origin: location.origin })}`;
  iframe.style.width = '100%';
  iframe.style.height = options.height ?? '640px';
  iframe.style.border = '0';
  // The sign-in popup needs allow-popups; the panel's own scripts need the rest.
  let contact = options.contact;
  const bridge: Bridge = connectBridge({
    self: window,
    peer: () => iframe.contentWindow,
    peerOrigin: new URL(connectorUrl).origin,
    onMessage: (message) => {
      if (message.type !== 'ready') return;
      bridge.send({ type: 'context', contact });
      if (options.hostUser) {
        void fetchHostProof(options.hostUser)
          .then((p) => bridge.send({ type: 'host-proof', host: p.host, proof: p.proof }))
          .catch((error: unknown) => console.warn(String(error)));
      }
    },
  });
  element.append(iframe);
  return {
    frame: iframe,
    setContact(next) {
      contact = next;
      bridge.send({ type: 'context', contact });
    },
    dispose() {
      bridge.close();
      iframe.remove();
    },
  };
}

/** `<go2msg-thread>` elements written in the page get the connector and the host's proof from the script tag. */
function wireDeclaredPanels(): void {
  const script = [...document.querySelectorAll<HTMLScriptElement>('script[src]')].find((s) => s.src === import.meta.url);
  const host = script?.dataset.host;
  const proofUrl = script?.dataset.proofUrl;
  let proof: Promise<HostProof> | null = null;
  const wire = (panel: Go2msgThread) => {
    // Panels an adapter or the page already pointed at a connector are left alone.
    if (!panel.connectorUrl && !panel.getAttribute('connector-url')) panel.connectorUrl = DEFAULT_CONNECTOR_URL;
    if (host && proofUrl && !panel.hostProof && panel.connectorUrl === DEFAULT_CONNECTOR_URL) {
      proof ??= fetchHostProof({ host, proofUrl });
      void proof.then((p) => (panel.hostProof = p)).catch((error: unknown) => console.warn(String(error)));
    }
  };
  const scan = (root: ParentNode) => root.querySelectorAll<Go2msgThread>('go2msg-thread').forEach(wire);
  scan(document);
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        if (node.matches('go2msg-thread')) wire(node as Go2msgThread);
        else scan(node);
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
}

declare global {
  interface Window {
    go2msg?: { mount: typeof mount; frame: typeof frame; version: string };
  }
}

window.go2msg ??= { mount, frame, version: VERSION };
wireDeclaredPanels();
