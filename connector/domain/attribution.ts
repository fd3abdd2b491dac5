/**
 * Who sent an outbound message, provably: the teammate behind the bearer
 * token, and, when a host (a helpdesk or CRM) vouched for the sign-in, that
 * host and the host's own user id. A host's claim alone never names the
 * teammate: the link (host, host user) → teammate is made once through SSO.
 *
 * A host is named `<product>:<domain>`, e.g. "zendesk:acme.zendesk.com" or
 * "salesforce:acme.my.salesforce.com"; in-house CRMs pick their own product
 * word ("crm:crm.acme.example").
 */
export interface Attribution {
  teammateId: number;
  /** null when the teammate signed in through SSO alone. */
  host: string | null;
  hostUserId: string | null;
}

export const HOST_ID = /^[a-z][a-z0-9-]{0,31}:[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;

/** Products whose name people know; any other host is shown by its domain. */
const PRODUCT_LABELS: Record<string, string> = {
  zendesk: 'Zendesk',
  freshdesk: 'Freshdesk',
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
  intercom: 'Intercom',
};

export function isHostId(value: unknown): value is string {
  return typeof value === 'string' && HOST_ID.test(value);
}

/** "zendesk:acme.zendesk.com" → "Zendesk"; "crm:crm.acme.example" → "crm.acme.example". */
export function hostLabel(host: string): string {
  const colon = host.indexOf(':');
  if (colon < 0) return host;
  const product = host.slice(0, colon);
  return PRODUCT_LABELS[product] ?? host.slice(colon + 1);
}

/** The attribution of a teammate who signed in through SSO, with no host. */
export function ssoAttribution(teammateId: number): Attribution {
  return { teammateId, host: null, hostUserId: null };
}
