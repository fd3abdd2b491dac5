/**
 * The line a person reads for a message, kept beside its content: the text,
 * a caption, a template with its values, what was tapped, a shared place.
 */
import type { StoredContent } from '../../store/messages';

type Obj = Record<string, unknown> | undefined;

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
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
      return str(reply?.title) ?? str((typed?.body as Obj)?.text);
    }
    case 'reaction':
      return str(typed?.emoji);
    case 'location':
      return str(typed?.name) ?? str(typed?.address) ?? (typed?.latitude !== undefined ? `${typed.latitude}, ${typed.longitude}` : null);
    case 'contacts': {
      const names = (content.contacts as Array<{ name?: { formatted_name?: string } }> | undefined)?.map((c) => c.name?.formatted_name).filter(Boolean);
      return names?.length ? names.join(', ') : null;
    }
    case 'order':
      return str(typed?.text);
    case 'system':
      return str(typed?.body);
    default:
      return null;
  }
}

/**
 * Meta's timestamps have whole seconds; our replies have milliseconds. Within
 * the second Meta names, the receipt time orders a message from WhatsApp (a
 * customer's, or one the business sent from the phone app) correctly after a
 * reply sent earlier in that same second.
 */
export function displayTime(metaMs: number, receivedAt: number): number {
  return Math.max(metaMs, Math.min(receivedAt, metaMs + 999));
}
