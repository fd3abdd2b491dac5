/** Admin-only routes, behind requireTeammate: anyone else is refused with FORBIDDEN. */
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@domain/errors';

export function requireAdmin(_req: Request, res: Response, next: NextFunction): void {
  if (res.locals.teammate?.role !== 'admin') throw new DomainError('FORBIDDEN', { reason: 'only admins can do this' });
  next();
}
