/**
 * What the connector's API returns about the WhatsApp Business Account itself:
 * its templates as an admin manages them, the sending number's health, the
 * business profile, and the alerts shown in every panel. One definition for the
 * connector and the panel.
 */
import type { Template, TemplateCategory } from './templates';

export type TemplateQuality = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';

/** How Meta bills a delivered template of this category (pricing, updated 2026-03-02). */
export type TemplateBilling = 'always' | 'outside_window';

export interface TemplateView extends Template {
  /** Meta's template id (the hsm_id), null until Meta has assigned one. */
  id: string | null;
  parameterFormat: 'POSITIONAL' | 'NAMED';
  quality: TemplateQuality;
  /** Meta's reason code for a rejection, e.g. INVALID_FORMAT; null otherwise. */
  rejectedReason: string | null;
  /** Meta's own words about the latest status: why it was rejected, paused or disabled. */
  statusDetail: { title: string | null; description: string; recommendation: string | null } | null;
  /** Meta decided the template belongs to another category, from `categoryChangeAt` on. */
  correctCategory: TemplateCategory | null;
  categoryChangeAt: number | null;
  billing: TemplateBilling;
  submittedBy: number | null;
  submittedAt: number | null;
  /** When the status last changed, as far as the connector knows. */
  statusAt: number | null;
}

export type QualityRating = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';

export interface NumberHealthView {
  phoneNumberId: string;
  displayPhoneNumber: string | null;
  /** What agents call the number ("Sales"), kept with another number's health so its alerts can name it. */
  label?: string | null;
  /** The display name customers see, and Meta's review of it. */
  verifiedName: string | null;
  nameStatus: string | null;
  /** Meta's green badge next to the name (Official Business Account). */
  officialBusinessAccount: boolean;
  qualityRating: QualityRating;
  /** Unique customers reachable outside a service window per rolling 24 h (TIER_2K → 2,000; null: unlimited or unknown). */
  messagingLimit: { tier: string | null; perDay: number | null };
  throughput: { level: string | null; perSecond: number | null };
  /** CONNECTED when the number is registered and can send. */
  status: string | null;
  /** The latest lowering of the messaging limit Meta reported, kept so panels can say so. */
  limitChange: { from: string | null; to: string; at: number } | null;
  checkedAt: number;
}

export interface BusinessProfileView {
  about: string | null;
  address: string | null;
  description: string | null;
  email: string | null;
  websites: string[];
  vertical: string | null;
  profilePictureUrl: string | null;
  checkedAt: number;
}

/** An alert Meta raised through the account_alerts webhook, kept while it is active. */
export interface MetaAccountAlert {
  type: string;
  severity: string;
  description: string | null;
  since: number;
}

export type AlertKind = 'quality' | 'template_paused' | 'template_disabled' | 'number_status' | 'display_name' | 'limit_lowered' | 'meta_alert';

/** A condition every panel shows until it clears; `key` is stable so a panel can replace or dismiss it. */
export interface AccountAlert {
  key: string;
  kind: AlertKind;
  severity: 'warning' | 'critical';
  template?: { name: string; language: string };
  /**
   * The business number an alert is about when it is not the default one (several numbers): its
   * `details` then start with the number's label and display number, so every panel names it.
   */
  number?: { id: string; label: string | null; displayPhoneNumber: string | null };
  /** The current value (YELLOW, TIER_250, PENDING_REVIEW…) and, when it changed, the one before. */
  value: string | null;
  previous: string | null;
  /** Meta's own explanation when it gave one; plain text, never markup. */
  details: string | null;
  since: number | null;
  until: number | null;
}

export interface NumberHealthResponse {
  health: NumberHealthView | null;
  alerts: AccountAlert[];
}
