import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash } from './content-hash';

describe('contentHash (MurmurHash3 x86_128)', () => {
  // Reference values from mmh3 5.3 (`mmh3.hash_bytes(s.encode(), 0, x64arch=False).hex()`).
  it.each([
    ['', '00000000000000000000000000000000'],
    ['a', '3c9394a71bb056551bb056551bb05655'],
    ['hello', 'a044242bf7de91dbb631db9ab631db9a'],
    ['The quick brown fox jumps over the lazy dog', 'c383152f672ceeec6cf67b5d2c1de9e5'],
    ['ll1:ams-01:r2:sale:0042%2F2026\nll1:ams-01:r2:sale:0043', '35b6498cd7685b7180c255cde589fc18'],
    ['ünïcode ✓ 日本', '72ce3911d9c5ac19125356aa0c2174f7'],
    ['abcdefghi', '1c8c05ad6f590622107dd2147c4194dd'],
    ['abcdefghijkl', 'fe038573c02482f4addfd42753e58cd2'],
    ['abcdefghijklmno', '691d6deeaed51a4a5714ce84a861a7ad'],
    ['abcdefghijklmnop', '2776d29f5612b990218bcee445ba93d1'],
    ['abcdefghijklmnopq', 'd3a445046f5c51642adc6dd99d07111d'],
    ['0123456789abcdef0123456789abcde', '297e55a9825b7f78c7d0e272575e94c4'],
  ])('matches the reference for %j', (text, hex) => {
    expect(contentHash(text)).toBe(hex);
  });

  it('gives 32 hex characters for any text, and different hashes for nearby inputs', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        const hash = contentHash(text);
        expect(hash).toMatch(/^[0-9a-f]{32}$/);
        expect(contentHash(`${text}x`)).not.toBe(hash);
      }),
    );
  });
});
