/**
 * The simulator's checks on a send request, answering the way Meta does:
 * 131008 for a missing parameter, 100 for an invalid one, 131051 for a type
 * it does not know. Limits as in test/fixtures/cloud-api/limits.json.
 */
import { SimulatedGraphError } from './graph-errors';

type Obj = Record<string, unknown>;

const FREE_FORM = new Set(['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'reaction']);
const MEDIA = new Set(['image', 'video', 'audio', 'document', 'sticker']);
/** Interactive types the simulator accepts without checking them in depth. */
const OTHER_INTERACTIVE = new Set([
  'product',
  'product_list',
  'catalog_message',
  'flow',
  'location_request_message',
  'address_message',
  'call_permission_request',
  'carousel',
]);

const missing = (name: string) => new SimulatedGraphError(131008, `The parameter ${name} is required.`);
const invalid = (details: string) => new SimulatedGraphError(100, details);

function obj(value: unknown): Obj | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : null;
}

function chars(value: unknown): number {
  return typeof value === 'string' ? [...value].length : 0;
}

function atMost(value: unknown, max: number, name: string): void {
  if (chars(value) > max) throw invalid(`Param ${name} must be at most ${max} characters long.`);
}

function requiredText(value: unknown, name: string): void {
  if (typeof value !== 'string' || value === '') throw missing(name);
}

function checkMedia(type: string, media: Obj): void {
  const hasId = typeof media.id === 'string' && media.id !== '';
  const hasLink = typeof media.link === 'string' && media.link !== '';
  if (hasId === hasLink) throw invalid(`Param ${type} must have exactly one of id or link.`);
  if (hasLink && !/^https?:\/\//.test(media.link as string)) throw invalid(`Param ${type}['link'] is not a valid URI.`);
  if (media.caption !== undefined) {
    if (type === 'audio' || type === 'sticker') throw invalid(`Param ${type}['caption'] is not allowed for ${type} messages.`);
    atMost(media.caption, 1024, `${type}['caption']`);
  }
}

function checkInteractive(i: Obj): void {
  const type = i.type as string;
  if (OTHER_INTERACTIVE.has(type)) return;
  if (!['button', 'list', 'cta_url'].includes(type))
    throw invalid(`Param interactive['type'] must be one of {BUTTON, LIST, CTA_URL, PRODUCT, PRODUCT_LIST, FLOW, ...}.`);
  requiredText(obj(i.body)?.text, "interactive['body']['text']");
  atMost(obj(i.footer)?.text, 60, "interactive['footer']['text']");
  const header = obj(i.header);
  if (header?.type === 'text') atMost(header.text, 60, "interactive['header']['text']");
  const action = obj(i.action);
  if (!action) throw missing("interactive['action']");
  if (type === 'button') {
    atMost(obj(i.body)?.text, 1024, "interactive['body']['text']");
    const buttons = Array.isArray(action.buttons) ? (action.buttons as Obj[]) : [];
    if (buttons.length < 1 || buttons.length > 3) throw invalid("Param interactive['action']['buttons'] must have between 1 and 3 elements.");
    const titles = new Set<string>();
    const ids = new Set<string>();
    buttons.forEach((b, n) => {
      const reply = obj(b.reply);
      requiredText(reply?.title, `interactive['action']['buttons'][${n}]['reply']['title']`);
      requiredText(reply?.id, `interactive['action']['buttons'][${n}]['reply']['id']`);
      atMost(reply?.title, 20, `interactive['action']['buttons'][${n}]['reply']['title']`);
      atMost(reply?.id, 256, `interactive['action']['buttons'][${n}]['reply']['id']`);
      titles.add(reply!.title as string);
      ids.add(reply!.id as string);
    });
    if (titles.size !== buttons.length || ids.size !== buttons.length) throw invalid('Button titles and ids must be unique.');
  } else if (type === 'list') {
    requiredText(action.button, "interactive['action']['button']");
    atMost(action.button, 20, "interactive['action']['button']");
    const sections = Array.isArray(action.sections) ? (action.sections as Obj[]) : [];
    if (sections.length < 1 || sections.length > 10) throw invalid("Param interactive['action']['sections'] must have between 1 and 10 elements.");
    const rows = sections.flatMap((s) => (Array.isArray(s.rows) ? (s.rows as Obj[]) : []));
    if (rows.length < 1 || rows.length > 10) throw invalid('A list message has between 1 and 10 rows in all.');
    for (const s of sections) {
      if (sections.length > 1) requiredText(s.title, "interactive['action']['sections'][]['title']");
      atMost(s.title, 24, "interactive['action']['sections'][]['title']");
    }
    for (const r of rows) {
      requiredText(r.id, "rows[]['id']");
      requiredText(r.title, "rows[]['title']");
      atMost(r.title, 24, "rows[]['title']");
      atMost(r.id, 200, "rows[]['id']");
      atMost(r.description, 72, "rows[]['description']");
    }
  } else {
    atMost(obj(i.body)?.text, 1024, "interactive['body']['text']");
    const parameters = obj(action.parameters);
    requiredText(parameters?.display_text, "interactive['action']['parameters']['display_text']");
    requiredText(parameters?.url, "interactive['action']['parameters']['url']");
    atMost(parameters?.display_text, 20, "interactive['action']['parameters']['display_text']");
  }
}

/** Checks a free-form (non-template) message body; the template check lives with the template registry. */
export function checkFreeForm(type: string, body: Obj): void {
  if (!FREE_FORM.has(type)) throw new SimulatedGraphError(131051, `Message type ${type} is not supported.`);
  const content = type === 'contacts' ? null : obj(body[type]);
  if (type !== 'contacts' && !content) throw missing(type);
  switch (type) {
    case 'text':
      requiredText(content!.body, "text['body']");
      atMost(content!.body, 4096, "text['body']");
      return;
    case 'location':
      if (typeof content!.latitude !== 'number' || typeof content!.longitude !== 'number') throw missing("location['latitude'] and location['longitude']");
      return;
    case 'contacts': {
      const cards = body.contacts;
      if (!Array.isArray(cards) || cards.length === 0) throw missing('contacts');
      cards.forEach((c, n) => requiredText(obj(obj(c)?.name)?.formatted_name, `contacts[${n}]['name']['formatted_name']`));
      return;
    }
    case 'interactive':
      checkInteractive(content!);
      return;
    case 'reaction':
      requiredText(content!.message_id, "reaction['message_id']");
      if (typeof content!.emoji !== 'string') throw missing("reaction['emoji']");
      return;
    default:
      if (MEDIA.has(type)) checkMedia(type, content!);
  }
}

/** The media ids a send refers to, for the async 131053 of an unknown id. */
export function mediaIdsIn(type: string, body: Obj): string[] {
  const ids: string[] = [];
  const visit = (value: unknown, key?: string) => {
    if (Array.isArray(value)) value.forEach((v) => visit(v));
    else if (obj(value)) for (const [k, v] of Object.entries(value as Obj)) visit(v, k);
    else if (key === 'id' && typeof value === 'string') ids.push(value);
  };
  if (type === 'reaction') return ids;
  visit(type === 'template' ? body.template : body[type]);
  return ids;
}
