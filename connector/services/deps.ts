import type { Logger } from 'pino';
import type { Db } from '../store/db';
import type { Clock } from './clock';
import type { LiveFeed } from './live-feed';

/** What every use case needs; built once in the composition root. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
  live: LiveFeed;
  log: Logger;
}
