import { createHmac } from 'node:crypto';
import { describe, test } from 'vitest';
import { CANVAS_MAX_AGE_MS, salesforceCanvasVerifier } from '../../../../connector/auth/host-proofs/salesforce-canvas';
import { checkProof, type ProofCase } from './proof-table';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const SECRET = 'canvas-consumer-secret-0123456789abcdef';

function canvasRequest(change: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    algorithm: 'HMACSHA256',
    issuedAt: NOW - 60_000,
    userId: '005x0000001SyyEAAS',
    client: { instanceUrl: 'https://acme.my.salesforce.com', oauthToken: '00Dx0000000BV7z!AR8AQ…' },
    context: { user: { userId: '005x0000001SyyEAAS', email: 'ana@acme.example', fullName: 'Ana Souza' }, organization: { organizationId: '00Dx0000000BV7z' } },
    ...change,
  };
}

/** Salesforce's format: base64(HMAC-SHA256(secret, base64 context)) + "." + base64 context. */
function signed(request: Record<string, unknown>, secret = SECRET): string {
  const context = Buffer.from(JSON.stringify(request)).toString('base64');
  return `${createHmac('sha256', secret).update(context).digest('base64')}.${context}`;
}

const verifier = salesforceCanvasVerifier({ host: 'salesforce:acme.my.salesforce.com', instanceHost: 'acme.my.salesforce.com', consumerSecret: SECRET });

describe('Salesforce Canvas signed_request: HMAC-SHA256 with the consumer secret', () => {
  test.each<ProofCase>([
    {
      description: 'a valid signed request names the Salesforce user, with their email',
      proof: () => signed(canvasRequest()),
      hostUserId: '005x0000001SyyEAAS',
      email: 'ana@acme.example',
    },
    {
      description: 'accepts a request without issuedAt (Salesforce leaves it null)',
      proof: () => signed(canvasRequest({ issuedAt: null })),
      hostUserId: '005x0000001SyyEAAS',
    },
    {
      description: 'refuses a request whose context was changed after signing',
      proof: () => {
        const [signature] = signed(canvasRequest()).split('.');
        return `${signature}.${Buffer.from(JSON.stringify(canvasRequest({ context: { user: { userId: '005OTHER' } } }))).toString('base64')}`;
      },
      refused: /signature does not match/,
    },
    {
      description: 'refuses a request signed with another secret',
      proof: () => signed(canvasRequest(), 'another-consumer-secret-0123456789abc'),
      refused: /signature does not match/,
    },
    { description: 'refuses a request issued too long ago', proof: () => signed(canvasRequest({ issuedAt: NOW - CANVAS_MAX_AGE_MS - 1 })), refused: /expired/ },
    {
      description: 'refuses a request from another org (instance URL)',
      proof: () => signed(canvasRequest({ client: { instanceUrl: 'https://evil.my.salesforce.com' } })),
      refused: /another Salesforce org/,
    },
    { description: 'refuses another signing algorithm', proof: () => signed(canvasRequest({ algorithm: 'HMACSHA1' })), refused: /algorithm/ },
    {
      description: 'refuses a request naming two different users',
      proof: () => signed(canvasRequest({ userId: '005SOMEONEELSE' })),
      refused: /two different users/,
    },
    { description: 'refuses something that is not a signed request', proof: () => 'no-dot-here', refused: /not a Canvas signed request/ },
  ])('$description', (row) => checkProof(verifier, row, NOW));
});
