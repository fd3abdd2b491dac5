import type { Logger } from 'pino';
import type { Db } from '../../store/db';
import type { BusinessNumbers } from '../account/business-numbers';
import type { Clock } from './clock';
import type { HostEventRecorder } from '../hosts/host-events';
import type { LiveFeed } from '../live/live-feed';
import type { CountryCode } from '../contacts/phone-numbers';

/** What every use case needs; built once in the composition root. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
  live: LiveFeed;
  log: Logger;
  /** The country of numbers typed without a country code (DEFAULT_PHONE_COUNTRY); absent: such numbers are refused. */
  defaultCountry?: CountryCode | null;
  /** The WhatsApp numbers this connector answers for; threads are per (number, customer). */
  numbers: BusinessNumbers;
  /** Stores what helpdesks and CRMs are told, in the transaction of each change; absent when no host is configured. */
  hostEvents?: HostEventRecorder | null;
}
