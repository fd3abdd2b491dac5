/**
 * What an agent may send, in the Cloud API's own shapes, and the WhatsApp rules
 * each message must meet before it is stored.
 *
 * Content keeps Meta's shape (`{type:"text", text:{body}}`) so that nothing is
 * lost between the panel, the store and Meta. Media refers to a file already
 * uploaded to (and checked by) the connector: `{ id: "<go2msg media id>" }`.
 * Source: Meta, messages/send-messages and the per-type pages; limits in ./limits.ts.
 */
import { DomainError } from './errors';
import { CAPTION_MAX, characters, INTERACTIVE_BUTTON, INTERACTIVE_CTA_URL, INTERACTIVE_LIST, isOnEarth, TEXT_BODY_MAX } from './limits';
import type { ReplyWindow } from './reply-window';

/** Quoting a message: Meta's `context`, pointing at the quoted message's wamid. */
export interface ReplyContext {
  message_id: string;
}

export interface TextContent {
  type: 'text';
  text: { body: string; preview_url?: boolean };
  context?: ReplyContext;
}

export interface MediaRef {
  /** The go2msg media id returned by the upload API. */
  id: string;
}

export interface ImageContent {
  type: 'image';
  image: MediaRef & { caption?: string };
  context?: ReplyContext;
}
export interface VideoContent {
  type: 'video';
  video: MediaRef & { caption?: string };
  context?: ReplyContext;
}
export interface AudioContent {
  type: 'audio';
  audio: MediaRef & { voice?: boolean };
  context?: ReplyContext;
}
export interface DocumentContent {
  type: 'document';
  document: MediaRef & { caption?: string; filename?: string };
  context?: ReplyContext;
}
export interface StickerContent {
  type: 'sticker';
  sticker: MediaRef;
  context?: ReplyContext;
}

/** A place: where a location message or a template's LOCATION header points. */
export interface Place {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}

export interface LocationContent {
  type: 'location';
  location: Place;
  context?: ReplyContext;
}

export interface ContactCard {
  name: { formatted_name: string; first_name?: string; last_name?: string; middle_name?: string; suffix?: string; prefix?: string };
  phones?: Array<{ phone?: string; type?: string; wa_id?: string }>;
  emails?: Array<{ email?: string; type?: string }>;
  urls?: Array<{ url?: string; type?: string }>;
  addresses?: Array<Record<string, string>>;
  org?: { company?: string; department?: string; title?: string };
  birthday?: string;
}

export interface ContactsContent {
  type: 'contacts';
  contacts: ContactCard[];
  context?: ReplyContext;
}

export type InteractiveHeader =
  | { type: 'text'; text: string }
  | { type: 'image'; image: MediaRef }
  | { type: 'video'; video: MediaRef }
  | { type: 'document'; document: MediaRef & { filename?: string } };

export interface ButtonInteractive {
  type: 'button';
  header?: InteractiveHeader;
  body: { text: string };
  footer?: { text: string };
  action: { buttons: Array<{ type: 'reply'; reply: { id: string; title: string } }> };
}

export interface ListInteractive {
  type: 'list';
  header?: { type: 'text'; text: string };
  body: { text: string };
  footer?: { text: string };
  action: { button: string; sections: Array<{ title?: string; rows: Array<{ id: string; title: string; description?: string }> }> };
}

export interface CtaUrlInteractive {
  type: 'cta_url';
  header?: InteractiveHeader;
  body: { text: string };
  footer?: { text: string };
  action: { name: 'cta_url'; parameters: { display_text: string; url: string } };
}

export interface InteractiveContent {
  type: 'interactive';
  interactive: ButtonInteractive | ListInteractive | CtaUrlInteractive;
  context?: ReplyContext;
}

/** A reaction to a message; an empty emoji removes ours. Reactions cannot quote. */
export interface ReactionContent {
  type: 'reaction';
  reaction: { message_id: string; emoji: string };
}

export type TemplateParameter =
  | { type: 'text'; text: string; parameter_name?: string }
  | { type: 'image'; image: MediaRef }
  | { type: 'video'; video: MediaRef }
  | { type: 'document'; document: MediaRef & { filename?: string } }
  | { type: 'currency'; currency: { fallback_value: string; code: string; amount_1000: number } }
  | { type: 'date_time'; date_time: { fallback_value: string } }
  | { type: 'location'; location: Place }
  | { type: 'payload'; payload: string };

export interface TemplateComponentParams {
  type: 'header' | 'body' | 'button';
  sub_type?: string;
  index?: string | number;
  parameters: TemplateParameter[];
}

