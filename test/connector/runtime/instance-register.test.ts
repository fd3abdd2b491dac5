/**
 * The instances' register on SQLite and PostgreSQL: the parts of each number's limit that the
 * instances take never add up to more than the whole. One joining others sends nothing until they
 * have made room; one that stops gives its part back; a row not written lately stops counting, and an
 * instance that cannot write its row stops sending before the others stop counting it.
 */
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import type { InstanceShare } from '@domain/rate-limit';
import { COUNTED_WITHIN_MS, HELD_FOR_MS, InstanceRegister, partOfLimits, SEEN_EVERY_MS } from '../../../connector/services/runtime/instance-register';
import { databaseNow } from '../../../connector/store/instances';
import { DB_KINDS, useMigratedDatabase } from '../../support/databases';

const log = pino({ level: 'silent' });

describe('an instance’s part of the limits', () => {
  test.each([
    { others: [], part: 1 },
    { others: [1], part: 0 },
    { others: [0.5], part: 0.5 },
    { others: [0.5, 1 / 3], part: 1 / 6 },
    { others: [1 / 3, 1 / 3], part: 1 / 3 },
  ])('beside others using $others, it takes $part', ({ others, part }) => {
    expect(partOfLimits(others).part).toBeCloseTo(part, 6);
    expect(partOfLimits(others).part + others.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
  });
});

describe.each(DB_KINDS)('the instances’ register on %s', (kind) => {
  const database = useMigratedDatabase(kind);

  test('the database keeps the time the rows are written with', async () => {
    const before = Date.now();
    const now = await databaseNow(database.db);
    expect(now).toBeGreaterThanOrEqual(before - 1_000);
    expect(now).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  test('parts follow the instances that join and stop, and never add up to more than the whole', async () => {
    // One clock for the register's rows and this host: the test moves it.
    const clock = { t: 1_000_000, now: () => clock.t };
    const register = (shares: InstanceShare[]) =>
      new InstanceRegister({ db: database.db, wallClock: clock, log, registerClock: async () => clock.t, onShare: (s) => shares.push(s) });
    const sharesA: InstanceShare[] = [];
    const sharesB: InstanceShare[] = [];
    const a = register(sharesA);
    const b = register(sharesB);
    const partNow = (shares: InstanceShare[]) => shares.at(-1)!.part;
    const total = () => partNow(sharesA) + (sharesB.length ? partNow(sharesB) : 0);

    await a.join();
    expect(sharesA).toEqual([{ part: 1, until: clock.t + HELD_FOR_MS }]);

    clock.t += 500;
    await b.join();
    // B waits: A still uses the whole limit.
    expect(partNow(sharesB)).toBe(0);
    expect(total()).toBeLessThanOrEqual(1);

    clock.t += SEEN_EVERY_MS - 500;
    await a.drain();
    expect(partNow(sharesA)).toBeCloseTo(0.5, 6);
    clock.t += SEEN_EVERY_MS / 2;
    await b.drain();
    expect(partNow(sharesB)).toBeCloseTo(0.5, 6);
    expect(total()).toBeLessThanOrEqual(1);

    await b.stop();
    clock.t += SEEN_EVERY_MS;
    await a.drain();
    expect(partNow(sharesA)).toBe(1);

    // An instance that went silent (a crash: its row stays) is counted until its row is COUNTED_WITHIN_MS old.
    await database.db('connector_instances').insert({ id: 'crashed', started_at: clock.t, seen_at: clock.t, part: 0.5 });
    clock.t += SEEN_EVERY_MS;
    await a.drain();
    expect(partNow(sharesA)).toBeCloseTo(0.5, 6);
    clock.t += COUNTED_WITHIN_MS;
    await a.drain();
    expect(partNow(sharesA)).toBe(1);

    // Each share holds on this host until a beat before the others would stop counting this instance.
    expect(sharesA.at(-1)!.until).toBe(clock.t + HELD_FOR_MS);
    expect(HELD_FOR_MS).toBeLessThan(COUNTED_WITHIN_MS);

    await a.stop();
    expect(Number((await database.db('connector_instances').whereIn('id', [a.id, b.id]).count<{ n: number }[]>({ n: '*' }))[0]!.n)).toBe(0);
  });
});
