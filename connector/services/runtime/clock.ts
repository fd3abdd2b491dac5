/**
 * Time, passed in. Two clocks exist because they answer different questions:
 * `clock` is WhatsApp time (windows, message timestamps), which the sandbox can
 * move forward; `wallClock` is real time for security (token and code expiry),
 * which nobody can move.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
