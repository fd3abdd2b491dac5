/**
 * The hosts configured to vouch for their users, each with the verifier of
 * its kind. An unknown host is refused like a bad signature: a host's claim
 * alone never decides who sends.
 */
import type { HostProofConfig } from '../../config/host-config';
import { hostJwtVerifier } from './host-jwt';
import { hubspotLaunchAudience, hubspotVerifier } from './hubspot';
import { salesforceCanvasVerifier } from './salesforce-canvas';
import { proofRefused, type HostIdentity, type HostProofVerifier } from './types';
import { zendeskVerifier } from './zendesk';

export type { HostIdentity, HostProofVerifier } from './types';

export function createVerifier(config: HostProofConfig, audience: string): HostProofVerifier {
  switch (config.kind) {
    case 'host-jwt':
      return hostJwtVerifier(config, audience);
    case 'zendesk':
      return zendeskVerifier(config);
    case 'salesforce-canvas':
      return salesforceCanvasVerifier(config);
    case 'hubspot':
      return hubspotVerifier(config, hubspotLaunchAudience(audience));
  }
}

export class HostProofs {
  private readonly verifiers: Map<string, HostProofVerifier>;

  /** `audience` is the connector's PUBLIC_URL, the `aud` of in-house host JWTs. */
  constructor(configs: HostProofConfig[], audience: string) {
    this.verifiers = new Map(configs.map((c) => [c.host, createVerifier(c, audience)]));
  }

  get hosts(): string[] {
    return [...this.verifiers.keys()];
  }

  async verify(host: string, proof: string, now: number): Promise<HostIdentity> {
    const verifier = this.verifiers.get(host);
    if (!verifier) throw proofRefused(host, 'this host is not configured to vouch for its users');
    return verifier.verify(proof, now);
  }
}
