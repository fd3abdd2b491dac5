/**
 * Sign-in through the company's SSO in a popup (reference/embedding.md §3.3).
 *
 * The popup runs on the connector's origin, where its cookies are first-party.
 * It hands back a one-time code by postMessage, which is accepted only from the
 * connector's exact origin and from that very popup window, and only for this
 * attempt; the code is redeemed with a verifier that never left this page.
 *
 * Identity providers whose pages send Cross-Origin-Opener-Policy cut the
 * popup's link to this page: no message can arrive, and the popup even looks
 * closed from here. So the panel also polls the attempt with the same
 * verifier. The verifier only proves who built the popup's link, and anyone
 * can build one and send it to a teammate, so a poll never yields the session
 * by itself: once SSO is done the popup shows a short code, the teammate types
 * it here (`onConfirmationNeeded`), and the code with the verifier yields the
 * session (issue 11 §1). Every redemption runs one at a time, so the attempt
 * is never redeemed twice.
 */
import type { ConnectorClient, IssuedToken } from './connector-client';
import { ApiError } from './errors';

export const SIGN_IN_MESSAGE = 'go2msg:sign-in';
export const SIGN_IN_ERROR_MESSAGE = 'go2msg:sign-in-error';
/** The connector keeps an attempt ten minutes. */
export const ATTEMPT_TTL_MS = 10 * 60_000;
export const POLL_INTERVAL_MS = 1_000;

function randomId(bytes = 32): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return base64url(data);
}

