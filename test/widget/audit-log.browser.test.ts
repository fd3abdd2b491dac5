/**
 * <go2msg-audit-log> in real Chromium, against the in-page fake connector:
 * the admin gate and sign-in it shares with the other admin elements (renewal,
 * the popup through the page's session), filters, pages, export.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { AuditRowView } from '@domain/audit';
import { sessionFor } from '../../widget/api/session';
import { CONNECTOR, FakeConnector, issuedToken } from './support/fake-connector';
import { signInPanelSession, signOutPanelSession, until } from './support/panel';
import { LUCAS, SHEENA } from '../support/fixtures';

const TAG = 'go2msg-audit-log';
let fake: FakeConnector;
let auditQueries: URLSearchParams[];
let linkRequests: unknown[];
let failAudit: boolean;
const realOpen = window.open;
const ADMIN = { id: 9, name: 'Alex Morgan', email: null, role: 'admin', signature: null } as const;

function row(id: number, partial: Partial<AuditRowView> = {}): AuditRowView {
  return {
    id,
    at: Date.UTC(2026, 10, 25, 12, 0, id),
    action: 'message.send',
    teammate: { id: 7, name: 'Ana Souza', email: 'ana@acme.example' },
    host: null,
    hostUserId: null,
    channel: 'whatsapp',
    contact: { id: 1, phone: SHEENA, userId: null, name: 'Sheena Nelson' },
    messageId: 100 + id,
    windowState: 'open',
    template: null,
    content: { sha256: 'ab'.repeat(32), bytes: 42 },
    contentDeleted: null,
    providerMessageId: `wamid.${id}`,
    status: null,
    details: null,
    prevHash: '0'.repeat(64),
    hash: 'cd'.repeat(32),
    ...partial,
  };
}

const ROWS = [
  row(5, { action: 'message.status', status: 'failed', details: { failure: { code: 21610 } }, channel: 'sms' }),
  row(4, { template: { name: 'hello_world', category: 'UTILITY' }, contentDeleted: { at: Date.now(), afterDays: 30 } }),
  row(3, { contact: { id: 2, phone: LUCAS, userId: null, name: '<img src=x onerror="window.pwned=1">' } }),
  row(2, { action: 'teammate.sign_in', teammate: { id: 9, name: 'Alex Morgan', email: null }, channel: null, contact: null, content: null, messageId: null }),
  row(1, { host: 'acme.zendesk.com', hostUserId: '123' }),
];

function signInAs(role: 'admin' | 'agent'): void {
  if (role === 'agent') return signInPanelSession('Ana Souza');
  sessionFor(CONNECTOR).set(issuedToken({ accessToken: 'admin-token-0123456789abcdef', teammate: ADMIN }));
}

/** Puts <go2msg-audit-log> on the page; resolves once its code has loaded and the real element is inside. */
async function mount(): Promise<HTMLElement> {
  const element = document.createElement(TAG);
  element.setAttribute('connector-url', CONNECTOR);
  document.body.append(element);
  await until(() => customElements.get(TAG) && element.shadowRoot);
  return element;
}

const root = (el: HTMLElement) => el.shadowRoot!;
const rowIds = (el: HTMLElement) => [...root(el).querySelectorAll<HTMLTableRowElement>('tbody tr')].map((r) => Number(r.dataset.id));

beforeEach(() => {
  fake = new FakeConnector().install();
  auditQueries = [];
  linkRequests = [];
  failAudit = false;
  fake.routes.push(async (request, path) => {
    if (!request.headers.get('authorization')) return null;
    const url = new URL(request.url);
    if (path === '/api/audit/facets')
      return fake.json(200, {
        teammates: [
          { id: 7, name: 'Ana Souza', email: 'ana@acme.example' },
          { id: 9, name: 'Alex Morgan', email: null },
        ],
        actions: ['message.send', 'message.status', 'teammate.sign_in'],
        channels: ['whatsapp', 'sms'],
      });
    if (path === '/api/audit') {
      auditQueries.push(url.searchParams);
      if (failAudit) return fake.json(503, { error: { code: 'INTERNAL', message: 'Something went wrong on the connector.', action: 'Try again.' } });
      // Two rows a page, newest first, by keyset.
      const before = Number(url.searchParams.get('before') ?? Infinity);
      const rest = ROWS.filter((r) => r.id < before);
      const data = rest.slice(0, 2);
      return fake.json(200, { data, next: rest.length > 2 ? String(data.at(-1)!.id) : null });
    }
    if (path === '/api/audit/export-links' && request.method === 'POST') {
      linkRequests.push(await request.json());
      return fake.json(201, { url: `${CONNECTOR}/audit/download?token=signed.token`, expiresAt: Date.now() + 60_000 });
    }
    return null;
  });
});

