/**
 * The panel's sign-in in real Chromium: the popup's message accepted only from
 * the connector's exact origin and its own popup window, the polling fallback
 * when a provider cuts the popup's link, silent renewal, the disabled state,
 * sign-out through the provider, and sign-in vouched for by the host.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { ERROR_CODES } from '@domain/errors';
import { sessionFor, signInWithHostProof } from '../../widget/api/session';
import { POLL_INTERVAL_MS } from '../../widget/api/sign-in';
import * as es from '../../widget/i18n/errors/es';
import { CONNECTOR, FakeConnector, FIRST_TOKEN, issuedToken } from './support/fake-connector';
import { mountPanel, q, qa, signOutPanelSession, until } from './support/panel';
import { SHEENA } from '../support/fixtures';

let fake: FakeConnector;
const realOpen = window.open;
let opened: Array<{ url: string | URL | undefined; target: string | undefined }>;
let frames: HTMLIFrameElement[];

/** window.open gives a real window (an iframe's), so messages can name it as their source. */
function stubPopups(): void {
  opened = [];
  frames = [];
  window.open = ((url?: string | URL, target?: string) => {
    opened.push({ url, target });
    const frame = document.createElement('iframe');
    document.body.append(frame);
    frames.push(frame);
    return frame.contentWindow;
  }) as typeof window.open;
}

beforeEach(() => {
  fake = new FakeConnector().install();
  stubPopups();
});

afterEach(() => {
  window.open = realOpen;
  document.body.innerHTML = '';
  signOutPanelSession();
  sessionFor(CONNECTOR).pendingLink = null;
  sessionFor(CONNECTOR).signedOutHere = false;
  fake.uninstall();
});

const signInButton = (panel: Element) => q<HTMLButtonElement>(panel, '.signin button');
const account = (panel: Element) => q(panel, '.account')?.textContent ?? '';
const attemptCalls = () => fake.authCalls.filter((c) => c.path.startsWith('/auth/attempts/'));

/** Clicks Sign in and waits for the panel's first poll, which names the attempt. */
async function startSignIn(panel: Element): Promise<{ popup: Window; attempt: string }> {
  signInButton(panel)!.click();
  await until(() => attemptCalls().length > 0);
  return { popup: frames[0]!.contentWindow!, attempt: attemptCalls()[0]!.path.split('/').pop()! };
}

function post(data: unknown, origin: string, source: Window | null): void {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
}

