/**
 * The instances' register on SQLite and PostgreSQL: each connector counts the ones seen lately and
 * takes an even share of every number's limit; one joining others waits for their next beat, one that
 * stops is dropped at once, one that went silent once its rows are old.
 */
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import type { InstanceShare } from '@domain/rate-limit';
import { COUNTED_WITHIN_MS, InstanceRegister, JOIN_MARGIN_MS, SEEN_EVERY_MS } from '../../../connector/services/runtime/instance-register';
import { DB_KINDS, useMigratedDatabase } from '../../support/databases';

const log = pino({ level: 'silent' });

describe.each(DB_KINDS)('the instances’ register on %s', (kind) => {
  const database = useMigratedDatabase(kind);

  test('shares follow the instances that join, stop, or go silent', async () => {
    const clock = { t: 1_000_000, now: () => clock.t };
    const register = (shares: InstanceShare[]) => new InstanceRegister({ db: database.db, wallClock: clock, log, onShare: (s) => shares.push(s) });
    const sharesA: InstanceShare[] = [];
    const sharesB: InstanceShare[] = [];
    const a = register(sharesA);
    const b = register(sharesB);

    await a.join();
    expect(sharesA).toEqual([{ instances: 1, from: 1_000_000 }]);

    clock.t += 500;
    await b.join();
    // B waits until A has had a beat to count it.
    expect(sharesB).toEqual([{ instances: 2, from: 1_000_500 + SEEN_EVERY_MS + JOIN_MARGIN_MS }]);
    clock.t += SEEN_EVERY_MS - 500;
    await a.drain();
    expect(sharesA.at(-1)).toEqual({ instances: 2, from: clock.t });

    // The same count again is no news.
    clock.t += SEEN_EVERY_MS;
    await a.drain();
    await b.drain();
    expect(sharesA).toHaveLength(2);
    expect(sharesB).toHaveLength(1);

    await b.stop();
    clock.t += SEEN_EVERY_MS;
    await a.drain();
    expect(sharesA.at(-1)).toEqual({ instances: 1, from: clock.t });

    // An instance that went silent (a crash: its row stays) is counted until its row is COUNTED_WITHIN_MS old.
    await database.db('connector_instances').insert({ id: 'crashed', started_at: clock.t, seen_at: clock.t });
    clock.t += SEEN_EVERY_MS;
    await a.drain();
    expect(sharesA.at(-1)).toEqual({ instances: 2, from: clock.t });
    clock.t += COUNTED_WITHIN_MS;
    await a.drain();
    expect(sharesA.at(-1)).toEqual({ instances: 1, from: clock.t });

    await a.stop();
    expect(Number((await database.db('connector_instances').whereIn('id', [a.id, b.id]).count<{ n: number }[]>({ n: '*' }))[0]!.n)).toBe(0);
  });
});
