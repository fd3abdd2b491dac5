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
    return { outcome: { kind: 'transient', status: null, reason: timedOut ? `no answer within ${timeoutMs} ms` : 'the host could not be reached' }, status: null, json: null };
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
