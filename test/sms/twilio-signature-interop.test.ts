/**
 * Our X-Twilio-Signature check against Twilio's own (twilio-node's
 * getExpectedTwilioSignature signs, validateRequest decides): whatever form of
 * the URL Twilio signed (with or without the default port, unicode, a quote in
 * the query) and however a form repeats its fields, we accept exactly what
 * Twilio's validator accepts (issue 11 §6).
 */
import twilio from 'twilio';
import { describe, expect, test } from 'vitest';
import { verifyTwilioSignature } from '../../connector/sms/twilio-signature';
import { SHEENA } from '../support/fixtures';

const TOKEN = 'interop-auth-token-0123456789abcdef';

/** The URLs our webhooks are reached at (as rebuilt from PUBLIC_URL + the request's path). */
const RECEIVED = [
  'https://wa.example.com/webhooks/twilio/sms',
  'https://wa.example.com/webhooks/twilio/status?message=42',
  'https://wa.example.com:443/webhooks/twilio/sms',
  'http://wa.example.com/webhooks/twilio/sms',
  'http://wa.example.com:80/webhooks/twilio/status?message=7',
  'http://localhost:8080/webhooks/twilio/sms',
  'https://wa.example.com/webhooks/twilio/status?message=42&note=caf%C3%A9',
  "https://wa.example.com/webhooks/twilio/status?who=O'Brien",
  'https://wa.example.com/webhooks/twilio/sms?q=olá',
];

/** Forms a POST takes: repeated names (MMS media, out of order and doubled), unicode, empty values. */
const FORMS: Array<[string, Array<[string, string]>]> = [
  [
    'a plain SMS',
    [
      ['MessageSid', 'SM0123'],
      ['From', SHEENA],
      ['To', '+15550783881'],
      ['Body', 'hi'],
    ],
  ],
  [
    'unicode text',
    [
      ['MessageSid', 'SM0124'],
      ['Body', 'olá 👋 مرحبا — ¿qué tal?'],
      ['From', SHEENA],
    ],
  ],
  [
    'an empty body',
    [
      ['MessageSid', 'SM0125'],
      ['Body', ''],
      ['NumMedia', '0'],
    ],
  ],
  [
    'a name repeated, values out of order',
    [
      ['Tag', 'zeta'],
      ['MessageSid', 'SM0126'],
      ['Tag', 'alpha'],
      ['Tag', 'Mid'],
    ],
  ],
  [
    'a name repeated with the same value twice',
    [
      ['Tag', 'b'],
      ['Tag', 'a'],
      ['Tag', 'b'],
      ['Body', 'x'],
    ],
  ],
  [
    'names differing by case and unicode',
    [
      ['body', 'lower'],
      ['Body', 'Upper'],
      ['Ñame', 'ñ'],
      ['Name', 'n'],
    ],
  ],
];

/** What express.urlencoded hands twilio-node: a repeated name becomes an array. */
function asTwilioParams(fields: Array<[string, string]>): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of fields) {
    const seen = params[name];
    params[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return params;
}

/** The forms of a URL a sender may have signed: as is, without its port, with the scheme's default port. */
function signedForms(url: string): string[] {
  const parsed = /^(https?:\/\/)([^/:?#]+)(:\d+)?(.*)$/.exec(url)!;
  const [, scheme, host, port, rest] = parsed as unknown as [string, string, string, string | undefined, string];
  const defaultPort = scheme === 'https://' ? ':443' : ':80';
  return [...new Set([url, `${scheme}${host}${rest}`, ...(port === undefined || port === defaultPort ? [`${scheme}${host}${defaultPort}${rest}`] : [])])];
}

const cases = RECEIVED.flatMap((received) => signedForms(received).flatMap((signed) => FORMS.map(([form, fields]) => ({ received, signed, form, fields }))));

describe("X-Twilio-Signature, held to twilio-node's validator", () => {
  test.each(cases)('$form signed over $signed, received at $received', ({ received, signed, fields }) => {
    const params = asTwilioParams(fields);
    const signature = twilio.getExpectedTwilioSignature(TOKEN, signed, params);
    const twilioSays = twilio.validateRequest(TOKEN, signature, received, params);
    expect(twilioSays).toBe(true);
    expect(verifyTwilioSignature(TOKEN, received, new URLSearchParams(fields), signature)).toBe(twilioSays);
  });

  test.each(FORMS)('%s: refused, as by Twilio, when a field, the token or the path differs', (_form, fields) => {
    const url = RECEIVED[1]!;
    const params = asTwilioParams(fields);
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, params);
    const tampered: Array<[string, string]> = [...fields, ['Extra', '1']];
    const refusals: Array<[string, string, Array<[string, string]>]> = [
      ['another-token-0123456789abcdef', url, fields],
      [TOKEN, url, tampered],
      [TOKEN, url.replace('status', 'sms'), fields],
      [TOKEN, url.replace('https://', 'http://'), fields],
      [TOKEN, url.replace('wa.example.com', 'wa.example.org'), fields],
      [TOKEN, `${url}&message=43`, fields],
    ];
    for (const [token, received, form] of refusals) {
      expect(twilio.validateRequest(token, signature, received, asTwilioParams(form))).toBe(false);
      expect(verifyTwilioSignature(token, received, new URLSearchParams(form), signature)).toBe(false);
    }
  });
});
