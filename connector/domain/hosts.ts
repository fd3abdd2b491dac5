/**
 * What the connector, the panel and the host adapters tell each other about a
 * host (Zendesk, Freshdesk, Salesforce, HubSpot, an in-house CRM): one
 * declaration for all three sides.
 */

/** Who the host says its agent is. Shown and checked against, never trusted: sessions come from signed proofs or SSO. */
export interface HostAgent {
  id: string;
  name?: string | null;
  email?: string | null;
}

/** A host's signed statement of who its current user is, redeemed at POST /auth/host-session. */
export interface HostProof {
  /** The host's id at the connector, e.g. "zendesk:acme.zendesk.com". */
  host: string;
  /** What the host signed: a JWT, or a Salesforce Canvas signed_request. */
  proof: string;
}

/** What the connector writes into its host app pages (a JSON data block, never run) for the adapter script. */
export interface AdapterBoot {
  connectorUrl: string;
  /** A host's signed proof for its current user, to sign in without the popup. */
  hostProof?: HostProof | null;
  /** The customer the host has open, when the connector learned it from the host's signed request. */
  contact?: string | null;
  /** Why a host's proof was not accepted: the panel then offers the popup. */
  notice?: { code: string; message: string; action?: string } | null;
  /** Exact origins allowed to talk to this page by postMessage (the embed frame). */
  allowedOrigins?: string[];
  /** The origin that framed this page, already checked against allowedOrigins (the embed frame). */
  parentOrigin?: string | null;
  agent?: HostAgent | null;
}
