/** Webhook bodies that failed for good, as the admin API shows them (GET /api/admin/webhooks/dead-letters). */
export interface DeadLetterView {
  /** The body's id in the webhook inbox. */
  id: number;
  receivedAt: number;
  /** When it became a dead letter: refused on arrival, or after its last attempt. */
  failedAt: number;
  /** Attempts to apply it (0 when it was refused on arrival). */
  attempts: number;
  /** Why it failed, as the last attempt saw it. */
  error: string | null;
  /** Characters in the stored body. */
  length: number;
}

export interface DeadLetterPage {
  /** Newest first. */
  data: DeadLetterView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: string | null;
}

export const DEAD_LETTER_PAGE_SIZE = 50;
export const DEAD_LETTER_PAGE_MAX = 200;
