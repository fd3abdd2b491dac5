/**
 * The webhook inbox writer on a real SQLite file: group commit, and the pause
 * the webhook processor reads so that, under a burst, acknowledging Meta
 * comes first.
 */
import { describe, expect, test } from 'vitest';
import { InboxWriter } from '../../../connector/services/inbound/inbox-writer';
import { useMigratedDatabase } from '../../support/databases';
import { waitFor } from '../../support/wait';

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

  test('quietForMs is 0 while a body is being stored and grows once the bodies pause', async () => {
    const writer = new InboxWriter({ db: database.db, clock, onStored: () => undefined });
    const storing = writer.store('{}');
    expect(writer.quietForMs()).toBe(0);
    await storing;
    const after = writer.quietForMs();
    await waitFor(() => writer.quietForMs() > after, { what: 'time to pass' });
    expect(writer.quietForMs()).toBeGreaterThan(after);
  });
});
