/**
 * Stand-ins for the hosts' client SDKs, holding a record the test changes and
 * firing the host's events: a ZAF client (the SDK's client API) and a
 * Freshworks client. The real ZAF SDK runs in test/e2e/hosts.test.ts.
 */
import type { FreshworksClient } from '../../adapters/freshdesk/freshdesk-adapter';
import type { ZafClient } from '../../adapters/zendesk/zendesk-adapter';

type Handler = (data: unknown) => void;

export class FakeZafClient implements ZafClient {
  location = 'ticket_sidebar';
  ticketId = 4821;
  requester: Record<string, unknown> = {
    id: 501,
    name: 'Maria Lopez',
    phone: null,
    identities: [
      { type: 'email', value: 'maria@example.com' },
      { type: 'phone_number', value: '+1 650 555 1234' },
    ],
  };
  user: Record<string, unknown> = { id: 502, name: 'Joe Doe', phone: '+44 20 7946 0958', identities: [] };
  currentUser = { id: 9001, name: 'Ana Souza', email: 'ana@acme.example', role: 'agent' };
  handlers = new Map<string, Handler[]>();
  invoked: Array<[string, ...unknown[]]> = [];
  sets: Array<[string, unknown]> = [];
  requests: Array<{ url: string; type?: string; contentType?: string; data?: string }> = [];

  async context() {
    return { location: this.location, ticketId: this.location === 'ticket_sidebar' ? this.ticketId : undefined };
  }
  async get(paths: string | string[]) {
    const values: Record<string, unknown> = {
      'ticket.requester': this.requester,
      'ticket.id': this.location === 'ticket_sidebar' ? this.ticketId : null,
      currentUser: this.currentUser,
      user: this.user,
    };
    return Object.fromEntries([...[paths].flat().map((p) => [p, values[p]]), ['errors', {}]]);
  }
  async set(key: string, value: unknown) {
    this.sets.push([key, value]);
    return {};
  }
  async invoke(name: string, ...args: unknown[]) {
    this.invoked.push([name, ...args]);
    return {};
  }
  on(event: string, handler: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
  }
  off(event: string, handler: Handler) {
    this.handlers.set(
      event,
      (this.handlers.get(event) ?? []).filter((h) => h !== handler),
    );
  }
  async request(options: { url: string; type?: string; contentType?: string; data?: string }) {
    this.requests.push(options);
    return {};
  }
  /** What Zendesk does when the agent changes the ticket's requester. */
  fire(event: string, data: unknown = null) {
    for (const h of this.handlers.get(event) ?? []) h(data);
  }
  listeners(): number {
    return [...this.handlers.values()].reduce((n, hs) => n + hs.length, 0);
  }
}

export class FakeFreshworksClient implements FreshworksClient {
  location = 'ticket_sidebar';
  requester: Record<string, unknown> = { id: 61, name: 'Maria Lopez', email: 'maria@example.com', phone: '+1 650 555 1234', mobile: null };
  contact: Record<string, unknown> = { id: 62, name: 'Joe Doe', phone: null, mobile: '+44 7700 900123' };
  loggedInUser = { id: 7001, contact: { name: 'Ana Souza', email: 'ana@acme.example' } };
  callbacks = new Map<string, Array<(e: unknown) => void>>();
  resized: Array<{ height: string }> = [];
  reads = 0;

  data = {
    get: async (name: string) => {
      this.reads += 1;
      const values: Record<string, unknown> = { requester: this.requester, contact: this.contact, loggedInUser: this.loggedInUser };
      return { [name]: values[name] };
    },
  };
  events = {
    on: (event: string, callback: (e: unknown) => void) => {
      this.callbacks.set(event, [...(this.callbacks.get(event) ?? []), callback]);
    },
  };
  instance = {
    resize: (size: { height: string }) => this.resized.push(size),
    context: async () => ({ location: this.location }),
  };
  fire(event: string) {
    for (const c of this.callbacks.get(event) ?? []) c({});
  }
}
