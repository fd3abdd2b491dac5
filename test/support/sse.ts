/** Reads a Server-Sent Events stream in tests, as the panel does (fetch + bearer). */
import { createParser } from 'eventsource-parser';

export interface ReceivedEvent {
  id: number;
  event: string;
  data: Record<string, unknown>;
}

export function openStream(url: string, headers: Record<string, string>): { events: ReceivedEvent[]; status: Promise<number>; close(): void } {
  const controller = new AbortController();
  const events: ReceivedEvent[] = [];
  const status = fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal }).then(async (response) => {
    const parser = createParser({ onEvent: (m) => events.push({ id: Number(m.id), event: m.event ?? 'message', data: JSON.parse(m.data) }) });
    void (async () => {
      try {
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
      } catch {
        // aborted by close()
      }
    })();
    return response.status;
  });
  return { events, status, close: () => controller.abort() };
}
