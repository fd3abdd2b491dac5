/**
 * The shapes the connector's API returns and the panel reads. One definition,
 * so the two cannot disagree.
 */
import type { Channel } from './channel';
import type { MessageFailure } from './meta-errors';
import type { OutboundStatus } from './message-status';

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
}

export interface SenderView {
  teammateId: number;
  name: string;
}

export interface MessageView {
  id: number;
  direction: Direction;
  channel: Channel;
  type: string;
  /** The Cloud API's object for this type, e.g. `{ body: "hi" }` for text. */
  content: Record<string, unknown>;
  /** What a person reads: the text, a caption, or a template with its values filled in. */
  text: string | null;
  /** Inbound messages are always 'received'. */
  status: OutboundStatus | 'received';
  failure: MessageFailure | null;
  sender: SenderView | null;
  /** When it was written: Meta's timestamp for inbound, acceptance time for outbound. */
  at: number;
  /** The provider's id: a wamid on WhatsApp, a Twilio message SID on SMS. */
  wamid: string | null;
  /** Set when retention deleted the body after the configured number of days (`text` is then null). */
  contentDeleted?: { at: number; afterDays: number } | null;
}

export interface ThreadView {
  contact: ContactView;
  /** Oldest first. */
  messages: MessageView[];
  /** Pass as `before` to load the previous page; null when there is none. */
  earlier: string | null;
  /** Resume the live stream after this event: nothing between this page and the stream is lost. */
  lastEventId: number;
  /** The connector's clock, so the panel's countdown agrees with the rule the connector enforces. */
  serverNow: number;
}

export type LiveEvent =
  | { type: 'message'; message: MessageView }
  | { type: 'contact'; contact: ContactView }
  | { type: 'clock'; now: number };
