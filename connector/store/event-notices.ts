/**
 * PostgreSQL tells every instance when `events` grew: each insert notifies the
 * `go2msg_events` channel at commit (migration 202612062200), and each instance
 * keeps one connection that LISTENs, outside the knex pool (a pooled
 * connection would be handed to queries and lose its LISTEN). When that
 * connection drops it is opened again, and `onNotice` is called once it is
 * back, since notices sent meanwhile are lost. The tailer's slow poll covers
 * the time in between.
 */
import type pg from 'pg';
import type { Logger } from 'pino';

export const EVENTS_CHANNEL = 'go2msg_events';
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

export class EventNotices {
  private client: pg.Client | null = null;
  private stopped = false;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly onNotice: () => void,
    private readonly log: Logger,
  ) {}

  /** Resolves once listening, or after the first failure (retried in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    // Loaded here: only PostgreSQL listens, and on SQLite the driver is never loaded.
    const { default: driver } = await import('pg');
    const client = new driver.Client({ connectionString: this.url });
    let lost = false;
    const reconnect = (error?: unknown) => {
      if (lost || this.stopped) return;
      lost = true;
      if (this.client === client) this.client = null;
      void client.end().catch(() => {});
      this.failures += 1;
      const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** (this.failures - 1));
      this.log.warn(
        { err: error, retryInMs: delay },
        'live updates: the LISTEN connection to PostgreSQL was lost; other instances reach these panels through the slow poll until it is back',
      );
      this.retry = setTimeout(() => void this.connect(), delay);
      this.retry.unref();
    };
    client.on('error', reconnect);
    client.on('end', () => reconnect());
    client.on('notification', (message) => {
      if (message.channel === EVENTS_CHANNEL) this.onNotice();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
      // Anything committed while not listening was not announced.
      if (this.failures > 0) this.onNotice();
      this.failures = 0;
    } catch (error) {
      reconnect(error);
    }
  }
}
