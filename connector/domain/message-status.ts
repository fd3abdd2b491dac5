/**
 * Where an outbound message is on its way to the customer.
 *
 * Meta's status webhooks arrive out of order and repeated: `delivered` before
 * `sent`, `read` without `delivered`, the same status twice. A status therefore
 * only ever moves forward (sent < delivered < read < played) and `failed` is
 * final, except that a message the customer already received cannot fail.
 * Source: Meta, webhooks/reference/messages/status; reference README §10.2.
 */
export const OUTBOUND_STATUSES = ['queued', 'sending', 'accepted', 'sent', 'delivered', 'read', 'played', 'failed'] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

/** The statuses Meta reports in webhooks. */
export const PROVIDER_STATUSES = ['sent', 'delivered', 'read', 'played', 'failed'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

const RANK: Record<Exclude<OutboundStatus, 'failed'>, number> = {
  queued: 0,
  sending: 1,
  accepted: 2,
  sent: 3,
  delivered: 4,
  read: 5,
  played: 6,
};

export function isProviderStatus(value: string): value is ProviderStatus {
  return (PROVIDER_STATUSES as readonly string[]).includes(value);
}

/** The status a message has after `incoming` is reported while it was `current`. */
export function advanceStatus(current: OutboundStatus, incoming: OutboundStatus): OutboundStatus {
  if (current === 'failed') return 'failed';
  if (incoming === 'failed') return RANK[current] >= RANK.delivered ? current : 'failed';
  return RANK[incoming] > RANK[current] ? incoming : current;
}