export interface TemplateContent {
  type: 'template';
  template: { name: string; language: { code: string }; components?: TemplateComponentParams[] };
}

export type MediaContent = ImageContent | VideoContent | AudioContent | DocumentContent | StickerContent;

export type OutboundContent = TextContent | MediaContent | LocationContent | ContactsContent | InteractiveContent | ReactionContent | TemplateContent;

export const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;

/** Free-form content is everything except templates: it needs an open window. */
export function needsOpenWindow(content: OutboundContent): boolean {
  return content.type !== 'template';
}

/** The window rule applied to one send. */
export function checkWindowAllows(content: OutboundContent, window: ReplyWindow): void {
  if (needsOpenWindow(content) && !window.open) {
    throw new DomainError('WINDOW_CLOSED', { closedAt: window.closesAt, state: window.state });
  }
}

export { characters };

function rule(rule: string, field: string, extra: Record<string, unknown> = {}): DomainError {
  return new DomainError('MESSAGE_INVALID', { rule, field, ...extra });
}

function maxLength(value: string | undefined, max: number, field: string): void {
  if (value !== undefined && characters(value) > max) throw rule(`${field} is at most ${max} characters`, field, { max, length: characters(value) });
}

function required(value: string | undefined, field: string): void {
  if (value === undefined || value.trim() === '') throw rule(`${field} is required`, field);
}

export function checkText(body: string): void {
  if (body.trim() === '') throw new DomainError('TEXT_EMPTY');
  const length = characters(body);
  if (length > TEXT_BODY_MAX) throw new DomainError('TEXT_TOO_LONG', { length, max: TEXT_BODY_MAX });
}

function checkHeader(header: InteractiveHeader | undefined, max: number, field: string): void {
  if (header?.type === 'text') {
    required(header.text, `${field}.text`);
    maxLength(header.text, max, `${field}.text`);
  }
}

function unique(values: string[], field: string): void {
  if (new Set(values).size !== values.length) throw rule(`${field} must all be different`, field);
}

function checkButtons(i: ButtonInteractive): void {
  const L = INTERACTIVE_BUTTON;
  const buttons = i.action.buttons;
  if (buttons.length < L.buttonsMin || buttons.length > L.buttonsMax) {
    throw rule(`reply buttons are ${L.buttonsMin} to ${L.buttonsMax}`, 'interactive.action.buttons', { count: buttons.length });
  }
  buttons.forEach((b, n) => {
    required(b.reply.title, `button ${n + 1} title`);
    maxLength(b.reply.title, L.replyTitleMax, `button ${n + 1} title`);
    required(b.reply.id, `button ${n + 1} id`);
    maxLength(b.reply.id, L.replyIdMax, `button ${n + 1} id`);
  });
  unique(
    buttons.map((b) => b.reply.title),
    'button titles',
  );
  unique(
    buttons.map((b) => b.reply.id),
    'button ids',
  );
  maxLength(i.body.text, L.bodyMax, 'body');
  maxLength(i.footer?.text, L.footerMax, 'footer');
  checkHeader(i.header, L.headerTextMax, 'header');
}

function checkList(i: ListInteractive): void {
  const L = INTERACTIVE_LIST;
  const { sections } = i.action;
  required(i.action.button, 'list button');
  maxLength(i.action.button, L.buttonTextMax, 'list button');
  if (sections.length < L.sectionsMin || sections.length > L.sectionsMax) {
    throw rule(`a list has ${L.sectionsMin} to ${L.sectionsMax} sections`, 'interactive.action.sections', { count: sections.length });
  }
  const rows = sections.flatMap((s) => s.rows);
  if (rows.length === 0 || rows.length > L.rowsTotalMax) throw rule(`a list has 1 to ${L.rowsTotalMax} rows in all`, 'rows', { count: rows.length });
  sections.forEach((s, n) => {
    if (sections.length > 1) required(s.title, `section ${n + 1} title`);
    maxLength(s.title, L.sectionTitleMax, `section ${n + 1} title`);
  });
  rows.forEach((r, n) => {
    required(r.title, `row ${n + 1} title`);
    maxLength(r.title, L.rowTitleMax, `row ${n + 1} title`);
    required(r.id, `row ${n + 1} id`);
    maxLength(r.id, L.rowIdMax, `row ${n + 1} id`);
    maxLength(r.description, L.rowDescriptionMax, `row ${n + 1} description`);
  });
  unique(
    rows.map((r) => r.id),
    'row ids',
  );
  maxLength(i.body.text, L.bodyMax, 'body');
  maxLength(i.footer?.text, L.footerMax, 'footer');
  if (i.header) checkHeader(i.header, L.headerTextMax, 'header');
}