function base64url(data: Uint8Array): string {
  let text = '';
  for (const byte of data) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function s256(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export class SignInError extends Error {
  constructor(
    readonly code: 'POPUP_BLOCKED' | 'CANCELLED' | 'EXPIRED' | 'REFUSED',
    message: string,
    /** What to do next, and the connector's error code, when the connector refused. */
    readonly action?: string,
    readonly reason?: string,
  ) {
    super(message);
  }

  static fromApi(error: ApiError): SignInError {
    const reason = typeof error.details?.reason === 'string' ? error.details.reason : undefined;
    return new SignInError('REFUSED', reason && error.code === 'UNAUTHENTICATED' ? `Sign-in failed: ${reason}.` : error.message, error.action, error.code);
  }
}

/** The popup lost its link to the panel and shows a code: the panel asks for it. */
export interface ConfirmationRequest {
  digits: number;
  /**
   * Tries the typed code. Resolves once signed in (the sign-in's own promise
   * resolves too); rejects with the connector's refusal (a wrong code, with
   * the tries left) and lets the teammate try again, unless the attempt is
   * spent, in which case the sign-in itself fails.
   */
  submit(code: string): Promise<void>;
}

interface SignInMessage {
  type?: string;
  version?: number;
  attempt?: string;
  code?: string;
  error?: { code: string; message: string; action?: string };
}

export interface PopupSignInOptions {
  /** From a host proof whose user is not linked yet: this sign-in stores the link. */
  linkTicket?: string;
  /** Aborting gives up on the attempt (the panel's Cancel). */
  signal?: AbortSignal;
  /** The popup can no longer be seen from here (closed, or its link cut): the panel offers Cancel. */
  onWaiting?: () => void;
  /** Someone signed out here: the provider asks who is signing in rather than signing the last person back in. */
  chooseAccount?: boolean;
  /** SSO finished in a popup that lost its link to the panel: ask for the code it shows. Called once. */
  onConfirmationNeeded?: (request: ConfirmationRequest) => void;
  pollIntervalMs?: number;
}

/** Must be called from a click handler: browsers only allow popups on a user gesture. */
export async function signInWithPopup(client: ConnectorClient, options: PopupSignInOptions = {}): Promise<IssuedToken> {
  // Open first, synchronously, while the click still counts as a user gesture.
  const popup = window.open('', 'go2msg-sign-in', 'popup,width=480,height=680');
  if (!popup) throw new SignInError('POPUP_BLOCKED', 'The sign-in window was blocked. Allow pop-ups for this page and try again.');

  const attempt = randomId();
  const verifier = randomId();
  const connectorOrigin = new URL(client.baseUrl).origin;
  const params = new URLSearchParams({ attempt, challenge: await s256(verifier), origin: window.location.origin });
  if (options.chooseAccount) params.set('account', 'choose');
  popup.location.href = `${client.baseUrl}/auth/popup?${params}`;
  const link = options.linkTicket ? { linkTicket: options.linkTicket } : {};
  const deadline = Date.now() + ATTEMPT_TTL_MS;

  return new Promise<IssuedToken>((resolve, reject) => {
    let settled = false;
    let waiting = false;
    let queue: Promise<void> = Promise.resolve();

    const cleanup = () => {
      window.removeEventListener('message', onMessage);
      clearInterval(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (!popup.closed) popup.close();
    };
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      cleanup();
      outcome();
    };
    const fail = (error: unknown) => settle(() => reject(error instanceof ApiError ? SignInError.fromApi(error) : error));
    /** One redemption path at a time: the message's code, or a poll that finds the attempt complete. */
    const exclusive = (task: () => Promise<IssuedToken | null>): Promise<void> => {
      queue = queue.then(async () => {
        if (settled) return;
        try {
          const issued = await task();
          if (issued) settle(() => resolve(issued));
        } catch (error) {
          fail(error);
        }
      });
      return queue;
    };

    const onMessage = (event: MessageEvent<SignInMessage>) => {
      // Only the connector's exact origin, only our popup window, only this attempt.
      if (event.origin !== connectorOrigin || event.source !== popup) return;
      const data = event.data;
      if (data?.version !== 1 || data.attempt !== attempt) return;
      if (data.type === SIGN_IN_MESSAGE && typeof data.code === 'string') {
        const code = data.code;
        exclusive(() => client.redeem({ attempt, code, verifier, ...link }));
      } else if (data.type === SIGN_IN_ERROR_MESSAGE) {
        fail(new SignInError('REFUSED', data.error?.message ?? 'Sign-in failed.', data.error?.action, data.error?.code));
      }
    };

    let asked = false;
    const submit = (typed: string) =>
      new Promise<void>((done, refused) => {
        let ran = false;
        exclusive(async () => {
          ran = true;
          try {
            const result = await client.pollAttempt(attempt, { verifier, confirmationCode: typed, ...link });
            done();
            return result.status === 'complete' ? result : null;
          } catch (error) {
            refused(error instanceof ApiError ? SignInError.fromApi(error) : error);
            // A wrong code leaves the attempt open; a spent or expired one ends the sign-in.
            if (error instanceof ApiError && (error.code === 'SIGN_IN_CODE_WRONG' || error.code === 'NETWORK')) return null;
            throw error;
          }
        }).then(() => {
          // The sign-in ended (cancelled, expired) before this code was tried.
          if (!ran) refused(new SignInError('CANCELLED', 'Sign-in cancelled.'));
        });
      });

    const poll = async (): Promise<IssuedToken | null> => {
      try {
        const result = await client.pollAttempt(attempt, { verifier, ...link });
        // The popup still has its opener: its message brings the code; no need to ask the teammate.
        if (result.status === 'confirm' && popup.closed && !asked) {
          asked = true;
          options.onConfirmationNeeded?.({ digits: result.digits, submit });
        }
        return result.status === 'complete' ? result : null;
      } catch (error) {
        // A network blip is not an answer; keep asking.
        if (error instanceof ApiError && error.code === 'NETWORK') return null;
        throw error;
      }
    };

    const tick = () => {
      if (Date.now() > deadline) {
        fail(new SignInError('EXPIRED', 'The sign-in took too long. Try again.'));
        return;
      }
      if (popup.closed && !waiting) {
        waiting = true;
        options.onWaiting?.();
      }
      exclusive(poll);
    };

    const onAbort = () => fail(new SignInError('CANCELLED', 'Sign-in cancelled.'));

    window.addEventListener('message', onMessage);
    const timer = setInterval(tick, options.pollIntervalMs ?? POLL_INTERVAL_MS);
    options.signal?.addEventListener('abort', onAbort);
    if (options.signal?.aborted) onAbort();
  });
}
