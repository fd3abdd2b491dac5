import type { Clock } from '../services/runtime/clock';

/**
 * The sandbox's WhatsApp time: real time plus an offset the demo can move
 * forward (POST /sandbox/clock), so a 24-hour window can be seen closing
 * without waiting a day. It never moves back. The connector stores the offset
 * and starts the next run from it: a restart that forgot it would put "now"
 * before every stored message and window (a window showing 48 h left).
 */
export class SandboxClock implements Clock {
  constructor(private offsetMs = 0) {}

  /** How far ahead of real time the sandbox is, to be stored. */
  get offset(): number {
    return this.offsetMs;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): number {
    if (!(ms >= 0)) throw new RangeError('the sandbox clock only moves forward');
    this.offsetMs += ms;
    return this.now();
  }
}
