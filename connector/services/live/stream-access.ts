/**
 * Open streams keep checking that their teammate may still see them: every
 * heartbeat, and at once when an `access` event names the teammate (signed
 * out, disabled, session ended). Streams opened with one bearer token (a panel
 * page's thread and inbox streams share their session's token) are one group,
 * checked once per beat, and every group is checked in one read (per 500
 * tokens), so the cost at rest does not grow with the number of open panels.
 * A good check writes a keep-alive to each stream (proxies close idle
 * connections); a refused one ends each stream with its reason.
 */
import type { Logger } from 'pino';
import { DomainError } from '@domain/errors';
import { periodicLoop, type WorkerLoop } from '../runtime/worker-loop';

export interface AccessMember {
  keepAlive(): void;
  signOut(code: string): void;
}

export interface StreamAccessDeps {
  /** The refusal for each token that no longer keeps a stream open (auth/sessions.ts refusedStreams). */
  refused: (tokens: readonly string[]) => Promise<Map<string, DomainError>>;
  log: Logger;
  heartbeatMs: number;
}

interface Group {
  teammateId: number;
  members: Set<AccessMember>;
}

export class StreamAccess {
  private readonly groups = new Map<string, Group>();
  /** The heartbeat, every heartbeatMs (first one interval after start); one beat at a time, never stacked. */
  private readonly heartbeat: WorkerLoop;

  constructor(private readonly deps: StreamAccessDeps) {
    this.heartbeat = periodicLoop(
      'stream heartbeat',
      () => this.beat(),
      deps.heartbeatMs,
      deps.log,
      (error) => deps.log.warn({ err: error }, 'live updates: the heartbeat failed; trying again at the next beat'),
    );
  }

  start(): void {
    this.heartbeat.start();
  }

  stop(): Promise<void> {
    return this.heartbeat.stop();
  }

  /** Adds a stream opened with this token; returns its leave. */
  join(token: string, teammateId: number, member: AccessMember): () => void {
    let group = this.groups.get(token);
    if (!group) this.groups.set(token, (group = { teammateId, members: new Set() }));
    group.members.add(member);
    return () => {
      const current = this.groups.get(token);
      current?.members.delete(member);
      if (current?.members.size === 0) this.groups.delete(token);
    };
  }

  /** The heartbeat: every group checked in one read; keep-alives to the good, sign-outs to the rest. */
  private async beat(): Promise<void> {
    if (this.groups.size === 0) return;
    const tokens = [...this.groups.keys()];
    const refused = await this.check(tokens);
    if (!refused) return;
    for (const token of tokens) {
      if (refused.has(token)) continue;
      for (const member of this.groups.get(token)?.members ?? []) member.keepAlive();
    }
  }

  /** An `access` event named this teammate: their groups are checked now. */
  async recheck(teammateId: number): Promise<void> {
    const tokens = [...this.groups].filter(([, group]) => group.teammateId === teammateId).map(([token]) => token);
    if (tokens.length) await this.check(tokens);
  }

  /** Checks the tokens and signs out the refused groups; null when the check itself failed (tried again next beat). */
  private async check(tokens: string[]): Promise<Map<string, DomainError> | null> {
    let refused: Map<string, DomainError>;
    try {
      refused = await this.deps.refused(tokens);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'live updates: could not check the open streams; trying again at the next beat');
      return null;
    }
    for (const [token, error] of refused) {
      const group = this.groups.get(token);
      this.groups.delete(token);
      for (const member of group?.members ?? []) member.signOut(error.code);
    }
    return refused;
  }
}
