/**
 * What every use case needs (ServiceDeps), for tests that call services directly on a test
 * database: a clock (real time unless one is given), a live feed of its own, a silent log, the
 * sandbox's business numbers, and its phone number id (what webhook ingestion reads).
 */
import pino from 'pino';
import { SANDBOX_NUMBERS } from '../../connector/config/business-numbers';
import { SANDBOX_DEFAULTS } from '../../connector/config/config';
import { BusinessNumbers } from '../../connector/services/account/business-numbers';
import type { ServiceDeps } from '../../connector/services/runtime/deps';
import { LiveFeed } from '../../connector/services/live/live-feed';
import type { Db } from '../../connector/store/db';

export function serviceDeps(db: Db, now: () => number = () => Date.now()): ServiceDeps & { phoneNumberId: string } {
  return {
    db,
    clock: { now },
    live: new LiveFeed(),
    log: pino({ level: 'silent' }),
    numbers: new BusinessNumbers(SANDBOX_NUMBERS),
    phoneNumberId: SANDBOX_DEFAULTS.phoneNumberId,
  };
}
