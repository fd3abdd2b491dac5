/**
 * Problems only an operator can fix (an invalid access token), raised once,
 * logged loudly and shown by GET /healthz until they clear.
 */
import type { Logger } from 'pino';

export interface OperatorAlert {
  code: string;
  message: string;
  since: number;
}

export class OperatorAlerts {
  private readonly active = new Map<string, OperatorAlert>();

  constructor(private readonly log: Logger) {}

  raise(code: string, message: string, now: number): void {
    if (this.active.has(code)) return;
    this.active.set(code, { code, message, since: now });
    this.log.fatal({ alert: code }, `ALERT: ${message}`);
  }

  clear(code: string): void {
    if (this.active.delete(code)) this.log.info({ alert: code }, 'alert cleared');
  }

  list(): OperatorAlert[] {
    return [...this.active.values()];
  }
}
