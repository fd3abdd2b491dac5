import { rsaKeyPair } from '../../../../connector/sandbox/rsa-keys';
import { SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import { zendeskUserId, zendeskVerifier } from '../../../../connector/auth/host-proofs/zendesk';
import { checkProof, tamperPayload, tamperSignature, type ProofCase } from './proof-table';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const S = 1000;
const ISSUER = 'acme.zendesk.com';
const AUDIENCE = 'https://acme.zendesk.com/api/v2/apps/installations/4242.json';
const app = rsaKeyPair();
const stranger = rsaKeyPair();

function sign(options: { key?: typeof app.privateKey; sub?: string; iss?: string; aud?: string; exp?: number; alg?: string } = {}): Promise<string> {
  return new SignJWT({ context: { product: 'support', location: 'ticket_sidebar' }, cnf: { jku: 'https://evil.example/keys' } })
    .setProtectedHeader({ alg: options.alg ?? 'RS256', typ: 'JWT' })
    .setSubject(options.sub ?? 'https://acme.zendesk.com/api/v2/users/123.json')
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .setIssuedAt(Math.floor(NOW / S))
    .setExpirationTime(Math.floor((options.exp ?? NOW + 300 * S) / S))
    .sign(options.key ?? app.privateKey);
}

const verifier = zendeskVerifier({
  host: 'zendesk:acme.zendesk.com',
  issuer: ISSUER,
  audience: AUDIENCE,
  publicKeyPem: app.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
});

describe('Zendesk signed URL: RS256 JWT checked against the pinned app key', () => {
  test.each<ProofCase>([
    { description: 'a valid token names the Zendesk agent from the user URL in sub', proof: () => sign(), hostUserId: '123' },
    { description: 'accepts a plain numeric sub', proof: () => sign({ sub: '987' }), hostUserId: '987' },
    { description: 'refuses a token whose signature was changed', proof: async () => tamperSignature(await sign()), refused: /signature does not match/ },
    {
      description: 'refuses a token whose agent was changed after signing',
      proof: async () => tamperPayload(await sign(), { sub: '1' }),
      refused: /signature does not match/,
    },
    {
      description: 'refuses a token signed by another key, whatever cnf.jku points to',
      proof: () => sign({ key: stranger.privateKey }),
      refused: /signature does not match/,
    },
    { description: 'refuses an expired token', proof: () => sign(), at: NOW + 10 * 60 * S, refused: /expired/ },
    {
      description: 'refuses a token for another installation (audience)',
      proof: () => sign({ aud: 'https://acme.zendesk.com/api/v2/apps/installations/1.json' }),
      refused: /another audience/,
    },
    { description: 'refuses a token from another Zendesk account (issuer)', proof: () => sign({ iss: 'evil.zendesk.com' }), refused: /another issuer/ },
    {
      description: 'refuses a token whose sub is not a Zendesk user',
      proof: () => sign({ sub: 'https://acme.zendesk.com/api/v2/tickets/5.json' }),
      refused: /no Zendesk user/,
    },
  ])('$description', (row) => checkProof(verifier, row, NOW));

  test.each([
    ['https://acme.zendesk.com/api/v2/users/123.json', '123'],
    ['https://acme.zendesk.com/api/v2/users/123', '123'],
    ['456', '456'],
    [789, '789'],
    ['ana@acme.example', null],
  ])('reads the user id from sub %s', (sub, id) => {
    expect(zendeskUserId(sub)).toBe(id);
  });
});
