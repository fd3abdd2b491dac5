/**
 * What each adapter reads from its host and does there, against stand-ins
 * for the hosts' clients: Zendesk's requester numbers, sidebar size and
 * internal note; Freshdesk's requester and contact; the number picker; the
 * postMessage bridge's origin and window checks.
 */
import { describe, expect, test } from 'vitest';
import { connectBridge, type BridgeMessage } from '../../adapters/embed/bridge';
import { mountFreshdesk } from '../../adapters/freshdesk/freshdesk-adapter';
import { mountZendesk, SIDEBAR_HEIGHT } from '../../adapters/zendesk/zendesk-adapter';
import { CONNECTOR, issuedToken } from '../widget/support/fake-connector';
import { until } from '../widget/support/harness';
import { useFakeConnector } from '../widget/support/setup';
import { sessionFor } from '../../widget/api/session';
import { FakeFreshworksClient, FakeZafClient } from './fakes';
import { SHEENA } from '../support/fixtures';

const holder = useFakeConnector();

function container(): HTMLElement {
  const div = document.createElement('div');
  div.style.height = '600px';
  document.body.append(div);
  return div;
}

const bar = (root: HTMLElement) => root.querySelector<HTMLElement>('.go2msg-bar')!;

describe('Zendesk', () => {
  test("reads the requester's phone identities and phone field, keeps a number without a country code for the connector to read, sizes the sidebar", async () => {
    const zaf = new FakeZafClient();
    zaf.requester = {
      id: 1,
      phone: '650-555-0000',
      identities: [
        { type: 'phone_number', value: '+1 650 555 1234' },
        { type: 'email', value: '+1 650 555 9999' },
        { type: 'phone_number', value: '+44 7700 900123' },
        { type: 'phone_number', value: 'ask at desk' },
      ],
    };
    const root = container();
    const adapter = await mountZendesk(root, zaf, { connectorUrl: CONNECTOR });
    // The national number goes to the connector as written; it reads it with DEFAULT_PHONE_COUNTRY.
    expect(adapter.context().numbers).toEqual([SHEENA, '+447700900123', '6505550000']);
    expect(bar(root).textContent).toContain('1 phone field holding no phone number is not shown.');
    expect(zaf.invoked).toContainEqual(['resize', { width: '100%', height: SIDEBAR_HEIGHT }]);
    // Two numbers: the agent picks the other one.
    const picker = root.querySelector('select')!;
    expect([...picker.options].map((o) => o.value)).toEqual([SHEENA, '+447700900123', '6505550000']);
    picker.value = '+447700900123';
    picker.dispatchEvent(new Event('change'));
    expect(adapter.panel.contact).toBe('+447700900123');
  });

  test('a requester with no usable number says so instead of showing a thread', async () => {
    const zaf = new FakeZafClient();
    zaf.requester = { id: 1, identities: [{ type: 'email', value: 'x@example.com' }] };
    const root = container();
    const adapter = await mountZendesk(root, zaf, { connectorUrl: CONNECTOR });
    expect(adapter.panel.contact).toBe('');
    expect(bar(root).textContent).toContain('This customer has no phone number');
  });

  test('the user sidebar reads the user, not a ticket, and offers no note', async () => {
    const zaf = new FakeZafClient();
    zaf.location = 'user_sidebar';
    const root = container();
    const adapter = await mountZendesk(root, zaf, { connectorUrl: CONNECTOR });
    expect(adapter.panel.contact).toBe('+442079460958');
    expect(root.querySelector('button')).toBeNull();
    expect(zaf.listeners()).toBe(0);
  });

  test('adds the conversation to the ticket as an internal note (a private comment), as the agent', async () => {
    holder.fake.messages.push(
      holder.fake.message({ direction: 'in', text: 'Where is my order?' }),
      holder.fake.message({ direction: 'out', status: 'read', text: 'It ships today.', sender: { teammateId: 7, name: 'Ana Souza' } }),
    );
    sessionFor(CONNECTOR).set(issuedToken());
    const zaf = new FakeZafClient();
    const root = container();
    await mountZendesk(root, zaf, { connectorUrl: CONNECTOR });
    root.querySelector<HTMLButtonElement>('.go2msg-bar button')!.click();
    await until(() => zaf.requests.length, 4000, 'the note');
    const [request] = zaf.requests;
    expect(request).toMatchObject({ url: '/api/v2/tickets/4821.json', type: 'PUT', contentType: 'application/json' });
    const comment = JSON.parse(request!.data!).ticket.comment;
    expect(comment.public).toBe(false);
    expect(comment.body).toMatch(
      /^WhatsApp conversation with Sheena Nelson \(\+16505551234\)\n\n.* · Sheena Nelson: Where is my order\?\n.* · Ana Souza: It ships today\.$/,
    );
    await until(() => bar(root).textContent?.includes('Added to ticket #4821 as an internal note.'));
  });

  test('on a new ticket the note goes into the comment being written, as an internal note', async () => {
    sessionFor(CONNECTOR).set(issuedToken());
    const zaf = new FakeZafClient();
    zaf.location = 'new_ticket_sidebar';
    const adapter = await mountZendesk(container(), zaf, { connectorUrl: CONNECTOR });
    expect(await adapter.addInternalNote()).toBe('Added to the note you are writing.');
    expect(zaf.sets).toEqual([['comment.type', 'internalNote']]);
    expect(zaf.invoked.find(([name]) => name === 'comment.appendText')?.[1]).toContain('WhatsApp conversation with');
    expect(zaf.requests).toEqual([]);
  });

  test('signed out, the note is not attempted and the agent is told to sign in', async () => {
    const zaf = new FakeZafClient();
    const adapter = await mountZendesk(container(), zaf, { connectorUrl: CONNECTOR });
    expect(await adapter.addInternalNote()).toBe('Sign in to the panel first.');
    expect(zaf.requests).toEqual([]);
  });
});

