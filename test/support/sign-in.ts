/**
 * Signs a sandbox teammate in through the real popup flow, without a browser:
 * /auth/popup → the sandbox OpenID provider → pick the teammate → /auth/callback
 * → the one-time code in the completion page → POST /auth/token.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { TokenResponse } from '../../connector/domain/sign-in';
import { CookieClient } from './http-client';

export function pkcePair(): { attempt: string; verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { attempt: randomBytes(32).toString('base64url'), verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface PopupResult {
  status: number;
  html: string;
  /** What the completion page posts to the panel, and to which origin. */
  posted: { message: { type: string; attempt: string; code?: string; error?: { code: string; message: string } } | null; origin: string | null } | null;
}

export function postedMessage(html: string): PopupResult['posted'] {
  const match = /var result = (\{.*?\});\n/s.exec(html);
  return match ? JSON.parse(match[1]!) : null;
}

/** The code a completion page without an opener shows, for the teammate to type into the panel. */
export function shownConfirmationCode(html: string): string | null {
  return /data-confirmation-code="(\d+)"/.exec(html)?.[1] ?? null;
}

/** Runs the popup part of sign-in and returns the completion page. */
export async function runPopup(
  baseUrl: string,
  options: { teammate?: string; origin: string; attempt?: string; challenge?: string; client?: CookieClient },
): Promise<PopupResult> {
  const client = options.client ?? new CookieClient();
  const pair = pkcePair();
  const query = new URLSearchParams({ attempt: options.attempt ?? pair.attempt, challenge: options.challenge ?? pair.challenge, origin: options.origin });
  const start = await client.fetch(`${baseUrl}/auth/popup?${query}`);
  let { response } = start;
  if (start.url.includes('/interaction/')) {
    await response.text();
    const form = new URLSearchParams({ teammate: options.teammate ?? 'ana' });
    ({ response } = await client.fetch(`${start.url}/login`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
  }
  const html = await response.text();
  return { status: response.status, html, posted: postedMessage(html) };
}

export interface SignedIn {
  token: string;
  teammate: { id: number; name: string; email: string | null; role: string };
  headers: Record<string, string>;
  /** The whole answer: refresh token, session facts. */
  issued: TokenResponse;
}

export function signedIn(issued: TokenResponse, origin: string): SignedIn {
  return { token: issued.accessToken, teammate: issued.teammate, headers: { authorization: `Bearer ${issued.accessToken}`, origin }, issued };
}

export async function signIn(
  baseUrl: string,
  origin: string,
  teammate = 'ana',
  options: { client?: CookieClient; linkTicket?: string } = {},
): Promise<SignedIn> {
  const pair = pkcePair();
  const popup = await runPopup(baseUrl, { teammate, origin, attempt: pair.attempt, challenge: pair.challenge, client: options.client });
  const code = popup.posted?.message?.code;
  if (!code) throw new Error(`sign-in did not produce a code (HTTP ${popup.status}): ${popup.html.slice(0, 300)}`);
  const response = await fetch(`${baseUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ attempt: pair.attempt, code, verifier: pair.verifier, ...(options.linkTicket ? { linkTicket: options.linkTicket } : {}) }),
  });
  const body = (await response.json()) as TokenResponse;
  if (!response.ok) throw new Error(`token redeem failed: ${JSON.stringify(body)}`);
  return signedIn(body, origin);
}

/** POSTs JSON to the connector from an allowed origin; returns status and body. */
export async function postJson<T = Record<string, unknown>>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}
