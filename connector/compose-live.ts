/**
 * Live updates' parts, built for the composition root (connector.ts): one
 * tailer of the `events` feed per instance, the fan-out to open streams, the
 * streams' shared access checks, and on PostgreSQL the LISTEN connection that
 * hears other instances' commits.
 */
import type { Logger } from 'pino';
import { refusedStreams, type SignInDeps } from './auth/sessions';
import type { DatabaseConfig, Db } from './store/db';
import { EventNotices } from './store/event-notices';
import { STREAM_BUFFER_LIMIT_BYTES, STREAM_STALL_MS, type LiveStreamDeps } from './http/live-stream';
import { systemClock } from './services/runtime/clock';
import { EventTailer, TAILER_DEFAULTS, type TailerOptions } from './services/live/event-tailer';
import type { LiveFeed } from './services/live/live-feed';
import { LiveStreams } from './services/live/live-streams';
import { StreamAccess } from './services/live/stream-access';

/** Streams check their access and send a keep-alive this often (the latest a sign-out reaches another instance's streams without a notice). */
const HEARTBEAT_MS = 15_000;

export interface LiveOptions {
  /** Bytes a stream may leave waiting for its reader for `stallMs` (4 × at most) before it is dropped. */
  bufferLimitBytes?: number;
  stallMs?: number;
  heartbeatMs?: number;
  tailer?: Partial<TailerOptions>;
}

export interface LiveParts {
  streams: LiveStreams;
  tailer: EventTailer;
  /** What the SSE routes need. */
  route: LiveStreamDeps;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function composeLive(
  database: DatabaseConfig,
  deps: { reader: Db; log: Logger; live: LiveFeed; signIn: SignInDeps },
  options: LiveOptions = {},
): LiveParts {
  const { reader, log, live } = deps;
  const access = new StreamAccess({ refused: (tokens) => refusedStreams(deps.signIn, tokens), log, heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS });
  const tailer: EventTailer = new EventTailer(
    { db: reader, wallClock: systemClock, log, onEvents: (rows, late) => streams.dispatch(rows, late) },
    { ...TAILER_DEFAULTS, ...options.tailer },
  );
  const streams = new LiveStreams({
    db: reader,
    log,
    released: () => tailer.released,
    onAccessChanged: (teammateId) => void access.recheck(teammateId),
  });
  live.subscribe(() => tailer.kick());
  live.followReleased(() => tailer.released);
  const notices = database.kind === 'postgres' ? new EventNotices(database.url, () => tailer.kick(), log) : null;

  let started: () => void = () => {};
  const ready = new Promise<void>((resolve) => (started = resolve));
  return {
    streams,
    tailer,
    route: {
      streams,
      access,
      log,
      ready,
      bufferLimitBytes: options.bufferLimitBytes ?? STREAM_BUFFER_LIMIT_BYTES,
      stallMs: options.stallMs ?? STREAM_STALL_MS,
    },
    async start() {
      // Listen first: a commit between the tailer's first read and the LISTEN would otherwise wait for the poll.
      await notices?.start();
      await tailer.start();
      access.start();
      started();
    },
    async stop() {
      await access.stop();
      await tailer.stop();
      await notices?.stop();
    },
  };
}
