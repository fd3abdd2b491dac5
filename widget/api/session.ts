/**
 * The signed-in teammate for one connector, shared by every panel on the page,
 * kept in memory only: nothing is written to the host page's storage, where
 * the host's own scripts could read it.
 */
import type { IssuedToken, SignedInTeammate } from './connector-client';

type Listener = () => void;

export class PanelSession {
  private issued: IssuedToken | null = null;
  private readonly listeners = new Set<Listener>();

  get token(): string | null {
    return this.issued && this.issued.expiresAt > Date.now() ? this.issued.accessToken : null;
  }

  get teammate(): SignedInTeammate | null {
    return this.token ? this.issued!.teammate : null;
  }

  set(issued: IssuedToken | null): void {
    this.issued = issued;
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const sessions = new Map<string, PanelSession>();

/** One session per connector origin, so two panels on a page sign in once. */
export function sessionFor(connectorUrl: string): PanelSession {
  const key = new URL(connectorUrl).origin;
  let session = sessions.get(key);
  if (!session) {
    session = new PanelSession();
    sessions.set(key, session);
  }
  return session;
}
