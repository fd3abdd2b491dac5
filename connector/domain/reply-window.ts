/**
 * The customer service window.
 *
 * A customer's message opens a 24-hour window and every later customer message
 * restarts it; templates, our own sends and statuses never touch it. Inside the
 * window any message type may be sent; outside it only an approved template.
 * Source: Meta, messages/send-messages#customer-service-windows.
 *
 * Meta can also tell us the window is closed after the fact: a send answered
 * with error 131047 (re-engagement). That report wins over our own arithmetic
 * until the customer writes again.
 */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The last hour is shown as "closing soon" so an agent can hurry or prepare a template. */
export const CLOSING_SOON_MS = 60 * 60 * 1000;

export type WindowState = 'never_opened' | 'open' | 'closing_soon' | 'closed';

export interface WindowFacts {
  /** When the customer last wrote to us (Meta's message timestamp), epoch ms. */
  lastInboundAt: number | null;
  /** When Meta last answered 131047 for this customer, epoch ms. */
  closedByProviderAt?: number | null;
  now: number;
}

export interface ReplyWindow {
  state: WindowState;
  /** True while free-form messages may be sent. */
  open: boolean;
  /** When the window closes (or closed); null if the customer never wrote. */
  closesAt: number | null;
  /** Milliseconds left while open, else 0. */
  remainingMs: number;
}

export function replyWindow({ lastInboundAt, closedByProviderAt = null, now }: WindowFacts): ReplyWindow {
  if (lastInboundAt === null) {
    return { state: 'never_opened', open: false, closesAt: null, remainingMs: 0 };
  }
  // A customer message "from the future" (a clock moved back, as a sandbox restart once did)
  // counts as written now: no window ever has more than 24 h left.
  const closesAt = Math.min(lastInboundAt, now) + SERVICE_WINDOW_MS;
  const reportedClosed = closedByProviderAt !== null && closedByProviderAt >= lastInboundAt;
  if (reportedClosed || now >= closesAt) {
    return { state: 'closed', open: false, closesAt: reportedClosed ? Math.min(closesAt, closedByProviderAt) : closesAt, remainingMs: 0 };
  }
  const remainingMs = closesAt - now;
  return { state: remainingMs <= CLOSING_SOON_MS ? 'closing_soon' : 'open', open: true, closesAt, remainingMs };
}

/**
 * The newest customer message time, given the one we had and a new one.
 * Webhooks arrive out of order, so an older message must never move the window back.
 */
export function latestInbound(current: number | null, incoming: number): number {
  return current === null ? incoming : Math.max(current, incoming);
}