function checkCtaUrl(i: CtaUrlInteractive): void {
  const L = INTERACTIVE_CTA_URL;
  const { display_text, url } = i.action.parameters;
  required(display_text, 'button text');
  maxLength(display_text, L.displayTextMax, 'button text');
  if (!/^https?:\/\/[^\s]+$/i.test(url)) throw rule('the button URL must start with http:// or https://', 'url');
  maxLength(i.body.text, L.bodyMax, 'body');
  maxLength(i.footer?.text, L.footerMax, 'footer');
  checkHeader(i.header, L.headerTextMax, 'header');
}

/** One emoji (a single grapheme), or "" to remove a reaction. */
export function isSingleEmoji(value: string): boolean {
  if (value === '') return true;
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(value)];
  return graphemes.length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(value);
}

/**
 * The WhatsApp rules for free-form content (templates are checked against the
 * template in ./templates.ts). Throws TEXT_EMPTY, TEXT_TOO_LONG or MESSAGE_INVALID.
 */
export function checkOutbound(content: OutboundContent): void {
  switch (content.type) {
    case 'text':
      checkText(content.text.body);
      return;
    case 'image':
      maxLength(content.image.caption, CAPTION_MAX, 'caption');
      return;
    case 'video':
      maxLength(content.video.caption, CAPTION_MAX, 'caption');
      return;
    case 'document':
      maxLength(content.document.caption, CAPTION_MAX, 'caption');
      return;
    case 'audio':
    case 'sticker':
      return;
    case 'location': {
      if (!isOnEarth(content.location)) throw rule('latitude is between -90 and 90 and longitude between -180 and 180', 'location');
      return;
    }
    case 'contacts':
      if (content.contacts.length === 0) throw rule('share at least one contact', 'contacts');
      content.contacts.forEach((c, n) => required(c.name.formatted_name, `contact ${n + 1} name`));
      return;
    case 'interactive': {
      const i = content.interactive;
      required(i.body.text, 'body');
      if (i.type === 'button') checkButtons(i);
      else if (i.type === 'list') checkList(i);
      else checkCtaUrl(i);
      return;
    }
    case 'reaction':
      required(content.reaction.message_id, 'reaction.message_id');
      if (!isSingleEmoji(content.reaction.emoji)) throw rule('a reaction is one emoji', 'reaction.emoji');
      return;
    case 'template':
      return;
  }
}

/** A file a message refers to, and the kind it must be. */
export interface MediaUse {
  id: string;
  kind: 'image' | 'video' | 'audio' | 'document' | 'sticker';
  voice?: boolean;
}

/** The files a message refers to, so they can be checked and uploaded to Meta. */
export function mediaUsesOf(content: OutboundContent): MediaUse[] {
  switch (content.type) {
    case 'image':
      return [{ id: content.image.id, kind: 'image' }];
    case 'video':
      return [{ id: content.video.id, kind: 'video' }];
    case 'audio':
      return [{ id: content.audio.id, kind: 'audio', voice: content.audio.voice === true }];
    case 'document':
      return [{ id: content.document.id, kind: 'document' }];
    case 'sticker':
      return [{ id: content.sticker.id, kind: 'sticker' }];
    case 'interactive': {
      const header = content.interactive.header;
      if (!header || header.type === 'text') return [];
      return [{ id: header.type === 'image' ? header.image.id : header.type === 'video' ? header.video.id : header.document.id, kind: header.type }];
    }
    case 'template':
      return (content.template.components ?? []).flatMap((c) =>
        c.parameters.flatMap((p): MediaUse[] =>
          p.type === 'image'
            ? [{ id: p.image.id, kind: 'image' }]
            : p.type === 'video'
              ? [{ id: p.video.id, kind: 'video' }]
              : p.type === 'document'
                ? [{ id: p.document.id, kind: 'document' }]
                : [],
        ),
      );
    default:
      return [];
  }
}

/** The message a reply quotes or a reaction targets, by wamid. */
export function targetOf(content: OutboundContent): { wamid: string; as: 'reply' | 'reaction' } | null {
  if (content.type === 'reaction') return { wamid: content.reaction.message_id, as: 'reaction' };
  if (content.type === 'template') return null;
  return content.context?.message_id ? { wamid: content.context.message_id, as: 'reply' } : null;
}
