/**
 * Inside PUBLIC_URL/adapters/embed/frame: the panel, told by the host page
 * which customer to show and who its user is, over the bridge. Only the
 * origin the connector checked against ALLOWED_ORIGINS is listened to.
 */
import { readBoot } from '../shared/boot';
import { PanelMount } from '../shared/panel-mount';
import { connectBridge } from './bridge';

const boot = readBoot();
const parentOrigin = boot.parentOrigin;
if (parentOrigin && (boot.allowedOrigins ?? []).includes(parentOrigin) && window.parent !== window) {
  const mount = new PanelMount(document.getElementById('go2msg-root')!, { connectorUrl: boot.connectorUrl });
  const bridge = connectBridge({
    self: window,
    peer: () => window.parent,
    peerOrigin: parentOrigin,
    onMessage: (message) => {
      if (message.type === 'context') mount.setContact(message.contact);
      if (message.type === 'host-proof') mount.setProof({ host: message.host, proof: message.proof });
    },
  });
  bridge.send({ type: 'ready' });
}
