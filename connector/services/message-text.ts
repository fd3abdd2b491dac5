/**
 * The line a person reads for a message, kept beside its content: the text,
 * a caption, a template with its values, or what was tapped.
 */
import type { StoredContent } from '../store/messages';

type Obj = Record<string, unknown> | undefined;

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function readableText(content: StoredContent, renderedTemplate?: string): string | null {
  const typed = content[content.type] as Obj;
  switch (content.type) {
    case 'text':
      return str(typed?.body);
    case 'template':
      return renderedTemplate ?? null;
    case 'image':
    case 'video':
    case 'document':
      return str(typed?.caption) ?? str(typed?.filename);
    case 'button':
      return str(typed?.text);
    case 'interactive': {
      const reply = (typed?.button_reply ?? typed?.list_reply) as Obj;
      return str(reply?.title);
    }
    case 'reaction':
      return str(typed?.emoji);
    case 'location':
      return str(typed?.name) ?? str(typed?.address);
    default:
      return null;
  }
}
