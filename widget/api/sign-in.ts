/**
 * Sign-in through the company's SSO in a popup (reference/embedding.md §3.3).
 *
 * The popup runs on the connector's origin, where its cookies are first-party.
 * It hands back a one-time code by postMessage, which is accepted only from the
 * connector's exact origin and from that very popup window, and only for this
 * attempt; the code is redeemed with a verifier that never left this page.
 */
import type { ConnectorClient, IssuedToken } from './connector-client';
import { ApiError } from './errors';

export const SIGN_IN_MESSAGE = 'go2msg:sign-in';
export const SIGN_IN_ERROR_MESSAGE = 'go2msg:sign-in-error';

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
    readonly code: 'POPUP_BLOCKED' | 'POPUP_CLOSED' | 'REFUSED',
    message: string,
  ) {
    super(message);
  }
}

interface SignInMessage {
  type?: string;
  version?: number;
  attempt?: string;
  code?: string;
  error?: { code: string; message: string };
}

/** Must be called from a click handler: browsers only allow popups on a user gesture. */
export async function signInWithPopup(client: ConnectorClient): Promise<IssuedToken> {
  // Open first, synchronously, while the click still counts as a user gesture.
  const popup = window.open('', 'go2msg-sign-in', 'popup,width=480,height=680');
  if (!popup) throw new SignInError('POPUP_BLOCKED', 'The sign-in window was blocked. Allow pop-ups for this page and try again.');

  const attempt = randomId();
  const verifier = randomId();
  const connectorOrigin = new URL(client.baseUrl).origin;
  const params = new URLSearchParams({ attempt, challenge: await s256(verifier), origin: window.location.origin });
  popup.location.href = `${client.baseUrl}/auth/popup?${params}`;

  const code = await new Promise<string>((resolve, reject) => {
    const finish = () => {
      window.removeEventListener('message', onMessage);
      clearInterval(watch);
    };
    const onMessage = (event: MessageEvent<SignInMessage>) => {
      if (event.origin !== connectorOrigin || event.source !== popup) return;
      const data = event.data;
      if (data?.version !== 1 || data.attempt !== attempt) return;
      if (data.type === SIGN_IN_MESSAGE && typeof data.code === 'string') {
        finish();
        resolve(data.code);
      } else if (data.type === SIGN_IN_ERROR_MESSAGE) {
        finish();
        reject(new SignInError('REFUSED', data.error?.message ?? 'Sign-in failed.'));
      }
    };
    window.addEventListener('message', onMessage);
    const watch = setInterval(() => {
      if (popup.closed) {
        finish();
        reject(new SignInError('POPUP_CLOSED', 'The sign-in window was closed before sign-in finished.'));
      }
    }, 500);
  });

  try {
    return await client.redeem({ attempt, code, verifier });
  } catch (error) {
    if (error instanceof ApiError) throw new SignInError('REFUSED', error.message);
    throw error;
  }
}
