/**
 * The one primitive every background loop runs on: passes one at a time, kicks
 * that coalesce, a stop that waits for the pass in progress, errors that do not
 * end the loop, and the two waits (idle, drain) that tests and shutdowns rely on.
 * Passes are held on gates the test opens, so nothing here depends on timing;
 * polls are set to a minute, so only kicks and drains move the loops.
 */
import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { periodicLoop, WorkerLoop, type LoopOptions } from '../../../connector/services/runtime/worker-loop';

const log = pino({ level: 'silent' });
const MINUTE = 60_000;

/** A promise the test resolves when it chooses. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** A queue of items and a loop that takes one per pass; `hold` makes the next pass wait for its gate. */
function queueLoop(options: LoopOptions = {}) {
  const queue: string[] = [];
  const done: string[] = [];
  let passes = 0;
  let hold: { entered: () => void; release: Promise<void> } | null = null;
  const loop = new WorkerLoop(
    'test loop',
    {
      pass: async () => {
        passes++;
        const held = hold;
        hold = null;
        if (held) {
          held.entered();
          await held.release;
        }
        const item = queue.shift();
        if (item === undefined) return false;
        if (item === 'boom') throw new Error('this pass failed');
        done.push(item);
        return true;
      },
    },
    log,
    { pollMs: MINUTE, ...options },
  );
  return {
    loop,
    queue,
    done,
    passes: () => passes,
    /** The next pass waits until `release()`; `entered` resolves once it is waiting. */
    holdNextPass() {
      const entered = gate();
      const release = gate();
      hold = { entered: entered.open, release: release.opened };
      return { entered: entered.opened, release: release.open };
    },
  };
}

const loops: WorkerLoop[] = [];
afterEach(async () => {
  await Promise.all(loops.splice(0).map((l) => l.stop()));
});
function started<T extends { loop: WorkerLoop }>(made: T): T {
  loops.push(made.loop);
  made.loop.start();
  return made;
}

describe('WorkerLoop', () => {
  test('drain() returns once a pass begun after the call found no more work: everything queued before it is done', async () => {
    const q = started(queueLoop());
    await q.loop.drain();
    q.queue.push('a', 'b', 'c');
    await q.loop.drain();
    expect(q.done).toEqual(['a', 'b', 'c']);
    expect(q.queue).toEqual([]);
  });

  test('drain() with no work at all returns after one look', async () => {
    const q = started(queueLoop());
    await q.loop.idle();
    const before = q.passes();
    await q.loop.drain();
    expect(q.passes()).toBe(before + 1);
    expect(q.done).toEqual([]);
  });

  test('kicks while a pass runs coalesce into one more pass', async () => {
    const q = started(queueLoop());
    await q.loop.idle();
    const held = q.holdNextPass();
    q.loop.kick();
    await held.entered;
    const before = q.passes();
    q.loop.kick();
    q.loop.kick();
    q.loop.kick();
    held.release();
    await q.loop.idle();
    expect(q.passes()).toBe(before + 1);
  });

  test('idle() resolves at once while the loop sleeps, and waits for a pass in progress or a kick not yet answered', async () => {
    const q = started(queueLoop());
    await q.loop.idle();
    const passes = q.passes();
    await q.loop.idle();
    expect(q.passes()).toBe(passes);

    const held = q.holdNextPass();
    q.queue.push('a');
    q.loop.kick();
    await held.entered;
    let idle = false;
    const waiting = q.loop.idle().then(() => (idle = true));
    // A marker through the same microtask queue: idle() has had every chance to resolve wrongly.
    await Promise.resolve();
    expect(idle).toBe(false);
    held.release();
    await waiting;
    expect(q.done).toEqual(['a']);
  });

  test('stop() during a pass waits for that pass, and no pass runs after it', async () => {
    const q = started(queueLoop());
    await q.loop.idle();
    const held = q.holdNextPass();
    q.queue.push('a', 'b');
    q.loop.kick();
    await held.entered;
    const stopping = q.loop.stop();
    held.release();
    await stopping;
    // The held pass finished its item; the loop then stopped instead of taking 'b'.
    expect(q.done).toEqual(['a']);
    const passes = q.passes();
    q.loop.kick();
    await q.loop.idle();
    expect(q.passes()).toBe(passes);
    expect(q.queue).toEqual(['b']);
  });

  test('a pass that throws is reported, ends the drain that ran it, and the loop goes on with the next', async () => {
    const errors: unknown[] = [];
    const q = started(queueLoop({ onError: (error) => errors.push(error) }));
    await q.loop.idle();
    q.queue.push('boom', 'after');
    await q.loop.drain();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('this pass failed');
    expect(q.done).toEqual([]);
    await q.loop.drain();
    expect(q.done).toEqual(['after']);
    expect(errors).toHaveLength(1);
  });

  test('drain() on a loop that is not running does the passes in the caller', async () => {
    const q = queueLoop();
    q.queue.push('a', 'b');
    await q.loop.drain();
    expect(q.done).toEqual(['a', 'b']);
    await q.loop.idle();
  });

  test('with waitFirst, start() runs no pass until a kick or a drain', async () => {
    const q = started(queueLoop({ waitFirst: true }));
    await q.loop.idle();
    expect(q.passes()).toBe(0);
    q.queue.push('a');
    await q.loop.drain();
    expect(q.done).toEqual(['a']);
  });
});

describe('periodicLoop', () => {
  test('runs its task at start, runs it again on drain(), and reports a failure without stopping', async () => {
    let runs = 0;
    let failNext = false;
    const errors: unknown[] = [];
    const job = periodicLoop(
      'test job',
      async () => {
        runs++;
        if (failNext) {
          failNext = false;
          throw new Error('task failed');
        }
      },
      MINUTE,
      log,
      (error) => errors.push(error),
    );
    loops.push(job);
    job.start();
    await job.idle();
    expect(runs).toBe(1);
    failNext = true;
    await job.drain();
    expect(runs).toBe(2);
    expect(errors).toHaveLength(1);
    await job.drain();
    expect(runs).toBe(3);
  });
});
