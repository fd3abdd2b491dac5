/** Every /api route runs behind this: a live bearer token of an enabled teammate. */
import type { NextFunction, Request, Response } from 'express';
import type { Attribution } from '@domain/attribution';
import { DomainError } from '@domain/errors';
import { attributionOf, authenticateAccess, type Access, type SignInDeps } from '../../auth/sessions';
import type { Teammate } from '../../store/teammates';

declare module 'express-serve-static-core' {
  interface Locals {
    teammate: Teammate;
    bearerToken: string;
    /** The token's session (null for a token from before sessions existed). */
    access: Access;
    /** Who sends from this request: the teammate, and the host and host user the session came from. */
    attribution: Attribution;
  }
}

export function bearerToken(req: Request): string | null {
  return /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(req.get('authorization') ?? '')?.[1] ?? null;
}

export function requireTeammate(deps: SignInDeps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = bearerToken(req);
    if (!token) throw new DomainError('UNAUTHENTICATED');
    const access = await authenticateAccess(deps, token);
    res.locals.access = access;
    res.locals.teammate = access.teammate;
    res.locals.attribution = attributionOf(access);
    res.locals.bearerToken = token;
    next();
  };
}
