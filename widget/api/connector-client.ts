/**
 * The panel's only door to the connector: every call carries the bearer token,
 * none carries cookies (the panel runs on the host's origin, where the
 * connector's cookies would be third-party).
 */
import type { OutboundContent } from '@domain/outbound';
import type { AttemptPollResponse, SignedInTeammate, TokenResponse } from '@domain/sign-in';
import type { Template } from '@domain/templates';
import type { MessageView, ThreadView } from '@domain/views';
import { ApiError } from './errors';

export type { SignedInTeammate } from '@domain/sign-in';
/** What sign-in and renewal answer. */
export type IssuedToken = TokenResponse;

export class ConnectorClient {
  /**
   * `renew` is tried once when an API call is refused for an ended bearer
   * token (a laptop that slept past the renewal), then the call is repeated.
   */
  constructor(
    readonly baseUrl: string,
    private readonly token: () => string | null,
    private readonly renew: (() => Promise<boolean>) | null = null,
  ) {}

  private async request<T>(path: string, init: RequestInit = {}, retried = false): Promise<T> {
    const headers = new Headers(init.headers);
    const token = this.token();
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (init.body) headers.set('content-type', 'application/json');
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, credentials: 'omit' });
    } catch {
      throw ApiError.network();
    }
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    if (response.status === 401 && !retried && this.renew && path.startsWith('/api/') && (await this.renew())) {
      return this.request(path, init, true);
    }
    if (!response.ok) throw ApiError.fromBody(response.status, body);
    return body as T;
  }

  thread(contact: string, before?: string): Promise<ThreadView> {
    const query = before ? `?before=${encodeURIComponent(before)}` : '';
    return this.request(`/api/contacts/${encodeURIComponent(contact)}/thread${query}`);
  }

  send(contact: string, content: OutboundContent, idempotencyKey: string): Promise<{ message: MessageView; replayed: boolean }> {
    return this.request(`/api/contacts/${encodeURIComponent(contact)}/messages`, {
      method: 'POST',
      headers: { 'idempotency-key': idempotencyKey },
      body: JSON.stringify(content),
    });
  }

  templates(): Promise<{ data: Template[] }> {
    return this.request('/api/templates');
  }

  redeem(body: { attempt: string; code: string; verifier: string; linkTicket?: string }): Promise<IssuedToken> {
    return this.request('/auth/token', { method: 'POST', body: JSON.stringify(body) });
  }

  /** How the popup's sign-in went, proven with the verifier (for a popup that lost its opener). */
  pollAttempt(attempt: string, body: { verifier: string; linkTicket?: string }): Promise<AttemptPollResponse> {
    return this.request(`/auth/attempts/${encodeURIComponent(attempt)}`, { method: 'POST', body: JSON.stringify(body) });
  }

  refresh(refreshToken: string): Promise<IssuedToken> {
    return this.request('/auth/refresh', { method: 'POST', body: JSON.stringify({ refreshToken }) });
  }

  /** Sign-in vouched for by the host the panel runs in. */
  hostSession(host: string, proof: string): Promise<IssuedToken> {
    return this.request('/auth/host-session', { method: 'POST', body: JSON.stringify({ host, proof }) });
  }

  logout(): Promise<{ endSessionUrl: string | null }> {
    return this.request('/auth/logout', { method: 'POST' });
  }

  eventsUrl(contact: string): string {
    return `${this.baseUrl}/api/contacts/${encodeURIComponent(contact)}/events`;
  }
}
