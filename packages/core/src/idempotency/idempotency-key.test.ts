import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { transactionIdempotencyKey } from './idempotency-key';

describe('transactionIdempotencyKey', () => {
  const parts = { storeId: 'ams-01', registerId: 'reg-1', kind: 'sale' as const, id: '0042/2026' };

  it('is readable and escapes separators', () => {
    expect(transactionIdempotencyKey(parts)).toBe('ll1:ams-01:reg-1:sale:0042%2F2026');
    expect(transactionIdempotencyKey({ ...parts, id: 'a:b' })).toBe('ll1:ams-01:reg-1:sale:a%3Ab');
  });

  it('tells apart what differs and keeps what is the same', () => {
    const key = transactionIdempotencyKey(parts);
    expect(transactionIdempotencyKey({ ...parts })).toBe(key);
    expect(transactionIdempotencyKey({ ...parts, registerId: 'reg-2' })).not.toBe(key);
    expect(transactionIdempotencyKey({ ...parts, kind: 'void' })).not.toBe(key);
    // A separator inside a part cannot make two different sales collide.
    expect(transactionIdempotencyKey({ ...parts, storeId: 'a', registerId: 'b:c' })).not.toBe(
      transactionIdempotencyKey({ ...parts, storeId: 'a:b', registerId: 'c' }),
    );
  });

  it('gives the same key in another process, in another time zone', () => {
    const module = new URL('./idempotency-key.ts', import.meta.url).href;
    const script = `import { transactionIdempotencyKey } from ${JSON.stringify(module)};
      process.stdout.write(transactionIdempotencyKey(${JSON.stringify(parts)}));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, TZ: 'Pacific/Kiritimati' },
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe(transactionIdempotencyKey(parts));
  });

  it('refuses missing parts', () => {
    expect(() => transactionIdempotencyKey({ ...parts, id: '' })).toThrowError(/id: is required/);
  });
});
