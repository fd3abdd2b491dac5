/**
 * X-Twilio-Signature, checked against the example in Twilio's own
 * documentation (Security: validating requests; twilio-php's RequestValidator
 * docs): auth token 12345, this URL and these parameters sign to
 * RSOYDt4T1cUTdK1PDd93/VVr8B8=.
 */
import { describe, expect, test } from 'vitest';
import { twilioSignature, verifyTwilioSignature } from '../../connector/sms/twilio-signature';

const TOKEN = '12345';
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
const DOCUMENTED = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

describe("Twilio's request signature", () => {
  test("matches the value in Twilio's documentation", () => {
    expect(twilioSignature(TOKEN, URL, PARAMS)).toBe(DOCUMENTED);
  });

  test('accepts the documented request whatever order its fields arrive in', () => {
    const reversed = new URLSearchParams(Object.entries(PARAMS).reverse());
    expect(verifyTwilioSignature(TOKEN, URL, reversed, DOCUMENTED)).toBe(true);
  });

  test.each([
    { description: 'a missing signature', url: URL, params: PARAMS, header: undefined, token: TOKEN },
    { description: 'another auth token', url: URL, params: PARAMS, header: DOCUMENTED, token: '54321' },
    { description: 'a changed field', url: URL, params: { ...PARAMS, Digits: '1235' }, header: DOCUMENTED, token: TOKEN },
    { description: 'an added field', url: URL, params: { ...PARAMS, Body: 'hi' }, header: DOCUMENTED, token: TOKEN },
    { description: 'another URL', url: 'https://mycompany.com/myapp.php?foo=1&bar=3', params: PARAMS, header: DOCUMENTED, token: TOKEN },
    { description: 'http instead of https', url: URL.replace('https:', 'http:'), params: PARAMS, header: DOCUMENTED, token: TOKEN },
    { description: 'a truncated signature', url: URL, params: PARAMS, header: DOCUMENTED.slice(0, -2), token: TOKEN },
  ])('refuses $description', ({ url, params, header, token }) => {
    expect(verifyTwilioSignature(token, url, new URLSearchParams(params), header)).toBe(false);
  });
});
