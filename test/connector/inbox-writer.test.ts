/**
 * The webhook inbox writer on a real SQLite file: group commit, and the pause
 * the webhook processor waits for so that, under a burst, acknowledging Meta
 * comes first.
 */
import { describe, expect, test } from 'vitest';
import { InboxWriter } from '../../connector/services/inbox-writer';
import { useMigratedDatabase } from '../support/databases';

const database = useMigratedDatabase('sqlite');

const clock = { now: () => Date.now() };

describe('InboxWriter', () => {
  test('stores every body of a burst, in fewer writes than bodies, and says so after each write', async () => {
    let writes = 0;
    const writer = new InboxWriter({ db: database.db, clock, onStored: () => void (writes += 1) });
    const before = Number((await database.db('webhook_inbox').count<{ n: number }[]>({ n: '*' }))[0]!.n);
    await Promise.all(Array.from({ length: 50 }, (_, i) => writer.store(JSON.stringify({ n: i }))));
    const stored = await database.db('webhook_inbox').orderBy('id').offset(before).pluck('body');
    expect(stored.map((b: string) => JSON.parse(b).n).sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThan(50);
  });

  test('whenQuiet waits while bodies keep arriving and resolves once they pause', async () => {
    const writer = new InboxWriter({ db: database.db, clock, onStored: () => undefined });
    let quiet = false;
    let storing = true;
    // A steady stream, one body every 2 ms for about 120 ms.
    const stream = (async () => {
      for (let i = 0; i < 60 && storing; i++) {
        await writer.store('{}');
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const waited = writer.whenQuiet(100, 10_000).then(() => (quiet = true));
    await new Promise((r) => setTimeout(r, 60));
    expect(quiet).toBe(false);
    storing = false;
    await stream;
    await waited;
    expect(quiet).toBe(true);
  });

  test('whenQuiet gives up waiting after its limit, so processing is never starved', async () => {
    const writer = new InboxWriter({ db: database.db, clock, onStored: () => undefined });
    let storing = true;
    const stream = (async () => {
      while (storing) {
        await writer.store('{}');
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    await writer.whenQuiet(10_000, 50);
    const stillStoring = storing;
    storing = false;
    await stream;
    expect(stillStoring).toBe(true);
  });
});
