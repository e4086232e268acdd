import { describe, expect, it } from 'vitest';
import { createManualClock, sleep } from './clock';
import { seededRandom } from './random';

describe('manual clock', () => {
  it('fires timers in due order, including ones set by callbacks', () => {
    const clock = createManualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@20'), 20);
    clock.setTimeout(() => {
      fired.push('a@10');
      clock.setTimeout(() => fired.push('c@15'), 5);
    }, 10);
    const cancelled = clock.setTimeout(() => fired.push('never'), 12);
    clock.clearTimeout(cancelled);
    clock.advance(25);
    expect(fired).toEqual(['a@10', 'c@15', 'b@20']);
    expect(clock.now()).toBe(25);
    expect(clock.pending()).toBe(0);
  });

  it('drives async sleeps and honours abort', async () => {
    const clock = createManualClock(0);
    let done = false;
    const slept = sleep(1000, clock).then(() => {
      done = true;
    });
    await clock.advanceAsync(999);
    expect(done).toBe(false);
    await clock.advanceAsync(1);
    await slept;
    expect(done).toBe(true);

    const controller = new AbortController();
    const aborted = sleep(1000, clock, controller.signal);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(clock.pending()).toBe(0);
  });
});

describe('seeded random', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(990);
  });
});
