import { SignJWT } from 'jose';
import { describe, test } from 'vitest';
import { hostJwtVerifier } from '../../../../connector/auth/host-proofs/host-jwt';
import { checkProof, tamperPayload, tamperSignature, type ProofCase } from './proof-table';

const HOST = 'crm:crm.acme.example';
const SECRET = 'in-house-crm-secret-0123456789abcdef';
const AUDIENCE = 'https://wa.acme.example';
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const S = 1000;

function sign(
  claims: Record<string, unknown> = {},
  options: { secret?: string; iat?: number; exp?: number; iss?: string; aud?: string; alg?: string } = {},
): Promise<string> {
  const jwt = new SignJWT({ email: 'ana@acme.example', name: 'Ana Souza', ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setSubject('1001')
    .setIssuer(options.iss ?? HOST)
    .setAudience(options.aud ?? AUDIENCE)
    .setIssuedAt(Math.floor((options.iat ?? NOW) / S))
    .setExpirationTime(Math.floor((options.exp ?? NOW + 120 * S) / S));
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

const verifier = hostJwtVerifier({ host: HOST, secret: SECRET }, AUDIENCE);

describe('in-house CRM: HS256 JWT signed with the per-host secret', () => {
  test.each<ProofCase>([
    { description: 'a fresh token names the CRM user, with the email the CRM vouches for', proof: () => sign(), hostUserId: '1001', email: 'ana@acme.example' },
    { description: 'is accepted up to its expiry', proof: () => sign(), at: NOW + 119 * S, hostUserId: '1001' },
    { description: 'refuses a token whose signature was changed', proof: async () => tamperSignature(await sign()), refused: /signature does not match/ },
    {
      description: 'refuses a token whose user was changed after signing',
      proof: async () => tamperPayload(await sign(), { sub: '1002' }),
      refused: /signature does not match/,
    },
    {
      description: 'refuses a token signed with another secret',
      proof: () => sign({}, { secret: 'another-secret-0123456789abcdefghij' }),
      refused: /signature does not match/,
    },
    { description: 'refuses an expired token', proof: () => sign(), at: NOW + 10 * 60 * S, refused: /expired/ },
    {
      description: 'refuses a token issued long before it expires (older than five minutes)',
      proof: () => sign({}, { exp: NOW + 3600 * S }),
      at: NOW + 6 * 60 * S,
      refused: /too old/,
    },
    { description: 'refuses a token for another audience', proof: () => sign({}, { aud: 'https://staging.acme.example' }), refused: /another audience/ },
    { description: 'refuses a token naming another issuer (host)', proof: () => sign({}, { iss: 'crm:other.example' }), refused: /another issuer/ },
    {
      description: 'refuses an unsigned token (alg none)',
      proof: async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${(await sign()).split('.')[1]}.`,
      refused: /not a well-formed|algorithm/,
    },
    { description: 'refuses a token that is not a JWT', proof: () => 'not-a-token', refused: /not a well-formed/ },
  ])('$description', (row) => checkProof(verifier, row, NOW));
});
