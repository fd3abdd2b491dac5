/**
 * The contract every host adapter keeps (adapters/contract.ts), one suite run
 * against each: it mounts the panel for the host's customer, follows the
 * host when the customer changes, hands the panel the host's proof of its
 * agent (or leaves sign-in to the popup when the host cannot vouch), and
 * leaves nothing behind, on the page or at the host, when disposed.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { HostAgent, HostProof, MountedAdapter } from '../../adapters/contract';
import { mount as mountEmbed } from '../../adapters/embed/embed';
import { mountFreshdesk } from '../../adapters/freshdesk/freshdesk-adapter';
import { mountHubspot, readLaunch } from '../../adapters/hubspot/modal';
import { mountCanvas } from '../../adapters/salesforce/canvas';
import { mountZendesk } from '../../adapters/zendesk/zendesk-adapter';
import { useFakeConnector } from '../widget/support/setup';
import { CONNECTOR } from '../widget/support/fake-connector';
import { until } from '../widget/support/harness';
import { FakeFreshworksClient, FakeZafClient } from './fakes';
import { SHEENA } from '../support/fixtures';

const FIRST = SHEENA;
const SECOND = '+447700900123';

interface Driver {
  mount(container: HTMLElement): Promise<MountedAdapter>;
  /** The host now shows another customer, whose number is SECOND. */
  changeContext(adapter: MountedAdapter): Promise<void>;
  proof: HostProof | null;
  agent: HostAgent | null;
  /** Listeners the adapter holds at the host (0 once disposed), or null when the host has none to hold. */
  hostListeners(): number | null;
  /** The host fires its change events after dispose: nothing may come back. */
  afterDispose(): void;
}

function drivers(): Record<string, () => Driver> {
  return {
    'script-tag embed': () => ({
      mount: async (container) =>
        mountEmbed(container, { contact: FIRST, connectorUrl: CONNECTOR, hostUser: { host: 'crm:crm.acme.example', proof: 'crm-signed-jwt-0123456789' } }),
      changeContext: async (adapter) => (adapter as ReturnType<typeof mountEmbed>).setContact(SECOND),
      proof: { host: 'crm:crm.acme.example', proof: 'crm-signed-jwt-0123456789' },
      agent: null,
      hostListeners: () => null,
      afterDispose: () => undefined,
    }),
    Zendesk: () => {
      const zaf = new FakeZafClient();
      return {
        mount: (container) =>
          mountZendesk(container, zaf, { connectorUrl: CONNECTOR, hostProof: { host: 'zendesk:acme.zendesk.com', proof: 'zendesk-signed-url-token' } }),
        changeContext: async () => {
          zaf.requester = { id: 777, name: 'Joe', identities: [{ type: 'phone_number', value: '+44 7700 900123' }] };
          zaf.fire('ticket.requester.id.changed', 777);
        },
        proof: { host: 'zendesk:acme.zendesk.com', proof: 'zendesk-signed-url-token' },
        agent: { id: '9001', name: 'Ana Souza', email: 'ana@acme.example' },
        hostListeners: () => zaf.listeners(),
        afterDispose: () => zaf.fire('ticket.requester.id.changed', 1),
      };
    },
    Freshdesk: () => {
      const fresh = new FakeFreshworksClient();
      return {
        mount: (container) => mountFreshdesk(container, fresh, { connectorUrl: CONNECTOR }),
        changeContext: async () => {
          fresh.requester = { id: 63, phone: null, mobile: '+44 7700 900123' };
          fresh.fire('ticket.propertiesUpdated');
        },
        proof: null,
        agent: { id: '7001', name: 'Ana Souza', email: 'ana@acme.example' },
        hostListeners: () => null,
        afterDispose: () => fresh.fire('ticket.propertiesUpdated'),
      };
    },
    'Salesforce Canvas': () => ({
      mount: async (container) =>
        mountCanvas(container, {
          connectorUrl: CONNECTOR,
          contact: '+1 (650) 555-1234',
          hostProof: { host: 'salesforce:acme.my.salesforce.com', proof: 'sig.context' },
          agent: { id: '005A', name: 'Ana Souza', email: 'ana@acme.example' },
        }),
      changeContext: async (adapter) => (adapter as ReturnType<typeof mountCanvas>).setRecord({ phone: SECOND }),
      proof: { host: 'salesforce:acme.my.salesforce.com', proof: 'sig.context' },
      agent: { id: '005A', name: 'Ana Souza', email: 'ana@acme.example' },
      hostListeners: () => null,
      afterDispose: () => undefined,
    }),
    'HubSpot modal': () => ({
      mount: async (container) =>
        mountHubspot(container, CONNECTOR, readLaunch(`#launch=launch-token-0123456789&host=hubspot%3A24681357&contact=${encodeURIComponent(FIRST)}`)),
      changeContext: async (adapter) =>
        (adapter as ReturnType<typeof mountHubspot>).launch(
          readLaunch(`#launch=launch-token-0123456789&host=hubspot%3A24681357&contact=${encodeURIComponent(SECOND)}`),
        ),
      proof: { host: 'hubspot:24681357', proof: 'launch-token-0123456789' },
      agent: null,
      hostListeners: () => null,
      afterDispose: () => undefined,
    }),
  };
}

