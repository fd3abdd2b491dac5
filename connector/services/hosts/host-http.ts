/**
 * One HTTP call to a host, with a deadline: its answer read into an outcome
 * (@domain/host-delivery). A timeout or a network failure is transient; nothing
 * from the request (its credentials) is put in the reason.
 */
import { outcomeOfStatus, type HostCallOutcome } from '@domain/host-delivery';

export interface HostAnswer {
  outcome: HostCallOutcome;
  status: number | null;
  /** The answer's JSON when it had one. */
  json: unknown;
}

export async function callHost(doFetch: typeof fetch, url: string, init: RequestInit, timeoutMs: number, now: () => number): Promise<HostAnswer> {
  let response: Response;
  try {
    response = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      outcome: { kind: 'transient', status: null, reason: timedOut ? `no answer within ${timeoutMs} ms` : 'the host could not be reached' },
      status: null,
      json: null,
    };
  }
  const text = await response.text().catch(() => '');
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { outcome: outcomeOfStatus(response.status, response.headers.get('retry-after'), now()), status: response.status, json };
}

/** Stops a sequence of calls to a host at the first answer that is not a success; the delivery takes its outcome. */
export class HostCallInterrupted extends Error {
  constructor(readonly outcome: HostCallOutcome) {
    super('interrupted');
  }
}

/** A host's REST API: JSON calls with its credential, each one's outcome read as above. */
export class HostApi {
  constructor(
    private readonly options: {
      doFetch: typeof fetch;
      baseUrl: string;
      /** The Authorization header, or how to get it (an OAuth token fetched when needed). */
      authorization: string | (() => Promise<string>);
      timeoutMs: number;
      now: () => number;
      /** The host's own words for a refusal, from its error body: kept with a dead letter. */
      explain: (json: unknown) => string;
      /** A 401 means the token expired (Salesforce's sessions): forget it; the call is made once more with a new one. */
      onUnauthorized?: () => void;
      /** The host's own reading of an answer, where its status alone misleads (Salesforce's 403 REQUEST_LIMIT_EXCEEDED is a rate limit). */
      classify?: (status: number, json: unknown) => HostCallOutcome | null;
    },
  ) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HostAnswer> {
    const answer = await this.callOnce(method, path, body, headers);
    if (answer.status !== 401 || !this.options.onUnauthorized) return answer;
    this.options.onUnauthorized();
    return this.callOnce(method, path, body, headers);
  }

  private async callOnce(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<HostAnswer> {
    const authorization = typeof this.options.authorization === 'string' ? this.options.authorization : await this.options.authorization();
    const answer = await callHost(
      this.options.doFetch,
      `${this.options.baseUrl}${path}`,
      {
        method,
        headers: { authorization, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
      },
      this.options.timeoutMs,
      this.options.now,
    );
    const outcome = answer.status === null ? null : this.options.classify?.(answer.status, answer.json);
    return outcome ? { ...answer, outcome } : answer;
  }

  /** The answer's JSON, or the delivery stops here with its outcome. */
  async ok<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const answer = await this.call(method, path, body, headers);
    if (answer.outcome.kind !== 'delivered') throw new HostCallInterrupted(this.explained(answer));
    return (answer.json ?? {}) as T;
  }

  explained(answer: HostAnswer): HostCallOutcome {
    const outcome = answer.outcome;
    if (outcome.kind !== 'permanent' && outcome.kind !== 'transient') return outcome;
    const words = this.options.explain(answer.json);
    return words ? { ...outcome, reason: `${outcome.reason} (${words.slice(0, 300)})` } : outcome;
  }
}

/** Runs a delivery's calls; an interruption becomes the delivery's outcome. */
export async function deliverWith(calls: () => Promise<void>): Promise<HostCallOutcome> {
  try {
    await calls();
    return { kind: 'delivered' };
  } catch (error) {
    if (error instanceof HostCallInterrupted) return error.outcome;
    throw error;
  }
}
