/**
 * Stand-ins for the helpdesks' own pages, on an origin of their own, for
 * test/e2e/hosts.test.ts: each frames the connector's page the way its host
 * does (Zendesk and Salesforce POST their signed token into the frame,
 * HubSpot opens a modal frame, Freshdesk runs the app's own page) and the
 * fake Zendesk answers the ZAF SDK's postMessage protocol as Zendesk does
 * (zendesk_app_framework_sdk lib/client.js: handshake → app.registered,
 * get/set/invoke by id, requests as request:N.done events, framework events
 * as zaf.<name>).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const chrome = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>
  body { margin: 0; font: 14px/1.45 system-ui, sans-serif; background: #f3f4f6; color: #1f2328; }
  header { height: 44px; display: flex; align-items: center; padding: 0 16px; color: #fff; background: var(--brand); font-weight: 600; gap: 16px; }
  .layout { display: grid; grid-template-columns: 1fr 380px; height: calc(100vh - 44px); }
  main { padding: 20px; overflow: auto; }
  aside { border-left: 1px solid #d8dde3; background: #fff; display: flex; flex-direction: column; }
  aside h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #68737d; margin: 10px 12px 4px; }
  iframe { border: 0; width: 100%; flex: 1; }
  .card { background: #fff; border: 1px solid #d8dde3; border-radius: 8px; padding: 14px; margin-bottom: 12px; max-width: 640px; }
  .muted { color: #68737d; font-size: 12px; }
</style></head><body>${body}</body></html>`;

export function zendeskPage(o: { connector: string; self: string; token: string }): string {
  const action = `${o.connector}/adapters/zendesk/app?${new URLSearchParams({ origin: o.self, app_guid: 'app-guid-1' })}`;
  return chrome(
    'Ticket #4821 – Zendesk',
    `<header style="--brand:#03363d">Zendesk Support <span class="muted" style="color:#c2c8cc">Ticket #4821 · Order delayed</span></header>
<div class="layout"><main>
  <div class="card"><strong>Maria Lopez</strong> <span class="muted">via WhatsApp · requester</span><p>Hi! My order #A-1093 has not arrived yet. Can you check?</p></div>
  <div class="card"><span class="muted">Internal notes added by the app appear in the ticket's conversation.</span><pre id="notes"></pre></div>
</main>
<aside><h2>Apps · go2msg WhatsApp</h2><iframe name="app" id="app" title="go2msg WhatsApp"></iframe></aside></div>
<form id="launch" method="post" target="app" action="${action}"><input type="hidden" name="token" value="${o.token}"></form>
<script>
  const CONNECTOR = ${JSON.stringify(new URL(o.connector).origin)};
  const zd = window.zd = {
    requester: { id: 501, name: 'Maria Lopez', identities: [{ type: 'email', value: 'maria@example.com' }, { type: 'phone_number', value: '+1 650 555 1234' }] },
    currentUser: { id: 9001, name: 'Ana Souza', email: 'ana@acme.example', role: 'agent' },
    invoked: [], sets: [], requests: [], subscribed: {}, height: null,
  };
  const frame = document.getElementById('app');
  window.addEventListener('message', (event) => {
    if (event.origin !== CONNECTOR || event.source !== frame.contentWindow) return;
    const msg = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
    const reply = (m) => event.source.postMessage(JSON.stringify(m), event.origin);
    const value = (path) => ({ 'ticket.requester': zd.requester, 'ticket.id': 4821, currentUser: zd.currentUser })[path];
    if (msg.key === 'iframe.handshake') {
      reply({ key: 'zaf.app.registered', message: { context: { product: 'support', location: 'ticket_sidebar', ticketId: 4821, instanceGuid: msg.appGuid, account: { subdomain: 'acme' } }, metadata: { appId: 1, installationId: 4242, name: 'go2msg WhatsApp', settings: {} } } });
    } else if (msg.request === 'get') {
      reply({ id: msg.id, result: Object.assign({ errors: {} }, ...msg.params.map((p) => ({ [p]: value(p) }))) });
    } else if (msg.request === 'invoke') {
      zd.invoked.push(msg.params);
      if (msg.params.resize) { zd.height = msg.params.resize[0].height; frame.style.flex = 'none'; frame.style.height = zd.height; }
      reply({ id: msg.id, result: { errors: {} } });
    } else if (msg.request === 'set') {
      zd.sets.push(msg.params);
      reply({ id: msg.id, result: { errors: {} } });
    } else if (/^iframe\\.on:/.test(msg.key || '')) {
      zd.subscribed[msg.key.slice('iframe.on:'.length)] = msg.message.subscriberCount;
    } else if (/^request:\\d+$/.test(msg.key || '')) {
      zd.requests.push(msg.message);
      document.getElementById('notes').textContent = JSON.parse(msg.message.data).ticket.comment.body;
      reply({ key: 'zaf.' + msg.key + '.done', message: { responseArgs: [{ ticket: { id: 4821 } }] } });
    }
  });
  window.zendeskFire = (name, data) => frame.contentWindow.postMessage(JSON.stringify({ key: 'zaf.' + name, message: data }), CONNECTOR);
  document.getElementById('launch').submit();
</script>`,
  );
}

export function canvasPage(o: { connector: string; signedRequest: string }): string {
  return chrome(
    'Maria Lopez | Contact | Salesforce',
    `<header style="--brand:#0176d3">Salesforce <span class="muted" style="color:#d8e6fe">Contact · Maria Lopez</span></header>
<div class="layout"><main><div class="card"><strong>Maria Lopez</strong><p class="muted">Phone (650) 555-1234 · Account: Acme Foods</p></div></main>
<aside><h2>Canvas · go2msg WhatsApp</h2><iframe name="canvas" title="go2msg WhatsApp"></iframe></aside></div>
<form id="canvas" method="post" target="canvas" action="${o.connector}/adapters/salesforce/canvas"><input type="hidden" name="signed_request" value="${o.signedRequest}"></form>
<script>document.getElementById('canvas').submit();</script>`,
  );
}

export function hubspotPage(o: { modalUrl: string }): string {
  return chrome(
    'Maria Lopez | HubSpot',
    `<header style="--brand:#2d3e50">HubSpot <span class="muted" style="color:#cbd6e2">Contacts · Maria Lopez</span></header>
<div class="layout"><main><div class="card"><strong>Maria Lopez</strong><p class="muted">Phone +1 650 555 1234</p></div></main>
<aside><h2>WhatsApp (modal)</h2><iframe title="go2msg WhatsApp" src="${o.modalUrl}"></iframe></aside></div>`,
  );
}

export function freshdeskPage(): string {
  return chrome(
    'Ticket #77 – Freshdesk',
    `<header style="--brand:#12344d">Freshdesk <span class="muted" style="color:#cfd7df">Ticket #77 · Refund request</span></header>
<div class="layout"><main><div class="card"><strong>Maria Lopez</strong><p>I would like a refund for order #A-1093.</p></div></main>
<aside><h2>Apps · go2msg WhatsApp</h2><iframe title="go2msg WhatsApp" src="/freshdesk-app/index.html"></iframe></aside></div>`,
  );
}

const FRESHDESK_APP = fileURLToPath(new URL('../../adapters/freshdesk/app/', import.meta.url));

/** The Freshworks app's own files, with Freshdesk's client replaced by a stand-in (its CLI and CDN cannot be reached here). */
export function freshdeskAppFile(path: string, connector: string): { type: string; body: string } | null {
  if (path === 'fake-fresh-client.js') {
    return {
      type: 'text/javascript',
      body: `window.app = { initialized: () => Promise.resolve({
  iparams: { get: async () => ({ connector_url: ${JSON.stringify(connector)} }) },
  data: { get: async (name) => ({ loggedInUser: { loggedInUser: { id: 7001, contact: { name: 'Ana Souza', email: 'ana@acme.example' } } }, requester: { requester: { id: 61, name: 'Maria Lopez', phone: '+1 650 555 1234', mobile: null } } })[name] },
  events: { on: () => {} },
  instance: { resize: () => {}, context: async () => ({ location: 'ticket_sidebar' }) },
}) };`,
    };
  }
  const allowed: Record<string, string> = {
    'index.html': 'text/html',
    'scripts/app.js': 'text/javascript',
    'styles/style.css': 'text/css',
    'styles/images/icon.svg': 'image/svg+xml',
  };
  if (!allowed[path]) return null;
  let body = readFileSync(`${FRESHDESK_APP}${path}`, 'utf8');
  if (path === 'index.html') body = body.replace('{{{appclient}}}', 'fake-fresh-client.js');
  return { type: allowed[path]!, body };
}
