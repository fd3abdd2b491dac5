import { describe, expect, test } from 'vitest';
import { HostProofs } from '../../../../connector/auth/host-proofs/index';
import { isDomainError } from '../../../../connector/domain/errors';

describe('the configured hosts', () => {
  const proofs = new HostProofs(
    [{ kind: 'host-jwt', host: 'crm:crm.acme.example', secret: 'in-house-crm-secret-0123456789abcdef' }],
    'https://wa.acme.example',
  );

  test('lists the hosts that may vouch for their users', () => {
    expect(proofs.hosts).toEqual(['crm:crm.acme.example']);
  });

  test('refuses a proof from a host that is not configured, whatever it says', async () => {
    const error = await proofs.verify('zendesk:evil.zendesk.com', 'x.y.z', Date.now()).catch((e: unknown) => e);
    expect(isDomainError(error, 'HOST_PROOF_INVALID')).toBe(true);
    expect((error as { details: { reason: string } }).details.reason).toMatch(/not configured/);
  });
});
