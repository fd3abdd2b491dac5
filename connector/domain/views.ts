/**
 * The shapes the connector's API returns and the panel reads. One definition,
 * so the two cannot disagree.
 */
import type { MediaKind } from './media';
import type { AccountAlert, BusinessProfileView, NumberHealthView, TemplateView } from './account-views';
import type { Channel } from './channel';
import type { ConversationChangeCause, ConversationSummary } from './conversations';
import type { MessageFailure } from './meta-errors';
import type { OutboundStatus } from './message-status';
import type { PresenceView } from './presence';
import type { TemplateShown } from './templates';
import type { ContactView, Direction } from './contact-view';

// A contact's view has its own module so the conversation rules can name it without a cycle.
export type { ContactView, Direction, MarketingPreference } from './contact-view';

export interface SenderView {
  teammateId: number;
  name: string;
  /** The host that vouched for the sign-in ("zendesk:acme.zendesk.com"): the panel shows "Ana via Zendesk". */
  host?: string;
}

/** A file in a message (inbound from the customer or uploaded by an agent). */
export interface MediaView {
  /** The go2msg media id. */
  id: string;
  /** GET with the bearer token (Range requests supported) to show, play or download the file. */
  url: string;
  kind: MediaKind;
  mimeType: string | null;
  filename: string | null;
  /** Bytes, when known. */
  size: number | null;
  /** An audio message recorded as a voice note. */
  voice: boolean;
  /** An animated sticker. */
  animated: boolean;
  /** pending: still being fetched from Meta; failed: could not be fetched (see `failure`). */
  status: 'pending' | 'ready' | 'failed';
  failure: string | null;
}

/** The message a reply quotes. `id` and `text` are null when it is not in go2msg (older, or sent elsewhere). */
export interface QuotedView {
  wamid: string;
  id: number | null;
  direction: Direction | null;
  type: string | null;
  text: string | null;
}

/** A reaction on a message: the latest one from the customer and the latest from the business. */
export interface ReactionView {
  emoji: string;
  direction: Direction;
  sender: SenderView | null;
  at: number;
}

export interface ReferralView {
  sourceUrl: string | null;
  sourceType: string | null;
  headline: string | null;
  body: string | null;
}

/** Where a message the business sent came from when not from go2msg: the WhatsApp Business app on the phone (coexistence), live or from its imported history. */
export type MessageOrigin = 'phone_app' | 'history';

export interface MessageView {
  id: number;
  direction: Direction;
  channel: Channel;
  /**
   * Meta's message type: text, image, video, audio, document, sticker, location,
   * contacts, interactive, button, reaction, template, order, system, unsupported…
   * Unknown types are kept and shown as a placeholder.
   */
  type: string;
  /** The Cloud API's object for this type, e.g. `{ body }` for text, `{ latitude, longitude, name }` for location. */
  content: Record<string, unknown>;
  /** What a person reads: the text, a caption, a template with its values, what was tapped. */
  text: string | null;
  /** Inbound messages are always 'received'. */
  status: OutboundStatus | 'received';
  /** A sent template as the customer saw it (header, filled body, footer, buttons); null otherwise. */
  template?: TemplateShown | null;
  /** When the provider reported the current status ("Read at 4:36 PM"); null before any report. */
  statusAt?: number | null;
  failure: MessageFailure | null;
  sender: SenderView | null;
  /** Set for messages from the WhatsApp Business app (sent on the phone, or imported from its history); absent for go2msg's own. */
  origin?: MessageOrigin;
  /** When it was written: Meta's timestamp for inbound, acceptance time for outbound. */
  at: number;
  /** The provider's id: a wamid on WhatsApp, a Twilio message SID on SMS. */
  wamid: string | null;
  media: MediaView | null;
  replyTo: QuotedView | null;
  reactions: ReactionView[];
  forwarded: 'forwarded' | 'frequently_forwarded' | null;
  referral: ReferralView | null;
  /** Set when retention deleted the body after the configured number of days (`text` is then null). */
  contentDeleted?: { at: number; afterDays: number } | null;
}

export interface ThreadView {
  contact: ContactView;
  /** Oldest first. Reactions are not listed: they are on the messages they react to. */
  messages: MessageView[];
  /** Pass as `before` to load the previous page; null when there is none. */
  earlier: string | null;
  /** Resume the live stream after this event: nothing between this page and the stream is lost. */
  lastEventId: number;
  /** The connector's clock, so the panel's countdown agrees with the rule the connector enforces. */
  serverNow: number;
}

/** What POST /api/media returns: a checked file, ready to be sent. */
export interface UploadedMedia {
  id: string;
  kind: MediaKind;
  mimeType: string;
  size: number;
  filename: string | null;
  sha256: string;
}

export type LiveEvent =
  | { type: 'message'; message: MessageView }
  | { type: 'contact'; contact: ContactView }
  | { type: 'clock'; now: number }
  // Account-wide (sent to every panel): a template's status or quality changed,
  // the number's health changed, the business profile changed. `alerts` is the
  // full current list, so a panel replaces what it shows.
  | { type: 'template'; template: TemplateView; alerts: AccountAlert[] }
  | { type: 'health'; health: NumberHealthView | null; alerts: AccountAlert[] }
  | { type: 'profile'; profile: BusinessProfileView }
  // A conversation's state, owner, wait or latest message changed: open inboxes move its row.
  | { type: 'conversation'; conversation: ConversationSummary; cause: ConversationChangeCause }
  // A teammate opened, left or is typing in this customer's thread (domain/presence.ts); never audited.
  | { type: 'presence'; presence: PresenceView };
