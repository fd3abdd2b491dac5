/**
 * The panel's only door to the connector: every call carries the bearer token,
 * none carries cookies (the panel runs on the host's origin, where the
 * connector's cookies would be third-party).
 */
import type { AccountAlert, BusinessProfileView, NumberHealthResponse } from '@domain/account-views';
import type { OutboundContent } from '@domain/outbound';
import type { AttemptPollResponse, TokenResponse } from '@domain/sign-in';
import type { Template } from '@domain/templates';
import type { MessageView, ThreadView } from '@domain/views';
import { ApiError } from './errors';
import type { Upload, UploadRequest } from './media-upload';

export type { SignedInTeammate } from '@domain/sign-in';
/** What sign-in and renewal answer. */
export type IssuedToken = TokenResponse;

/**
 * The sending number's identity (GET /api/business-profile, from the admin
 * issue). Read defensively: the panel shows what is there and nothing else.
 */
export interface BusinessIdentity {
  name: string | null;
  about: string | null;
  pictureUrl: string | null;
  verified: boolean;
}

/** The sending number's health (GET /api/number-health). */
export interface NumberHealth {
  /** Meta's quality rating: GREEN, YELLOW, RED or UNKNOWN. */
  quality: string | null;
  /** Meta's messaging limit tier, e.g. TIER_1K. */
  tier: string | null;
}

export class ConnectorClient {
  /**
   * `renew` is tried once when an API call is refused for an ended bearer
   * token (a laptop that slept past the renewal), then the call is repeated.
   */
  constructor(
    readonly baseUrl: string,
    protected readonly token: () => string | null,
    private readonly renew: (() => Promise<boolean>) | null = null,
  ) {}

  /** One call with the bearer token; a refusal becomes an ApiError. Feature modules (api/sms.ts, api/audit.ts) build on it. */
  async request<T>(path: string, init: RequestInit = {}, retried = false): Promise<T> {
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

  /** The number's health and the alerts every panel shows (any teammate). */
  numberHealth(): Promise<NumberHealthResponse> {
    return this.request('/api/number-health');
  }

  businessProfile(): Promise<{ profile: BusinessProfileView }> {
    return this.request('/api/business-profile');
  }

  redeem(body: { attempt: string; code: string; verifier: string; linkTicket?: string }): Promise<IssuedToken> {
    return this.request('/auth/token', { method: 'POST', body: JSON.stringify(body) });
  }

  /** How the popup's sign-in went, proven with the verifier (for a popup that lost its opener); with the code the popup shows, the session. */
  pollAttempt(attempt: string, body: { verifier: string; confirmationCode?: string; linkTicket?: string }): Promise<AttemptPollResponse> {
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

  /** Tells WhatsApp the agent has read the customer's messages. */
  markRead(contact: string): Promise<void> {
    return this.request(`/api/contacts/${encodeURIComponent(contact)}/read`, { method: 'POST' });
  }

  /** Shows "typing…" on the customer's phone. */
  typing(contact: string): Promise<void> {
    return this.request(`/api/contacts/${encodeURIComponent(contact)}/typing`, { method: 'POST' });
  }

  /** Uploads a file (POST /api/media) with progress; the upload code loads with the first file. */
  upload(request: Omit<UploadRequest, 'baseUrl' | 'token'>): Upload {
    let inner: Upload | null = null;
    let cancelled = false;
    const done = import('./media-upload').then((m) => {
      if (cancelled) throw new m.UploadCancelled();
      inner = m.uploadMedia({ ...request, baseUrl: this.baseUrl, token: this.token() });
      return inner.done;
    });
    return {
      done,
      cancel: () => {
        cancelled = true;
        inner?.cancel();
      },
    };
  }

  /** A media file as a Blob; <img> and <audio> cannot send the bearer token themselves. */
  async media(url: string, signal?: AbortSignal): Promise<Blob> {
    const absolute = new URL(url, `${this.baseUrl}/`);
    if (absolute.origin !== new URL(this.baseUrl).origin) throw ApiError.fromBody(400, null);
    const token = this.token();
    let response: Response;
    try {
      response = await fetch(absolute, { headers: token ? { authorization: `Bearer ${token}` } : {}, credentials: 'omit', signal });
    } catch {
      throw ApiError.network();
    }
    if (!response.ok) throw ApiError.fromBody(response.status, await response.json().catch(() => null));
    return response.blob();
  }

  /**
   * What the header shows about the sending number: its name, picture and
   * health, and the account alerts that come with the health; null parts when
   * the connector cannot say (never an error: the header works without them).
   */
  async identity(): Promise<{ business: BusinessIdentity | null; health: NumberHealth | null; alerts: AccountAlert[] | null }> {
    const [profile, number] = await Promise.all([
      this.optional<{ profile: BusinessProfileView }>('/api/business-profile'),
      this.optional<NumberHealthResponse>('/api/number-health'),
    ]);
    const health = number?.health ?? null;
    const business =
      profile || health
        ? {
            name: health?.verifiedName ?? null,
            about: profile?.profile.about ?? null,
            pictureUrl: profile?.profile.profilePictureUrl ?? null,
            verified: health?.officialBusinessAccount === true,
          }
        : null;
    return { business, health: health ? { quality: health.qualityRating, tier: health.messagingLimit.tier } : null, alerts: number?.alerts ?? null };
  }

  private async optional<T>(path: string): Promise<T | null> {
    try {
      return await this.request<T>(path);
    } catch {
      return null;
    }
  }

  eventsUrl(contact: string): string {
    return `${this.baseUrl}/api/contacts/${encodeURIComponent(contact)}/events`;
  }
}
