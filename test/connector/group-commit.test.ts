import { describe, expect, test } from 'vitest';
import { GroupCommit } from '../../connector/services/group-commit';

/** A write that takes until the test lets it go, recording every batch it was given. */
function gatedWriter(fails: (items: number[]) => boolean = () => false) {
  const batches: number[][] = [];
  let release: () => void = () => {};
  const write = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => (release = resolve));
    if (fails(items)) throw new Error(`batch ${items.join(',')} failed`);
  };
  const releaseAll = async () => {
    for (let i = 0; i < 50; i++) {
      release();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { batches, write, releaseAll };
}

describe('group commit', () => {
  test('what arrives during a write goes into the next one, together', async () => {
    const writer = gatedWriter();
    let after = 0;
    const commit = new GroupCommit(writer.write, { afterBatch: () => after++ });
    const all = [1, 2, 3, 4].map((n) => commit.submit(n));
    await writer.releaseAll();
    await Promise.all(all);
    expect(writer.batches).toEqual([[1], [2, 3, 4]]);
    expect(after).toBe(2);
    expect(commit.busy).toBe(false);
  });

  test('a batch holds at most maxBatch items; the rest wait for the next write', async () => {
    const writer = gatedWriter();
    const commit = new GroupCommit(writer.write, { maxBatch: 2 });
    const all = [1, 2, 3, 4, 5, 6].map((n) => commit.submit(n));
    await writer.releaseAll();
    await Promise.all(all);
    expect(writer.batches).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  test('with retryAlone, a failed batch is written again item by item, and only the bad item fails', async () => {
    const writer = gatedWriter((items) => items.includes(3));
    const commit = new GroupCommit(writer.write, { retryAlone: true });
    const all = Promise.allSettled([1, 2, 3, 4].map((n) => commit.submit(n)));
    await writer.releaseAll();
    expect((await all).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(writer.batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  test('without retryAlone, every item of a failed batch fails with its error', async () => {
    const writer = gatedWriter((items) => items.includes(3));
    const commit = new GroupCommit(writer.write);
    const all = Promise.allSettled([1, 2, 3].map((n) => commit.submit(n)));
    await writer.releaseAll();
    expect((await all).map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
  });
});
