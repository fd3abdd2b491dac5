/**
 * X-Twilio-Signature: base64 HMAC-SHA1, keyed with the account's auth token,
 * of the full URL Twilio requested (scheme, host, path and query) followed by
 * each POST parameter's name and value, sorted by name, with no separators.
 * Compared in constant time.
 * Source: Twilio, "Webhooks security" (docs/usage/webhooks/webhooks-security)
 * and "Security" (docs/usage/security#validating-requests).
 *
 * Twilio's own validators (twilio-node `validateRequest`) are the reference
 * for what counts as the same request, and real callbacks depend on it: the
 * URL is accepted with or without its scheme's default port (Twilio signs
 * `https://host:443/…` for some webhooks and `https://host/…` for others), as
 * received or as `new URL` normalizes it, and a name given several times signs
 * its distinct values sorted. The test holds this code to twilio-node itself;
 * the twilio package is not a runtime dependency (it is most of a megabyte of
 * API client for these forty lines).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseLegacyQuery, stringify as stringifyLegacyQuery } from 'node:querystring';

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

/** Sorts like JavaScript's default sort (UTF-16 code units), as twilio-node does. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function twilioSignature(authToken: string, url: string, params: URLSearchParams | Record<string, string>): string {
  const entries = params instanceof URLSearchParams ? [...params] : Object.entries(params);
  const values = new Map<string, Set<string>>();
  for (const [name, value] of entries) values.set(name, (values.get(name) ?? new Set()).add(value));
  const data = [...values.keys()].sort(byCodeUnits).reduce(
    (text, name) =>
      text +
      [...values.get(name)!]
        .sort(byCodeUnits)
        .map((value) => name + value)
        .join(''),
    url,
  );
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function verifyTwilioSignature(authToken: string, url: string, params: URLSearchParams, header: string | undefined): boolean {
  if (!header) return false;
  const actual = Buffer.from(header.trim());
  return signedUrlCandidates(url).some((candidate) => {
    const expected = Buffer.from(twilioSignature(authToken, candidate, params));
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  });
}

/** The forms of one URL that Twilio's validators accept a signature over. */
export function signedUrlCandidates(url: string): string[] {
  let normalized: string | null = null;
  try {
    normalized = new URL(url).toString();
  } catch {
    // Not a URL new URL() reads: only the received form is tried.
  }
  const candidates = [withoutPort(url), withDefaultPort(url)];
  if (normalized !== null) {
    const forms = [withoutPort(normalized), withDefaultPort(normalized)];
    candidates.push(...forms, ...forms.map(withLegacyQuery));
  }
  return [...new Set(candidates)];
}

interface UrlParts {
  scheme: string;
  userInfo: string;
  host: string;
  port: string;
  rest: string;
}

/** Splits a URL by hand so the path and query keep the exact characters Twilio signed. */
function splitUrl(url: string): UrlParts | null {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!match) return null;
  const [prefix, scheme, authority] = match as unknown as [string, string, string];
  const userInfoEnd = authority.lastIndexOf('@');
  const hostAndPort = authority.slice(userInfoEnd + 1);
  // A colon starts the port only after an IPv6 literal's closing bracket.
  const portStart = hostAndPort.indexOf(':', hostAndPort.lastIndexOf(']') + 1);
  return {
    scheme,
    userInfo: authority.slice(0, userInfoEnd + 1),
    host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
    port: portStart === -1 ? '' : hostAndPort.slice(portStart),
    rest: url.slice(prefix.length),
  };
}

function withoutPort(url: string): string {
  const p = splitUrl(url);
  return p ? p.scheme + p.userInfo + p.host + p.rest : url;
}

function withDefaultPort(url: string): string {
  const p = splitUrl(url);
  if (!p || p.port) return url;
  return p.scheme + p.userInfo + p.host + (p.scheme.toLowerCase() === 'https://' ? ':443' : ':80') + p.rest;
}

/** The query re-encoded as Node's legacy querystring does, which some Twilio back ends signed. */
function withLegacyQuery(url: string): string {
  const start = url.indexOf('?');
  if (start === -1 || start === url.length - 1) return url;
  return `${url.slice(0, start)}?${stringifyLegacyQuery(parseLegacyQuery(url.slice(start + 1)))}`;
}
