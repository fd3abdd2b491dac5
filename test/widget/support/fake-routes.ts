/**
 * Every route the panel's fake connector (fake-connector.ts) answers itself, spelled as the real
 * connector's Express routes are. test/connector/http/widget-fake-routes.test.ts requests each against
 * a real connector (it must not be the catch-all 404), checks the fake answers each and nothing
 * else the API has, and compares the fake's answers with the real ones key by key, so the fake
 * cannot drift from the API. A route a single test adds (fake.routes) is not listed here.
 */
export const FAKE_ROUTES = [
  'POST /auth/token',
  'POST /auth/attempts/:attempt',
  'POST /auth/refresh',
  'POST /auth/host-session',
  'POST /auth/logout',
  'GET /api/contacts/:contact/thread',
  'GET /api/contacts/:contact/events',
  // The inbox's live stream (fake-inbox.ts pushes its events through the same streams).
  'GET /api/conversations/events',
  'POST /api/contacts/:contact/messages',
  'POST /api/contacts/:contact/read',
  'POST /api/contacts/:contact/typing',
  'GET /api/templates',
  'GET /api/business-profile',
  'GET /api/number-health',
  'GET /api/media/:id',
] as const;

/** Answered through the fake XMLHttpRequest (uploads report progress), not fetch. */
export const FAKE_XHR_ROUTES = ['POST /api/media'] as const;

/** Whether a request is one of the listed routes (the fake answers nothing else itself). */
export function isFakeRoute(method: string, path: string): boolean {
  return FAKE_ROUTES.some((route) => {
    const [m, pattern] = route.split(' ') as [string, string];
    return m === method && new RegExp(`^${pattern.replace(/:\w+/g, '[^/]+')}$`).test(path);
  });
}

/** The route's method and a path for it, its parameters filled in. */
export function requestFor(route: string, params: Record<string, string>): { method: string; path: string } {
  const [method, pattern] = route.split(' ') as [string, string];
  return { method, path: pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? 'x')) };
}