describe('popup sign-in', () => {
  test('accepts the code only from the connector origin, from its own popup, for its own attempt', async () => {
    const panel = await mountPanel();
    const { popup, attempt } = await startSignIn(panel);
    const message = { type: 'go2msg:sign-in', version: 1, attempt, code: 'one-time-code' };
    // The messages to refuse carry another code: had one been taken, its redemption would come first.
    const refused = { ...message, code: 'code-from-a-stranger' };
    const stranger = document.createElement('iframe');
    document.body.append(stranger);

    post(refused, 'https://evil.example', popup);
    post(refused, CONNECTOR, stranger.contentWindow);
    post(refused, CONNECTOR, window);
    post({ ...refused, attempt: 'another-attempt' }, CONNECTOR, popup);
    expect(account(panel)).toBe('');

    // The good message is the marker: redemptions run one at a time, in the order the messages came.
    post(message, CONNECTOR, popup);
    await until(() => account(panel).includes('Signed in as Ana Souza'));
    const redeems = fake.authCalls.filter((c) => c.path === '/auth/token');
    expect(redeems.filter((c) => c.body.code !== 'one-time-code')).toEqual([]);
    expect(redeems).toHaveLength(1);
    const redeem = redeems[0]!;
    expect(redeem.body).toMatchObject({ attempt, code: 'one-time-code', verifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(redeem.body).not.toHaveProperty('linkTicket');
    expect(String(opened[0]!.url)).toBe('');
    // The token lives in memory only.
    expect([localStorage.length, sessionStorage.length]).toEqual([0, 0]);
  });

  test('shows the reason the popup reports, and never redeems', async () => {
    const panel = await mountPanel();
    const { popup, attempt } = await startSignIn(panel);
    post(
      {
        type: 'go2msg:sign-in-error',
        version: 1,
        attempt,
        error: { code: 'EMAIL_NOT_VERIFIED', message: ERROR_CODES.EMAIL_NOT_VERIFIED.message, action: ERROR_CODES.EMAIL_NOT_VERIFIED.action },
      },
      CONNECTOR,
      popup,
    );
    const error = await until(() => q(panel, '.signin .error'));
    expect(error.textContent).toContain(`${ERROR_CODES.EMAIL_NOT_VERIFIED.message} ${ERROR_CODES.EMAIL_NOT_VERIFIED.action}`);
    expect(signInButton(panel)!.textContent).toBe('Sign in');
  });

  test("words the reason in the panel's language (Spanish here), from its code", async () => {
    const panel = await mountPanel();
    panel.setAttribute('lang', 'es');
    await until(() => signInButton(panel)?.textContent === 'Iniciar sesión');
    const { popup, attempt } = await startSignIn(panel);
    post(
      {
        type: 'go2msg:sign-in-error',
        version: 1,
        attempt,
        error: { code: 'EMAIL_NOT_VERIFIED', message: ERROR_CODES.EMAIL_NOT_VERIFIED.message, action: ERROR_CODES.EMAIL_NOT_VERIFIED.action },
      },
      CONNECTOR,
      popup,
    );
    await until(() => q(panel, '.signin .error')?.textContent === `${es.texts.EMAIL_NOT_VERIFIED.message} ${es.texts.EMAIL_NOT_VERIFIED.action}`);
  });

  test('with its link to the popup intact the panel never asks for a code, though SSO is done', async () => {
    const panel = await mountPanel();
    const { popup, attempt } = await startSignIn(panel);
    fake.attempt = 'confirm';
    const polls = attemptCalls().length;
    await until(() => attemptCalls().length > polls + 1);
    expect(q(panel, '#signin-code')).toBeNull();
    post({ type: 'go2msg:sign-in', version: 1, attempt, code: 'one-time-code' }, CONNECTOR, popup);
    await until(() => account(panel).includes('Signed in as Ana Souza'));
    expect(attemptCalls().some((c) => 'confirmationCode' in c.body)).toBe(false);
  });
});

describe("when the provider cuts the popup's link to the panel", () => {
  /** Signs in until the panel asks for the code (the popup looks closed, as after Cross-Origin-Opener-Policy). */
  async function askedForCode(panel: Element): Promise<HTMLInputElement> {
    await startSignIn(panel);
    frames[0]!.remove();
    await until(() => q(panel, '.signin [role="status"]')?.textContent === 'Finish signing in in the other window…');
    expect(q(panel, '.signin button')!.textContent).toBe('Cancel');
    fake.attempt = 'confirm';
    return until(() => q<HTMLInputElement>(panel, '#signin-code'));
  }
  const typedCodes = () =>
    attemptCalls()
      .filter((c) => 'confirmationCode' in c.body)
      .map((c) => c.body.confirmationCode);

  test('the panel asks for the code the popup shows, with focus in the field, and signs in from the keyboard alone', async () => {
    const panel = await mountPanel();
    const input = await askedForCode(panel);
    expect(q(panel, '#code-prompt')!.textContent).toBe('Your sign-in window shows a 6-digit code. Type it here to finish signing in.');
    expect(q(panel, 'label[for="signin-code"]')!.textContent).toBe('Code from the sign-in window');
    expect(input.getAttribute('aria-describedby')).toBe('code-prompt');
    expect(input.autocomplete).toBe('one-time-code');
    await until(() => panel.shadowRoot!.activeElement === input);
    await userEvent.keyboard('123 456{Enter}');
    await until(() => account(panel).includes('Signed in as Ana Souza'));
    expect(typedCodes()).toEqual(['123456']);
    // Polls and the code all prove the same verifier; no message came, so nothing was redeemed at /auth/token.
    expect(new Set(attemptCalls().map((c) => c.body.verifier)).size).toBe(1);
    expect(fake.authCalls.some((c) => c.path === '/auth/token')).toBe(false);
  });

  test('a wrong code says so with the tries left and keeps focus on the field, the code selected; the third wrong one ends the sign-in and Sign in takes the focus', async () => {
    const panel = await mountPanel();
    const input = await askedForCode(panel);
    await until(() => panel.shadowRoot!.activeElement === input);
    await userEvent.keyboard('000000{Enter}');
    const error = await until(() => q(panel, '#code-error'));
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('That is not the code your sign-in window shows.');
    expect(error.textContent).toContain('Tries left: 2.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('code-prompt code-error');
    await until(() => input.selectionStart === 0 && input.selectionEnd === 6);
    expect(panel.shadowRoot!.activeElement).toBe(input);
    await userEvent.keyboard('111111{Enter}');
    await until(() => q(panel, '#code-error')?.textContent?.includes('Tries left: 1.'));
    await userEvent.keyboard('222222{Enter}');
    const ended = await until(() => q(panel, '.signin > .error'));
    expect(ended.textContent).toContain('This sign-in can no longer be finished');
    expect(ended.textContent).toContain('Click Sign in to start again.');
    expect(typedCodes()).toEqual(['000000', '111111', '222222']);
    await until(() => panel.shadowRoot!.activeElement === signInButton(panel));
  });

  test('something that cannot be a code is refused in the panel and uses none of the tries', async () => {
    const panel = await mountPanel();
    const input = await askedForCode(panel);
    await until(() => panel.shadowRoot!.activeElement === input);
    await userEvent.keyboard('12345{Enter}');
    const error = await until(() => q(panel, '#code-error'));
    expect(error.textContent).toContain('Type the 6 digits the sign-in window shows.');
    expect(typedCodes()).toEqual([]);
  });

  test('Cancel while asking for the code ends the sign-in, and Sign in takes the focus', async () => {
    const panel = await mountPanel();
    await askedForCode(panel);
    [...qa<HTMLButtonElement>(panel, '.code-entry button')].find((b) => b.textContent === 'Cancel')!.click();
    await until(() => signInButton(panel)?.textContent === 'Sign in');
    await until(() => panel.shadowRoot!.activeElement === signInButton(panel));
    expect(q(panel, '#signin-code')).toBeNull();
  });

  test('a refusal reaches a polling panel with its reason and what to do', async () => {
    const panel = await mountPanel();
    await startSignIn(panel);
    frames[0]!.remove();
    fake.attempt = { status: 403, code: 'TEAMMATE_DISABLED', message: 'Your go2msg account has been disabled.', action: 'Ask an admin to enable it again.' };
    const error = await until(() => q(panel, '.signin .error'));
    expect(error.textContent).toContain('Your go2msg account has been disabled. Ask an admin to enable it again.');
  });

  test('Cancel stops waiting and polling', async () => {
    // The poll's interval runs on fake time that the test moves on, so "no poll after Cancel"
    // holds for a whole minute of it however slow the machine (and takes no real second).
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const nextPoll = () => vi.advanceTimersByTime(POLL_INTERVAL_MS);
      const panel = await mountPanel();
      signInButton(panel)!.click();
      await until(() => (nextPoll(), attemptCalls().length > 0));
      frames[0]!.remove();
      const cancel = await until(() => (nextPoll(), q(panel, '.signin [role="status"]') && q<HTMLButtonElement>(panel, '.signin button')));
      cancel.click();
      await until(() => signInButton(panel)?.textContent === 'Sign in');
      const started = () => fake.started.filter((r) => r.path.startsWith('/auth/attempts/')).length;
      await until(() => attemptCalls().length === started());
      const [polls, pollsStarted] = [attemptCalls().length, started()];
      // Sixty intervals; a poll would start within the microtasks after its tick, which this flushes.
      await vi.advanceTimersByTimeAsync(60 * POLL_INTERVAL_MS);
      expect(started()).toBe(pollsStarted);
      expect(attemptCalls().length).toBe(polls);
      expect(q(panel, '.signin .error')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('focus when the sign-in popup closes', () => {
  test('signed in: focus moves to the reply box of the thread', async () => {
    fake.contact.lastInboundAt = fake.serverNow;
    const panel = await mountPanel();
    const { popup, attempt } = await startSignIn(panel);
    post({ type: 'go2msg:sign-in', version: 1, attempt, code: 'one-time-code' }, CONNECTOR, popup);
    await until(() => account(panel).includes('Signed in as Ana Souza'));
    await until(() => panel.shadowRoot!.activeElement?.id === 'draft');
  });

  test('refused: Sign in has the focus again, under the reason', async () => {
    const panel = await mountPanel();
    const { popup, attempt } = await startSignIn(panel);
    post(
      {
        type: 'go2msg:sign-in-error',
        version: 1,
        attempt,
        error: { code: 'TEAMMATE_DISABLED', message: 'Your go2msg account has been disabled.', action: 'Ask an admin to enable it again.' },
      },
      CONNECTOR,
      popup,
    );
    await until(() => q(panel, '.signin .error'));
    await until(() => panel.shadowRoot!.activeElement === signInButton(panel));
  });
});

describe('signing out so a teammate can sign in', () => {
  /** A popup the test can read the address of (the panel navigates it to /auth/popup). */
  function capturePopup(): { location: { href: string }; closed: boolean; close(): void } {
    const popup = { location: { href: '' }, closed: false, close() {} };
    window.open = ((url?: string | URL, target?: string) => {
      opened.push({ url, target });
      return popup;
    }) as unknown as typeof window.open;
    return popup;
  }

  test('the connector ending the live stream during Sign out does not turn it into "your session ended"', async () => {
    sessionFor(CONNECTOR).set(issuedToken({ accessToken: FIRST_TOKEN, refreshToken: 'refresh-token-of-the-signed-out-0123' }));
    fake.contact.lastInboundAt = fake.serverNow;
    const panel = await mountPanel();
    await until(() => fake.streamRequests.length > 0 && q(panel, '#draft'));
    // As the connector does: the session ends, its streams say so, and the panel's renewal is refused — after the sign-out.
    let release = () => {};
    fake.refreshHeld = new Promise<void>((r) => (release = r));
    fake.refreshFails = { status: 401, code: 'UNAUTHENTICATED', message: 'Not signed in.', action: 'Sign in again.' };
    fake.duringLogout = async () => {
      fake.signOutStreams('UNAUTHENTICATED');
      await until(() => fake.authCalls.some((c) => c.path === '/auth/refresh'));
    };
    // The renewal's refusal, once the panel has it (its handling runs in the same turn).
    const session = sessionFor(CONNECTOR);
    const refresh = session.client.refresh.bind(session.client);
    let refused: Promise<unknown> | null = null;
    session.client.refresh = (token: string) => {
      const answer = refresh(token);
      refused = answer.catch(() => undefined);
      return answer;
    };
    [...qa<HTMLButtonElement>(panel, '.account button')].find((b) => b.textContent === 'Sign out')!.click();
    await until(() => q(panel, '.signin .switching'));
    release();
    await until(() => refused);
    await new Promise((r) => setTimeout(r, 0));
    await panel.updateComplete;
    session.client.refresh = refresh;
    expect(session.reason).toBeNull();
    expect(q(panel, '.signin .error')).toBeNull();
    expect(q(panel, '.signin .switching')).not.toBeNull();
  });

  test('a first sign-in lets the provider sign the teammate in as it knows them', async () => {
    const popup = capturePopup();
    const panel = await mountPanel();
    signInButton(panel)!.click();
    await until(() => popup.location.href.includes('/auth/popup?'));
    expect(new URL(popup.location.href).searchParams.has('account')).toBe(false);
    expect(q(panel, '.switching')).toBeNull();
  });

  test('after Sign out the panel says the next sign-in asks who, Sign in has the focus, and that sign-in asks the provider to let the person choose', async () => {
    sessionFor(CONNECTOR).set(issuedToken({ accessToken: FIRST_TOKEN }));
    const panel = await mountPanel();
    const signOut = await until(() => [...qa<HTMLButtonElement>(panel, '.account button')].find((b) => b.textContent === 'Sign out'));
    signOut.click();
    const said = await until(() => q(panel, '.signin .switching'));
    expect(said.textContent).toBe('You signed out. The next sign-in asks which company account to use, so a teammate can sign in here.');
    expect(said.getAttribute('role')).toBe('status');
    await until(() => panel.shadowRoot!.activeElement === signInButton(panel));

    const popup = capturePopup();
    signInButton(panel)!.click();
    await until(() => popup.location.href.includes('/auth/popup?'));
    expect(new URL(popup.location.href).searchParams.get('account')).toBe('choose');
    // Once someone has signed in, the next sign-in is an ordinary one again.
    popup.closed = true;
    fake.attempt = 'confirm';
    const code = await until(() => q<HTMLInputElement>(panel, '#signin-code'));
    code.value = fake.confirmationCode;
    code.form!.requestSubmit();
    await until(() => account(panel).includes('Signed in as'));
    expect(sessionFor(CONNECTOR).signedOutHere).toBe(false);
    expect(q(panel, '.switching')).toBeNull();
  });
});

describe('a signed-in session', () => {
  function signInWith(partial: Parameters<typeof issuedToken>[0] = {}): void {
    const token = issuedToken({ accessToken: FIRST_TOKEN, ...partial });
    sessionFor(CONNECTOR).set(token);
  }

  test('renews the bearer token silently before it ends, without reloading the thread', async () => {
    signInWith({ expiresAt: Date.now() + 1_500, expiresIn: 2, refreshToken: 'first-refresh-token-0123456789' });
    fake.contact.lastInboundAt = fake.serverNow;
    const panel = await mountPanel();
    const draft = await until(() => q<HTMLTextAreaElement>(panel, 'textarea'));
    await until(() => fake.authCalls.some((c) => c.path === '/auth/refresh'), 4_000);
    expect(fake.authCalls.find((c) => c.path === '/auth/refresh')!.body).toEqual({ refreshToken: 'first-refresh-token-0123456789' });
    // The renewal has been stored: every call from here on must carry the new token, not the first.
    await until(() => sessionFor(CONNECTOR).token !== FIRST_TOKEN, 4_000);
    draft.value = 'Still here';
    draft.dispatchEvent(new Event('input'));
    draft.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
    await until(() => fake.sent.length === 1);
    expect(fake.sent[0]!.authorization).not.toBe(`Bearer ${FIRST_TOKEN}`);
    expect(fake.validTokens.has(fake.sent[0]!.authorization!.slice(7))).toBe(true);
    expect(fake.threadLoads).toBe(1);
    expect(account(panel)).toContain('Signed in as Ana Souza');
  });

  test('a call refused for an ended token renews once and is repeated', async () => {
    signInWith();
    fake.contact.lastInboundAt = fake.serverNow;
    const panel = await mountPanel();
    const draft = await until(() => q<HTMLTextAreaElement>(panel, 'textarea'));
    fake.validTokens.delete(FIRST_TOKEN); // the connector ended it (a laptop that slept)
    draft.value = 'After the nap';
    draft.dispatchEvent(new Event('input'));
    draft.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
    // The fake records only accepted sends: the refused first try is not among them.
    await until(() => fake.sent.length === 1);
    expect(fake.authCalls.filter((c) => c.path === '/auth/refresh')).toHaveLength(1);
    expect(fake.sent[0]!.authorization).not.toBe(`Bearer ${FIRST_TOKEN}`);
    expect(fake.sent[0]!.body).toEqual({ type: 'text', text: { body: 'After the nap' } });
    await until(() => q(panel, '.msg.out .text')?.textContent === 'After the nap');
    expect(q(panel, '.composer .error')).toBeNull();
  });

  test('says "Your go2msg account has been disabled" when the connector ends the stream for it', async () => {
    signInWith();
    const panel = await mountPanel();
    await until(() => q(panel, '.connection')?.dataset.state === 'live');
    fake.signOutStreams('TEAMMATE_DISABLED');
    const error = await until(() => q(panel, '.signin .error'));
    expect(error.textContent).toContain('Your go2msg account has been disabled');
    expect(error.dataset.code).toBe('TEAMMATE_DISABLED');
    expect(q(panel, '.log')).toBeNull();
  });

  test('says so when renewal is refused because the account was disabled', async () => {
    signInWith({ expiresAt: Date.now() + 1_200, refreshToken: 'refresh-of-disabled-0123456789' });
    fake.refreshFails = {
      status: 403,
      code: 'TEAMMATE_DISABLED',
      message: 'Your go2msg account has been disabled.',
      action: 'Ask an admin to enable it again.',
    };
    const panel = await mountPanel();
    const error = await until(() => q(panel, '.signin .error'), 4_000);
    expect(error.textContent).toContain('Your go2msg account has been disabled');
  });

  test('a stream ended because its token ended renews and carries on', async () => {
    signInWith();
    const panel = await mountPanel();
    await until(() => q(panel, '.connection')?.dataset.state === 'live');
    fake.signOutStreams('UNAUTHENTICATED');
    await until(() => fake.authCalls.some((c) => c.path === '/auth/refresh'));
    await until(() => fake.threadLoads === 2 && q(panel, '.connection')?.dataset.state === 'live');
    expect(account(panel)).toContain('Signed in as Ana Souza');
  });

  test("sign-out ends the provider's session too, in a popup, when the provider offers it", async () => {
    const popup = { location: { href: '' }, closed: false, close() {} };
    window.open = ((url?: string | URL, target?: string) => {
      opened.push({ url, target });
      return popup;
    }) as unknown as typeof window.open;
    fake.endSessionUrl = 'https://idp.test/session/end?id_token_hint=eyJ&post_logout_redirect_uri=https%3A%2F%2Fconnector.test%2Fauth%2Fsigned-out';
    signInWith({ session: { via: 'sso', host: null, hostUserId: null, providerSignOut: true, endsAt: Date.now() + 3600_000 } });
    const panel = await mountPanel();
    const signOut = await until(() => [...qa<HTMLButtonElement>(panel, '.account button')].find((b) => b.textContent === 'Sign out'));
    signOut.click();
    await until(() => signInButton(panel)?.textContent === 'Sign in');
    expect(fake.authCalls.map((c) => c.path)).toContain('/auth/logout');
    expect(opened).toHaveLength(1);
    expect(popup.location.href).toBe(fake.endSessionUrl);
    expect(q(panel, '.signin .error')).toBeNull();
  });

  test('sign-out opens nothing when the provider offers no end-session', async () => {
    signInWith();
    const panel = await mountPanel();
    const signOut = await until(() => [...qa<HTMLButtonElement>(panel, '.account button')].find((b) => b.textContent === 'Sign out'));
    signOut.click();
    await until(() => signInButton(panel)?.textContent === 'Sign in');
    expect(opened).toEqual([]);
  });

  test('shows who sent each message and through which host: "Ana Souza via Zendesk"', async () => {
    signInWith();
    fake.messages = [
      fake.message({ direction: 'out', text: 'hello', status: 'read', sender: { teammateId: 7, name: 'Ana Souza', host: 'zendesk:acme.zendesk.com' } }),
    ];
    const panel = await mountPanel();
    expect((await until(() => q(panel, '.msg.out .sender'))).textContent).toBe('Ana Souza via Zendesk');
  });

  test('counts the customer-visible signature toward the 4,096 limit', async () => {
    signInWith({ teammate: { id: 7, name: 'Ana Souza', email: null, role: 'agent', signature: '\n\n— Ana' } });
    fake.contact.lastInboundAt = fake.serverNow;
    const panel = await mountPanel();
    const draft = await until(() => q<HTMLTextAreaElement>(panel, 'textarea'));
    expect(q(panel, '.counter')!.textContent).toBe('Customers see your name: “— Ana”');
    draft.value = 'a'.repeat(4094);
    draft.dispatchEvent(new Event('input'));
    await until(() => q(panel, '.counter')?.hasAttribute('data-over'));
    expect(q(panel, '.counter')!.textContent).toBe('5 characters over the limit');
  });
});

describe('sign-in vouched for by the host', () => {
  const proof = { host: 'zendesk:acme.zendesk.com', proof: 'eyJhbGciOiJSUzI1NiJ9.e30.signature' };

  test('a linked host user is signed in without a popup', async () => {
    fake.nextToken = { session: { via: 'host', host: proof.host, hostUserId: '123', providerSignOut: false, endsAt: Date.now() + 3600_000 } };
    const panel = await mountPanel();
    panel.hostProof = proof;
    await until(() => account(panel).includes('Signed in as Ana Souza via Zendesk'));
    expect(fake.authCalls.find((c) => c.path === '/auth/host-session')!.body).toEqual(proof);
    expect(opened).toEqual([]);
  });

  test('a proof given before the connector URL is used once the URL arrives', async () => {
    const element = document.createElement('go2msg-thread');
    element.hostProof = proof;
    element.setAttribute('contact', SHEENA);
    document.body.append(element);
    await element.updateComplete;
    expect(fake.authCalls).toEqual([]);
    element.setAttribute('connector-url', CONNECTOR);
    await until(() => account(element).includes('Signed in as Ana Souza'));
    // The proof is what signed in, once, with no popup. (A session renewal may follow on a
    // loaded machine; it is not what this test is about, and it failed the suite now and then.)
    const paths = fake.authCalls.map((c) => c.path);
    expect(paths[0]).toBe('/auth/host-session');
    expect(paths.filter((p) => p === '/auth/host-session')).toHaveLength(1);
    expect(paths.filter((p) => p.startsWith('/auth/attempts'))).toEqual([]);
    expect(opened).toEqual([]);
  });

  test("the adapters' API signs every panel of the connector in", async () => {
    const first = await mountPanel();
    const second = await mountPanel('+16505550000');
    expect(await signInWithHostProof(CONNECTOR, proof)).toBe('signed-in');
    await until(() => account(first).includes('Signed in') && account(second).includes('Signed in'));
  });

  test('an unlinked host user is asked to link once; the popup sign-in carries the link ticket', async () => {
    fake.hostSession = {
      status: 409,
      code: 'HOST_USER_NOT_LINKED',
      message: 'Your helpdesk account is not linked to go2msg yet.',
      action: 'Sign in once with your company account to link it.',
      details: { host: proof.host, hostUserId: '123', linkTicket: 'link-ticket-0123456789abcdef', expiresAt: Date.now() + 600_000 },
    };
    const panel = await mountPanel();
    panel.hostProof = proof;
    await until(() => q(panel, '.signin p')?.textContent?.startsWith('Link your Zendesk account to go2msg once'));
    const { popup, attempt } = await startSignIn(panel);
    expect(attemptCalls()[0]!.body.linkTicket).toBe('link-ticket-0123456789abcdef');
    post({ type: 'go2msg:sign-in', version: 1, attempt, code: 'code-for-link' }, CONNECTOR, popup);
    await until(() => account(panel).includes('Signed in as Ana Souza'));
    expect(fake.authCalls.find((c) => c.path === '/auth/token')!.body).toMatchObject({ code: 'code-for-link', linkTicket: 'link-ticket-0123456789abcdef' });
  });

  test('a refused proof says why and leaves the SSO button', async () => {
    fake.hostSession = {
      status: 401,
      code: 'HOST_PROOF_INVALID',
      message: ERROR_CODES.HOST_PROOF_INVALID.message,
      action: ERROR_CODES.HOST_PROOF_INVALID.action,
    };
    const panel = await mountPanel();
    panel.hostProof = proof;
    const error = await until(() => q(panel, '.signin .error'));
    expect(error.textContent).toContain(`${ERROR_CODES.HOST_PROOF_INVALID.message} ${ERROR_CODES.HOST_PROOF_INVALID.action}`);
    expect(signInButton(panel)!.textContent).toBe('Sign in');
  });
});
