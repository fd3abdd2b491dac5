/** Admin-only routes (teammates, templates, business profile, uploads) run behind this, after requireTeammate. */
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@domain/errors';

export function requireAdmin(_req: Request, res: Response, next: NextFunction): void {
  if (res.locals.teammate?.role !== 'admin') throw new DomainError('FORBIDDEN', { requiredRole: 'admin' });
  next();
}
