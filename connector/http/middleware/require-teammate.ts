/** Every /api route runs behind this: a live bearer token of an enabled teammate. */
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@domain/errors';
import { authenticateBearer, type SignInDeps } from '../../auth/sign-in-codes';
import type { Teammate } from '../../store/teammates';

declare module 'express-serve-static-core' {
  interface Locals {
    teammate: Teammate;
    bearerToken: string;
  }
}

export function bearerToken(req: Request): string | null {
  return /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(req.get('authorization') ?? '')?.[1] ?? null;
}

export function requireTeammate(deps: SignInDeps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = bearerToken(req);
    if (!token) throw new DomainError('UNAUTHENTICATED');
    res.locals.teammate = await authenticateBearer(deps, token);
    res.locals.bearerToken = token;
    next();
  };
}
