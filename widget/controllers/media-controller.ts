/**
 * Media files for the messages on screen. The connector serves them behind the
 * bearer token, which <img>, <audio> and <video> cannot send, so each file is
 * fetched once and shown through an object URL; every URL is revoked when the
 * panel leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MediaView } from '@domain/views';
import type { ConnectorClient } from '../api/connector-client';

export type MediaState = { state: 'loading' } | { state: 'ready'; url: string } | { state: 'error' };

export class MediaController implements ReactiveController {
  readonly #files = new Map<string, MediaState>();
  /** Fetches under way, for url() to wait on. */
  readonly #fetching = new Map<string, Promise<void>>();
  #abort = new AbortController();

  readonly #host: ReactiveControllerHost;
  readonly #client: () => ConnectorClient | null;

  constructor(host: ReactiveControllerHost, client: () => ConnectorClient | null) {
    this.#host = host;
    this.#client = client;
    host.addController(this);
  }

  /** The file's state; starts fetching it unless `fetch` is false (large videos wait for a click). */
  get(media: MediaView, fetch = true): MediaState | undefined {
    const known = this.#files.get(media.id);
    if (known || !fetch || media.status !== 'ready') return known;
    this.#load(media);
    return this.#files.get(media.id);
  }

  /** Resolves with an object URL once the file is here. */
  async url(media: MediaView): Promise<string | null> {
    this.get(media);
    await this.#fetching.get(media.id);
    const state = this.#files.get(media.id);
    return state?.state === 'ready' ? state.url : null;
  }

  /** Saves the file under its name, as a download. */
  async download(media: MediaView, fallbackName: string): Promise<void> {
    const url = await this.url(media);
    if (!url) return;
    const link = document.createElement('a');
    link.href = url;
    link.download = media.filename ?? fallbackName;
    link.rel = 'noopener';
    link.click();
  }

  hostDisconnected(): void {
    this.clear();
  }

  clear(): void {
    this.#abort.abort();
    this.#abort = new AbortController();
    for (const state of this.#files.values()) if (state.state === 'ready') URL.revokeObjectURL(state.url);
    this.#files.clear();
    this.#fetching.clear();
  }

  #load(media: MediaView): void {
    const client = this.#client();
    if (!client) return;
    this.#files.set(media.id, { state: 'loading' });
    const signal = this.#abort.signal;
    const fetching = client
      .media(media.url, signal)
      .then((blob) => {
        if (signal.aborted) return;
        this.#files.set(media.id, { state: 'ready', url: URL.createObjectURL(blob) });
      })
      .catch(() => {
        if (!signal.aborted) this.#files.set(media.id, { state: 'error' });
      })
      .finally(() => {
        if (this.#fetching.get(media.id) === fetching) this.#fetching.delete(media.id);
        this.#host.requestUpdate();
      });
    this.#fetching.set(media.id, fetching);
  }
}