afterEach(() => {
  window.open = realOpen;
  document.body.innerHTML = '';
  signOutPanelSession();
  sessionFor(CONNECTOR).pendingLink = null;
  fake.uninstall();
});

describe('<go2msg-audit-log>', () => {
  test('loads its code only once a page uses the tag', async () => {
    expect(customElements.get(TAG)).toBeUndefined();
    const element = await mount();
    expect(customElements.get(TAG)).toBeDefined();
    expect((element as HTMLElement & { connectorUrl: string }).connectorUrl).toBe(CONNECTOR);
  });

  test('asks to sign in, and shows nothing of the trail before', async () => {
    const element = await mount();
    const button = await until(() => root(element).querySelector('button.primary'));
    expect(button.textContent).toBe('Sign in');
    expect(auditQueries).toEqual([]);
  });

  test('says why sign-in did not start when the browser blocks the popup', async () => {
    window.open = (() => null) as typeof window.open;
    const element = await mount();
    (await until(() => root(element).querySelector<HTMLButtonElement>('button.primary'))).click();
    const alert = await until(() => root(element).querySelector('[role=alert]'));
    expect(alert.textContent).toContain('The sign-in window was blocked. Allow pop-ups for this page and try again.');
    expect(auditQueries).toEqual([]);
  });

  test("signs in through the page's session, so a helpdesk user waiting to be linked is linked", async () => {
    // A host vouched for a user the connector does not know yet: the next SSO sign-in links it.
    sessionFor(CONNECTOR).pendingLink = {
      host: 'acme.zendesk.com',
      hostUserId: '123',
      linkTicket: 'link-ticket-0123456789abcdef',
      expiresAt: Date.now() + 600_000,
      label: 'Zendesk',
    };
    const popup = document.createElement('iframe');
    document.body.append(popup);
    window.open = (() => popup.contentWindow) as typeof window.open;
    fake.nextToken = { teammate: ADMIN };
    const element = await mount();
    (await until(() => root(element).querySelector<HTMLButtonElement>('button.primary'))).click();
    // The provider cut the popup's link (it looks closed): the element asks for the code the popup shows.
    popup.remove();
    fake.attempt = 'confirm';
    const code = await until(() => root(element).querySelector<HTMLInputElement>('#signin-code'));
    code.value = fake.confirmationCode;
    code.form!.requestSubmit();
    await until(() => rowIds(element).length === 2, 5_000);
    const polls = fake.authCalls.filter((c) => c.path.startsWith('/auth/attempts/'));
    expect(polls[0]!.body.linkTicket).toBe('link-ticket-0123456789abcdef');
    expect(sessionFor(CONNECTOR).teammate?.name).toBe('Alex Morgan');
  });

  test('renews an ended token and repeats the call, like the other admin elements', async () => {
    signInAs('admin');
    // The connector no longer takes the admin's bearer token (a laptop that slept past its renewal).
    const sent: string[] = [];
    fake.routes.unshift((request, path) => {
      if (!path.startsWith('/api/audit')) return null;
      const bearer = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
      sent.push(bearer);
      return fake.validTokens.has(bearer) ? null : fake.json(401, { error: { code: 'UNAUTHENTICATED', message: 'Not signed in.', action: 'Sign in again.' } });
    });
    fake.nextToken = { teammate: ADMIN };
    const element = await mount();
    await until(() => rowIds(element).length === 2);
    expect(fake.authCalls.some((c) => c.path === '/auth/refresh')).toBe(true);
    expect(sent[0]).toBe('admin-token-0123456789abcdef');
    expect(fake.validTokens.has(sent.at(-1)!)).toBe(true);
    expect(sessionFor(CONNECTOR).token).toBe(sent.at(-1));
    expect(root(element).querySelector('[role=alert]')).toBeNull();
  });

  test('tells an agent that only admins see the trail, without asking the connector', async () => {
    signInAs('agent');
    const element = await mount();
    const note = await until(() => root(element).querySelector('[role=status]'));
    expect(note.textContent).toMatch(/Only admins/);
    expect(auditQueries).toEqual([]);
  });

  test("shows an admin the newest rows: teammate, channel, contact, template, status with the provider's code, digest, deleted content, host", async () => {
    signInAs('admin');
    const element = await mount();
    await until(() => rowIds(element).length === 2);
    expect(rowIds(element)).toEqual([5, 4]);
    const [failed, template] = [...root(element).querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent!.trim()));
    expect(failed![1]).toBe('message.status');
    expect(failed![2]).toBe('Ana Souza');
    expect(failed![3]).toBe('SMS');
    expect(failed![4]).toBe('Sheena Nelson · +16505551234');
    expect(failed![7]).toBe('failed (21610)');
    expect(template![6]).toBe('hello_world · UTILITY');
    expect(template![8]).toContain('SHA-256 abababab…abab · 42 bytes');
    expect(template![8]).toContain('content deleted after 30 days');
  });

  test('applies the filters it is given: teammate, contact, channel, action and whole days', async () => {
    signInAs('admin');
    const element = await mount();
    await until(() => rowIds(element).length === 2);
    const set = (selector: string, value: string, event: 'input' | 'change') => {
      const input = root(element).querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
      input.value = value;
      input.dispatchEvent(new Event(event));
    };
    await until(() => root(element).querySelectorAll('select[name=teammate] option').length === 3);
    set('select[name=teammate]', '7', 'change');
    set('input[name=contact]', SHEENA, 'input');
    set('select[name=channel]', 'sms', 'change');
    set('select[name=action]', 'message.send', 'change');
    set('input[name=from]', '2026-11-01', 'input');
    set('input[name=to]', '2026-11-25', 'input');
    root(element).querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    await until(() => auditQueries.length === 2);
    const query = Object.fromEntries(auditQueries[1]!);
    expect(query).toEqual({
      teammate: '7',
      contact: SHEENA,
      channel: 'sms',
      action: 'message.send',
      from: String(new Date(2026, 10, 1).getTime()),
      to: String(new Date(2026, 10, 26).getTime()),
    });
  });

  test('pages older and newer by the cursor the connector gave', async () => {
    signInAs('admin');
    const element = await mount();
    await until(() => rowIds(element).length === 2);
    const button = (label: string) => [...root(element).querySelectorAll<HTMLButtonElement>('.bar button')].find((b) => b.textContent === label)!;
    expect(button('Newer').disabled).toBe(true);
    button('Older').click();
    await until(() => rowIds(element)[0] === 3);
    expect(auditQueries.at(-1)!.get('before')).toBe('4');
    expect(root(element).querySelector('.page')!.textContent).toBe('Page 2');
    button('Older').click();
    await until(() => rowIds(element)[0] === 1);
    expect(button('Older').disabled).toBe(true);
    button('Newer').click();
    await until(() => rowIds(element)[0] === 3);
    expect(auditQueries.at(-1)!.get('before')).toBe('4');
  });

  test('exports through a signed link with the filters applied, announcing it first', async () => {
    signInAs('admin');
    const element = await mount();
    await until(() => rowIds(element).length === 2);
    const channel = root(element).querySelector<HTMLSelectElement>('select[name=channel]')!;
    channel.value = 'whatsapp';
    channel.dispatchEvent(new Event('change'));
    root(element).querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    await until(() => auditQueries.length === 2);
    const announced = new Promise<CustomEvent>((resolve) =>
      element.addEventListener('go2msg-export', (e) => {
        e.preventDefault();
        resolve(e as CustomEvent);
      }),
    );
    root(element).querySelector<HTMLButtonElement>('button.export[data-format=jsonl]')!.click();
    const event = await announced;
    expect(linkRequests).toEqual([{ format: 'jsonl', filters: { channel: 'whatsapp' } }]);
    expect(event.detail).toEqual({ format: 'jsonl', url: `${CONNECTOR}/audit/download?token=signed.token` });
  });

  test('says what went wrong when the connector fails', async () => {
    signInAs('admin');
    failAudit = true;
    const element = await mount();
    const error = await until(() => root(element).querySelector('[role=alert]'));
    expect(error.textContent).toContain('Something went wrong on the connector.');
  });

  test('renders names from customers as text, never as HTML', async () => {
    signInAs('admin');
    const element = await mount();
    await until(() => rowIds(element).length === 2);
    [...root(element).querySelectorAll<HTMLButtonElement>('.bar button')].find((b) => b.textContent === 'Older')!.click();
    await until(() => rowIds(element)[0] === 3);
    expect(root(element).querySelector('tbody img')).toBeNull();
    expect(root(element).querySelector('tbody tr')!.textContent).toContain('<img src=x onerror="window.pwned=1">');
    expect((window as { pwned?: number }).pwned).toBeUndefined();
  });
});
