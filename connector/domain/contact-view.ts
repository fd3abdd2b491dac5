/**
 * A customer as the API shows them, shared by the views (views.ts) and the
 * conversation rules (conversations.ts), which both name it.
 */
export type Direction = 'in' | 'out';

export interface ContactView {
  id: number;
  /** "+16505551234", or null when Meta only gave a business-scoped user id. */
  phone: string | null;
  waId: string | null;
  userId: string | null;
  name: string | null;
  /** The facts the window rule needs; the panel computes the window with the same rule. */
  lastInboundAt: number | null;
  windowClosedAt: number | null;
  /** The WhatsApp username Meta reports (profile.username), shown beside the name. */
  username?: string | null;
  /** The business-scoped id shared across a group of businesses (US.ENT.…), when Meta sends one. */
  parentUserId?: string | null;
  /** The customer's marketing messages preference as Meta last reported it; absent when never reported. */
  marketing?: MarketingPreference | null;
  /**
   * The business number this thread is with (Meta's phone number id): a customer who wrote to two
   * of the business's numbers has two contacts, each with its own thread and window.
   */
  phoneNumberId?: string | null;
  /**
   * The name the business gave the customer in the WhatsApp Business app's address book
   * (coexistence, Meta's smb_app_state_sync); null when not saved there or removed.
   */
  addressBookName?: string | null;
  /** Set when this contact turned out to be the same person as another: its messages now live there. */
  mergedInto?: number | null;
}

/** 'stop': the customer stopped marketing messages (user_preferences, or error 131050); 'resume': started them again. */
export interface MarketingPreference {
  value: 'stop' | 'resume';
  /** Meta's time of the change, epoch ms. */
  at: number;
  source: 'user_preferences' | 'error_131050';
}
