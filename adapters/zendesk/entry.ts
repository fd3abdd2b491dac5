/**
 * The Zendesk app's script (PUBLIC_URL/widget/adapters/zendesk.js), loaded by
 * the connector's page /adapters/zendesk/app inside Zendesk's sidebar iframe.
 * The real ZAF SDK (npm zendesk_app_framework_sdk) talks to Zendesk: it reads
 * `origin` and `app_guid` from the page URL, which Zendesk adds.
 */
import ZAFClient from 'zendesk_app_framework_sdk';
import { readBoot } from '../shared/boot';
import { mountZendesk, type ZafClient } from './zendesk-adapter';

const boot = readBoot();
const root = document.getElementById('go2msg-root')!;
const client = ZAFClient.init() as ZafClient | false;
if (!client) {
  const p = document.createElement('p');
  p.className = 'go2msg-error';
  p.textContent = 'This page runs inside Zendesk: install the go2msg app (npm run package:zendesk) and open a ticket.';
  root.append(p);
} else {
  const notice = boot.notice ? `${boot.notice.message} ${boot.notice.action ?? ''}`.trim() : null;
  void mountZendesk(root, client, { connectorUrl: boot.connectorUrl, hostProof: boot.hostProof ?? null, notice });
}
