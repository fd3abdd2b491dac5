/**
 * The door every simulated helpdesk API shares (sandbox/zendesk, sandbox/freshdesk): the
 * account's rate-limit headers on every answer and its 429 past the limit, then its credential
 * check, then the faults SANDBOX_FAULT_RATE asks for: a 500, or a request done whose answer
 * never comes (the caller times out and tries again). `answer` sends a result unless it was lost.
 */
import type express from 'express';

export interface SimulatedAccount {
  rateLimit(): { headers: Record<string, string>; refused: { status: number; body: unknown } | null };
  authorized(authorization: string | undefined): boolean;
  drawFault(): 'error' | 'lost' | null;
}

export function simulatedApiDoor(account: SimulatedAccount, refusals: { unauthorized: unknown; error: unknown }): express.RequestHandler {
  return (req, res, next) => {
    const limit = account.rateLimit();
    res.set(limit.headers);
    if (limit.refused)
      return void (typeof limit.refused.body === 'string'
        ? res.status(limit.refused.status).type('text/plain').send(limit.refused.body)
        : res.status(limit.refused.status).json(limit.refused.body));
    if (!account.authorized(req.get('authorization'))) return void res.status(401).json(refusals.unauthorized);
    const fault = account.drawFault();
    if (fault === 'error') return void res.status(500).json(refusals.error);
    res.locals.lost = fault === 'lost';
    next();
  };
}

export function answer(res: express.Response, result: { status: number; body: unknown; headers?: Record<string, string> }): void {
  if (res.locals.lost) return; // the connection is left hanging until the caller gives up
  res.status(result.status).set(result.headers ?? {});
  if (result.body === null) res.end();
  else if (typeof result.body === 'string') res.type('text/plain').send(result.body);
  else res.json(result.body);
}
