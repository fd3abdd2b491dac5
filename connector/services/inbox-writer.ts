/**
 * Stores signed webhook bodies with group commit: the bodies that arrive while
 * a write is in progress are stored together in the next one, so a burst of
 * webhooks costs a few commits instead of one each. Each request is answered
 * only after its body is stored, so an acknowledgement still means "kept".
 */
import type { Db } from '../store/db';
import { storeWebhooks } from '../store/webhook-inbox';
import type { Clock } from './clock';

interface Waiting {
  body: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class InboxWriter {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly deps: { db: Db; clock: Clock; onStored: () => void }) {}

  store(body: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ body, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    while (this.waiting.length) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await storeWebhooks(this.deps.db, batch.map((w) => w.body), this.deps.clock.now());
        for (const w of batch) w.resolve();
        this.deps.onStored();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.writing = false;
  }
}
