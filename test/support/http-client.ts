/**
 * A small browser stand-in for connector tests: follows redirects by hand and
 * keeps cookies per host, so the real OpenID Connect code flow can run without
 * a browser.
 */
export class CookieClient {
  private readonly jar = new Map<string, Map<string, string>>();
  /** Every URL requested, redirects included, in order. */
  readonly visited: string[] = [];

  private cookieHeader(url: URL): string | undefined {
    const cookies = this.jar.get(url.host);
    if (!cookies?.size) return undefined;
    return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      const cookies = this.jar.get(url.host) ?? new Map<string, string>();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') cookies.delete(name);
      else cookies.set(name, value);
      this.jar.set(url.host, cookies);
    }
  }

  /** Sends a request and follows redirects; returns the last response and its URL. */
  async fetch(input: string, init: RequestInit = {}): Promise<{ response: Response; url: string }> {
    let url = new URL(input);
    let request = init;
    for (let hop = 0; hop < 20; hop++) {
      const headers = new Headers(request.headers);
      const cookie = this.cookieHeader(url);
      if (cookie) headers.set('cookie', cookie);
      this.visited.push(url.toString());
      const response = await fetch(url, { ...request, headers, redirect: 'manual' });
      this.store(url, response);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        url = new URL(location, url);
        request = { method: 'GET' };
        continue;
      }
      return { response, url: url.toString() };
    }
    throw new Error('too many redirects');
  }
}
