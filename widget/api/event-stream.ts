/**
 * Live updates over Server-Sent Events, read with fetch so the bearer token
 * goes in a header (EventSource cannot send one, and a token in the URL would
 * end up in logs). After a drop it reconnects with Last-Event-ID, so the
 * connector resumes exactly after the last event seen: no gap, no repeat.
 */
import { createParser } from 'eventsource-parser';
import type { LiveEvent } from '@domain/views';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface EventStreamOptions {
  url: string;
  token: () => string | null;
  lastEventId: number;
  onEvent: (event: LiveEvent, id: number) => void;
  onState: (state: StreamState) => void;
  /** The connector ended the stream because the teammate is signed out or disabled. */
  onSignedOut: (code: string) => void;
}

const MAX_BACKOFF_MS = 15_000;

export function openEventStream(options: EventStreamOptions): () => void {
  const controller = new AbortController();
  let lastId = options.lastEventId;
  let failures = 0;
  let stopped = false;

  const run = async (): Promise<void> => {
    while (!stopped) {
      options.onState(failures === 0 ? 'connecting' : 'reconnecting');
      try {
        const token = options.token();
        const response = await fetch(options.url, {
          headers: { accept: 'text/event-stream', 'last-event-id': String(lastId), ...(token ? { authorization: `Bearer ${token}` } : {}) },
          credentials: 'omit',
          signal: controller.signal,
        });
        if (response.status === 401 || response.status === 403) {
          options.onSignedOut(response.status === 403 ? 'TEAMMATE_DISABLED' : 'UNAUTHENTICATED');
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        let signedOut: string | null = null;
        const parser = createParser({
          onEvent: (message) => {
            if (message.event === 'signed-out') {
              signedOut = (JSON.parse(message.data) as { code: string }).code;
              return;
            }
            const id = Number(message.id);
            if (Number.isFinite(id)) lastId = id;
            options.onEvent(JSON.parse(message.data) as LiveEvent, id);
          },
        });
        options.onState('live');
        failures = 0;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
        if (signedOut) {
          options.onSignedOut(signedOut);
          return;
        }
        throw new Error('stream ended');
      } catch {
        if (stopped) return;
        failures += 1;
        options.onState('reconnecting');
        const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(failures, 5)) * (0.75 + Math.random() / 2);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };

  void run();
  return () => {
    stopped = true;
    controller.abort();
    options.onState('closed');
  };
}
