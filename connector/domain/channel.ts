/**
 * The ways go2msg reaches a customer. Both live in one thread per contact and
 * on one audit trail; only WhatsApp has the 24-hour window.
 */
export const CHANNELS = ['whatsapp', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];
