/**
 * What an agent may send, and the checks made before it is stored.
 *
 * Content keeps the Cloud API's own shape (`{type:"text", text:{body}}`) so
 * that nothing is lost between the panel, the store and Meta.
 */
import { DomainError } from './errors';
import { TEXT_BODY_MAX } from './limits';
import type { ReplyWindow } from './reply-window';

export interface TextContent {
  type: 'text';
  text: { body: string; preview_url?: boolean };
}

export interface TemplateParameter {
  type: 'text';
  text: string;
}

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

export type OutboundContent = TextContent | TemplateContent;

/** Free-form content is everything except templates: it needs an open window. */
export function needsOpenWindow(content: OutboundContent): boolean {
  return content.type !== 'template';
}

export function checkText(body: string): void {
  if (body.trim() === '') throw new DomainError('TEXT_EMPTY');
  // Meta counts characters; code points are the closest a client can count before sending.
  const length = [...body].length;
  if (length > TEXT_BODY_MAX) throw new DomainError('TEXT_TOO_LONG', { length, max: TEXT_BODY_MAX });
}

/** The window rule applied to one send. */
export function checkWindowAllows(content: OutboundContent, window: ReplyWindow): void {
  if (needsOpenWindow(content) && !window.open) {
    throw new DomainError('WINDOW_CLOSED', { closedAt: window.closesAt, state: window.state });
  }
}
