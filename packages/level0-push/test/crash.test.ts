import { describe, expect, it } from 'vitest';
import { runCrashRounds } from './crash/crash-harness';

describe('crash safety', () => {
  it('loses no acknowledged sale and duplicates none through 50 SIGKILLs of the register process', async () => {
    const report = await runCrashRounds({ rounds: 50, seed: 11 });
    expect(report.acknowledged).toBeGreaterThan(200);
    expect(report.lost).toEqual([]);
    expect(report.duplicates).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.consistency).toEqual([]);
    // Sales stored but killed before the receipt printed may be on the platform too; never fewer.
    expect(report.onPlatform).toBeGreaterThanOrEqual(report.acknowledged);
  }, 240_000);
});