describe('Freshdesk', () => {
  test("the ticket sidebar reads the requester's mobile and phone, and sizes the app", async () => {
    const fresh = new FakeFreshworksClient();
    fresh.requester = { id: 1, phone: '+1 650 555 1234', mobile: '+1 650 555 7777' };
    const adapter = await mountFreshdesk(container(), fresh, { connectorUrl: CONNECTOR });
    expect(adapter.context().numbers).toEqual(['+16505557777', SHEENA]);
    expect(fresh.resized).toEqual([{ height: '640px' }]);
  });

  test('the contact sidebar reads the contact', async () => {
    const fresh = new FakeFreshworksClient();
    fresh.location = 'contact_sidebar';
    const adapter = await mountFreshdesk(container(), fresh, { connectorUrl: CONNECTOR });
    expect(adapter.panel.contact).toBe('+447700900123');
  });

  test('opened again after the requester changed, it shows the new one and keeps the agent’s choice when still there', async () => {
    const fresh = new FakeFreshworksClient();
    fresh.requester = { id: 1, phone: '+1 650 555 1234', mobile: '+1 650 555 7777' };
    const root = container();
    const adapter = await mountFreshdesk(root, fresh, { connectorUrl: CONNECTOR });
    const picker = root.querySelector('select')!;
    picker.value = SHEENA;
    picker.dispatchEvent(new Event('change'));
    fresh.requester = { id: 1, phone: '+1 650 555 1234', mobile: null };
    fresh.fire('app.activated');
    await until(() => adapter.context().numbers.length === 1);
    expect(adapter.panel.contact).toBe(SHEENA);
  });
});

describe('the postMessage bridge', () => {
  test('accepts only its namespace and version, from its peer window at its exact origin', async () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const other = document.createElement('iframe');
    document.body.append(other);
    const got: BridgeMessage[] = [];
    const bridge = connectBridge({ self: window, peer: () => frame.contentWindow, peerOrigin: 'https://connector.test', onMessage: (m) => got.push(m) });
    const deliver = (data: unknown, origin: string, source: Window | null) => window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
    const ours = { ns: 'go2msg', v: 1, type: 'context', contact: SHEENA };
    deliver(ours, 'https://evil.example', frame.contentWindow);
    deliver(ours, 'https://connector.test', other.contentWindow);
    deliver({ ...ours, v: 2 }, 'https://connector.test', frame.contentWindow);
    deliver({ ...ours, ns: 'other' }, 'https://connector.test', frame.contentWindow);
    deliver({ ns: 'go2msg', v: 1, type: 'context' }, 'https://connector.test', frame.contentWindow);
    deliver(ours, 'https://connector.test', frame.contentWindow);
    expect(got).toEqual([{ type: 'context', contact: SHEENA }]);
    bridge.close();
    deliver(ours, 'https://connector.test', frame.contentWindow);
    expect(got.length).toBe(1);
  });
});
