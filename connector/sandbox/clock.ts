import type { Clock } from '../services/clock';

/**
 * The sandbox's WhatsApp time: real time plus an offset the demo can move
 * forward (POST /sandbox/clock), so a 24-hour window can be seen closing
 * without waiting a day. It never moves back.
 */
export class SandboxClock implements Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): number {
    if (!(ms >= 0)) throw new RangeError('the sandbox clock only moves forward');
    this.offsetMs += ms;
    return this.now();
  }
}
