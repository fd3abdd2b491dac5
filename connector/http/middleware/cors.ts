/**
 * CORS for the API: only the exact host-page origins in ALLOWED_ORIGINS, with
 * bearer tokens and no cookies (the panel lives on the host's origin, where the
 * connector's cookies would be third-party and dropped anyway).
 */
import cors from 'cors';

export function apiCors(allowedOrigins: string[]) {
  const allowed = new Set(allowedOrigins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID', 'X-Request-Id'],
    // Retry-After is not CORS-safelisted: exposed so a panel can wait as long as a 429 says.
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
    credentials: false,
    maxAge: 600,
  });
}
