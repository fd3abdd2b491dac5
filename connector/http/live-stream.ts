/**
 * A live stream as Server-Sent Events: the response subscribes to the
 * instance's fan-out (services/live/live-streams.ts) and joins its session's access
 * checks (services/live/stream-access.ts). It never reads the database itself,
 * beyond its one catch-up from Last-Event-ID.
 *
 * Backpressure: a stream whose reader stops reading must not hold memory
 * without bound. Once writes are refused (the socket's buffer is full) and more
 * than `bufferLimitBytes` wait in this process, the reader has `stallMs` to
 * drain them; past 4 × `bufferLimitBytes`, or when that time is up, the
 * connection is dropped (and logged with why). A burst to a reader that is
 * keeping up drains long before. The panel reconnects with Last-Event-ID and
 * resumes exactly where it stopped, its catch-up read paced by the socket.
 */
import type express from 'express';
import type { Logger } from 'pino';
import type { FeedFilter } from '../store/events';
import type { LiveStreams, StreamSink } from '../services/live/live-streams';
import type { StreamAccess } from '../services/live/stream-access';

export interface LiveStreamDeps {
  streams: LiveStreams;
  access: StreamAccess;
  log: Logger;
  /** Resolves once the tailer has its starting point. */
  ready: Promise<void>;
  bufferLimitBytes: number;
  stallMs: number;
}

/** A quarter of a mebibyte per stream (about 250 message events) may wait for a slow reader, a mebibyte at most. */
export const STREAM_BUFFER_LIMIT_BYTES = 256 * 1024;
export const STREAM_STALL_MS = 5_000;

const KEEP_ALIVE = Buffer.from(': keep-alive\n\n');

function resumePoint(req: express.Request): number | null {
  const raw = req.get('last-event-id') ?? (typeof req.query.after === 'string' ? req.query.after : undefined);
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}

class ResponseSink implements StreamSink {
  closed: boolean;
  readonly maxWaitingBytes: number;
  private stall: NodeJS.Timeout | null = null;

  constructor(
    private readonly res: express.Response,
    private readonly limits: { bufferLimitBytes: number; stallMs: number },
    private readonly onDrop: (reason: string, bytesWaiting: number) => void,
  ) {
    // The panel may have gone while the stream was being set up.
    this.closed = res.closed || res.destroyed;
    this.maxWaitingBytes = 4 * limits.bufferLimitBytes;
    res.once('close', () => {
      this.closed = true;
      this.clearStall();
    });
    res.on('drain', () => this.clearStall());
  }

  write(frame: Buffer): boolean {
    if (this.closed) return true;
    if (this.res.write(frame)) return true;
    const waiting = this.res.writableLength;
    if (waiting > this.maxWaitingBytes) {
      this.abandon('too much waiting for the reader', waiting);
    } else if (waiting > this.limits.bufferLimitBytes && !this.stall) {
      this.stall = setTimeout(() => {
        this.stall = null;
        if (this.res.writableNeedDrain && this.res.writableLength > this.limits.bufferLimitBytes)
          this.abandon('the reader stopped reading', this.res.writableLength);
      }, this.limits.stallMs);
      this.stall.unref();
    }
    return false;
  }

  private clearStall(): void {
    if (this.stall) clearTimeout(this.stall);
    this.stall = null;
  }

  abandon(reason: string, bytesWaiting: number): void {
    if (this.closed) return;
    this.closed = true;
    this.clearStall();
    this.onDrop(reason, bytesWaiting);
    // destroy, not end: ending would keep the waiting bytes until a reader that stopped reads them.
    this.res.destroy();
  }

  drained(): Promise<void> {
    if (this.closed || !this.res.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }

  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.res.end();
  }
}

/** Serves one SSE stream of the events `filter` shows, from the request's Last-Event-ID. */
export async function serveLiveStream(deps: LiveStreamDeps, req: express.Request, res: express.Response, filter: FeedFilter): Promise<void> {
  await deps.ready;
  const teammateId = res.locals.teammate.id;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const sink = new ResponseSink(res, deps, (reason, bytesWaiting) =>
    deps.log.warn(
      { teammateId, filter, reason, bytesWaiting },
      'stream dropped: its reader is not keeping up; the panel reconnects and resumes from its last event',
    ),
  );
  const unsubscribe = deps.streams.subscribe(filter, resumePoint(req), sink);
  const leave = deps.access.join(res.locals.bearerToken, teammateId, {
    keepAlive: () => void sink.write(KEEP_ALIVE),
    signOut: (code) => {
      sink.write(Buffer.from(`event: signed-out\ndata: ${JSON.stringify({ code })}\n\n`));
      sink.end();
    },
  });
  res.once('close', () => {
    unsubscribe();
    leave();
  });
  if (sink.closed) {
    unsubscribe();
    leave();
  }
}
