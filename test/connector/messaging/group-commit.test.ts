import { describe, expect, test } from 'vitest';
import { GroupCommit } from '../../../connector/services/runtime/group-commit';

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

/** A write per batch that the test releases by its first item, recording starts and ends. */
function releasableWriter() {
  const log: string[] = [];
  const releases = new Map<string, () => void>();
  const write = async (items: string[]) => {
    log.push(`start ${items.join(',')}`);
    await new Promise<void>((resolve) => releases.set(items[0]!, resolve));
    log.push(`end ${items.join(',')}`);
  };
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  };
  const release = async (first: string) => {
    releases.get(first)!();
    await settle();
  };
  return { log, write, release, settle };
}

describe('group commit with batches overlapping (PostgreSQL)', () => {
  const keyOf = (item: string) => item.split(':')[0]!;

  test('up to `concurrency` batches are written at once', async () => {
    const writer = releasableWriter();
    const commit = new GroupCommit(writer.write, { concurrency: 2, keyOf });
    const all = ['x:1', 'y:1', 'z:1'].map((n) => commit.submit(n));
    await writer.settle();
    expect(writer.log).toEqual(['start x:1', 'start y:1']);
    await writer.release('x:1');
    expect(writer.log).toEqual(['start x:1', 'start y:1', 'end x:1', 'start z:1']);
    await writer.release('y:1');
    await writer.release('z:1');
    await Promise.all(all);
    expect(commit.busy).toBe(false);
  });

  test("a customer's next item waits for the batch writing its earlier one, while other customers' items go ahead of it", async () => {
    const writer = releasableWriter();
    const commit = new GroupCommit(writer.write, { concurrency: 3, keyOf });
    const all = ['x:1', 'x:2', 'y:1', 'x:3'].map((n) => commit.submit(n));
    await writer.settle();
    // x:2 and x:3 wait for x:1's batch; y:1 starts beside it.
    expect(writer.log).toEqual(['start x:1', 'start y:1']);
    await writer.release('y:1');
    expect(writer.log).toEqual(['start x:1', 'start y:1', 'end y:1']);
    await writer.release('x:1');
    // Then x's later items, together and in the order submitted.
    expect(writer.log.slice(3)).toEqual(['end x:1', 'start x:2,x:3']);
    await writer.release('x:2');
    await Promise.all(all);
  });
});

describe('group commit overlapping only under load', () => {
  test('fewer than `overlapAt` waiting items wait for the batch being written, then go together', async () => {
    const writer = releasableWriter();
    const commit = new GroupCommit(writer.write, { concurrency: 2, overlapAt: 3 });
    const all = ['a', 'b', 'c', 'd', 'e'].map((n) => commit.submit(n));
    await writer.settle();
    // b and c waited (two of three); d made three, so b,c,d started beside a; e waits.
    expect(writer.log).toEqual(['start a', 'start b,c,d']);
    // e alone does not overlap b,c,d: it waits for a slot with nothing else being written.
    await writer.release('a');
    expect(writer.log.slice(2)).toEqual(['end a']);
    await writer.release('b');
    expect(writer.log.slice(3)).toEqual(['end b,c,d', 'start e']);
    await writer.release('e');
    await Promise.all(all);
  });
});