const holder = useFakeConnector();

for (const [name, make] of Object.entries(drivers())) {
  describe(`${name} keeps the adapter contract`, () => {
    let container: HTMLElement;
    let driver: Driver;
    beforeEach(() => {
      container = document.createElement('div');
      container.style.height = '600px';
      document.body.append(container);
      driver = make();
    });
    afterEach(() => container.remove());

    test('mount: one panel, on the connector, for the host’s customer', async () => {
      const adapter = await driver.mount(container);
      const panels = container.querySelectorAll('go2msg-thread');
      expect(panels.length).toBe(1);
      expect(panels[0]).toBe(adapter.panel);
      expect(adapter.panel.connectorUrl).toBe(CONNECTOR);
      expect(adapter.panel.contact).toBe(FIRST);
      expect(adapter.context().contact).toBe(FIRST);
    });

    test('context change: the same panel follows the host to the next customer', async () => {
      const adapter = await driver.mount(container);
      await driver.changeContext(adapter);
      await until(() => adapter.panel.contact === SECOND, 4000, 'the new customer');
      expect(adapter.context().contact).toBe(SECOND);
      expect(container.querySelectorAll('go2msg-thread').length).toBe(1);
    });

    test('identity: the host’s proof signs the panel in; a host that cannot vouch leaves the popup', async () => {
      const adapter = await driver.mount(container);
      expect(adapter.proof()).toEqual(driver.proof);
      expect(adapter.context().agent).toEqual(driver.agent);
      if (driver.proof) {
        await until(() => holder.fake.authCalls.find((c) => c.path === '/auth/host-session'), 4000, 'the host sign-in');
        expect(holder.fake.authCalls.filter((c) => c.path === '/auth/host-session').map((c) => c.body)).toEqual([driver.proof]);
        await until(() => adapter.panel.shadowRoot?.querySelector('.account')?.textContent?.includes('Ana Souza'), 4000, 'signed in');
      } else {
        const signIn = await until(
          () => [...(adapter.panel.shadowRoot?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === 'Sign in'),
          4000,
          'the sign-in button',
        );
        expect(signIn).toBeTruthy();
        expect(holder.fake.authCalls).toEqual([]);
      }
    });

    test('dispose: the panel and the adapter’s listeners are gone, and host events no longer reach it', async () => {
      const adapter = await driver.mount(container);
      const before = driver.hostListeners();
      if (before !== null) expect(before).toBeGreaterThan(0);
      adapter.dispose();
      expect(container.children.length).toBe(0);
      expect(adapter.panel.isConnected).toBe(false);
      if (before !== null) expect(driver.hostListeners()).toBe(0);
      driver.afterDispose();
      // What a host event starts runs on promises (the fake hosts answer at once): one task later, all of it has run.
      await new Promise((r) => setTimeout(r, 0));
      expect(container.children.length).toBe(0);
    });
  });
}
