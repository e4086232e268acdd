import { seededRandom } from '@loyalty-link/core';
import { describe, expect, it } from 'vitest';
import { createFaultController } from './fault-controller';

describe('createFaultController', () => {
  it('is healthy without faults', () => {
    expect(createFaultController(seededRandom(1)).plan('/v1/program')).toEqual({ latencyMs: 0 });
  });

  it('serves one-shot faults in order, for matching paths only, before standing ones', () => {
    const faults = createFaultController(seededRandom(1), { errorRates: { 500: 1 } });
    faults.failNext({ count: 2, as: 'network', paths: ['/v1/holds'] });
    expect(faults.plan('/v1/program').failure?.as).toBe(500);
    expect(faults.plan('/v1/holds').failure?.as).toBe('network');
    expect(faults.pendingOneShots()).toBe(1);
    expect(faults.plan('/v1/holds/x').failure?.as).toBe('network');
    expect(faults.plan('/v1/holds').failure?.as).toBe(500);
    faults.clear();
    expect(faults.plan('/v1/holds').failure).toBeUndefined();
  });

  it('draws the same failures for the same seed', () => {
    const draw = (seed: number) => {
      const faults = createFaultController(seededRandom(seed), {
        errorRates: { 503: 0.3 },
        networkErrorRate: 0.1,
        latencyMs: 10,
        latencyJitterMs: 20,
      });
      return Array.from({ length: 50 }, () => faults.plan('/v1/program'));
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
    for (const plan of draw(5)) {
      expect(plan.latencyMs).toBeGreaterThanOrEqual(10);
      expect(plan.latencyMs).toBeLessThanOrEqual(30);
    }
  });

  it('gives 429s and 503s the configured Retry-After and keeps the failure point', () => {
    const faults = createFaultController(seededRandom(1), {
      rateLimitRate: 1,
      rateLimitRetryAfterSeconds: 9,
      failurePoint: 'after',
    });
    expect(faults.plan('/v1/program').failure).toEqual({ as: 429, point: 'after', retryAfterSeconds: 9 });
  });
});
