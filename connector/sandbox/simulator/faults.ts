/**
 * Failures the simulator can inject on sends, at a configurable rate, so the
 * connector's retries and its exactly-once guarantee can be tested the way
 * Meta fails: server errors, no answer, the number's throughput limit (130429),
 * the per-customer pair limit (131056).
 *
 * A timeout is the hard case: half of them happen after the message was
 * accepted (its statuses follow), half before (nothing was sent).
 */
import { SIMULATOR_FAULTS, type SimulatorFault } from '../../config/config';

export interface FaultSettings {
  rate: number;
  kinds: SimulatorFault[];
  /** How long a "timeout" keeps the request hanging before a 504. */
  timeoutMs: number;
}

export type Fault = { kind: Exclude<SimulatorFault, 'timeout'> } | { kind: 'timeout'; afterAccepting: boolean };

export class FaultInjector {
  settings: FaultSettings;

  constructor(
    settings: Partial<FaultSettings> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.settings = { rate: 0, kinds: [...SIMULATOR_FAULTS], timeoutMs: 20_000, ...settings };
  }

  configure(settings: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  /** Decides the fate of one send. */
  next(): Fault | null {
    const { rate, kinds } = this.settings;
    if (rate <= 0 || kinds.length === 0 || this.random() >= rate) return null;
    const kind = kinds[Math.floor(this.random() * kinds.length)]!;
    return kind === 'timeout' ? { kind, afterAccepting: this.random() < 0.5 } : { kind };
  }
}
