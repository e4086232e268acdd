const encoder = new TextEncoder();

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));

function fmix(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

function wordHex(word: number): string {
  // Little-endian bytes, as MurmurHash3's reference implementation writes its output (and mmh3's hash_bytes).
  let out = '';
  for (let shift = 0; shift < 32; shift += 8) out += ((word >>> shift) & 0xff).toString(16).padStart(2, '0');
  return out;
}

/**
 * MurmurHash3 x86_128 (Austin Appleby's public-domain reference, seed 0) of the UTF-8 bytes of `text`, as 32
 * hex characters. Fast and well spread, and NOT cryptographic: anyone can make two inputs with the same hash.
 * It is used only to turn content the register controls into a short, stable idempotency key, where a
 * collision could at worst make the platform answer `409 idempotency_conflict`.
 *
 * @example
 * contentHash('hello'); // 'a044242bf7de91dbb631db9ab631db9a'
 */
function murmurHash3x86128(text: string): string {
  const bytes = encoder.encode(text);
  const length = bytes.length;
  const c1 = 0x239b961b;
  const c2 = 0xab0e9789;
  const c3 = 0x38b34ae5;
  const c4 = 0xa1e38b93;
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let h4 = 0;
  const word = (at: number): number =>
    ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24)) >>>
    0;

  const blocksEnd = length - (length % 16);
  for (let at = 0; at < blocksEnd; at += 16) {
    let k1 = word(at);
    let k2 = word(at + 4);
    let k3 = word(at + 8);
    let k4 = word(at + 12);
    k1 = Math.imul(rotl(Math.imul(k1, c1), 15), c2);
    h1 ^= k1;
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    k2 = Math.imul(rotl(Math.imul(k2, c2), 16), c3);
    h2 ^= k2;
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    k3 = Math.imul(rotl(Math.imul(k3, c3), 17), c4);
    h3 ^= k3;
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    k4 = Math.imul(rotl(Math.imul(k4, c4), 18), c1);
    h4 ^= k4;
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }

  // The tail: up to 15 bytes, read as zero-padded little-endian words (the reference's fall-through switch).
  const tail = length - blocksEnd;
  const tailWord = (from: number): number => {
    let k = 0;
    for (let i = Math.min(tail, from + 4) - 1; i >= from; i--) k = (k << 8) | (bytes[blocksEnd + i] ?? 0);
    return k;
  };
  if (tail > 12) h4 ^= Math.imul(rotl(Math.imul(tailWord(12), c4), 18), c1);
  if (tail > 8) h3 ^= Math.imul(rotl(Math.imul(tailWord(8), c3), 17), c4);
  if (tail > 4) h2 ^= Math.imul(rotl(Math.imul(tailWord(4), c2), 16), c3);
  if (tail > 0) h1 ^= Math.imul(rotl(Math.imul(tailWord(0), c1), 15), c2);

  h1 ^= length;
  h2 ^= length;
  h3 ^= length;
  h4 ^= length;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  return wordHex(h1) + wordHex(h2) + wordHex(h3) + wordHex(h4);
}

/**
 * A stable 128-bit content hash of `text` (MurmurHash3 x86_128, seed 0, of its UTF-8 bytes) as 32 hex
 * characters: the same text gives the same hash in every process, on every machine, in Node and in
 * browsers, synchronously. Not cryptographic. Batch idempotency keys and catalog content hashes use it.
 */
export function contentHash(text: string): string {
  return murmurHash3x86128(text);
}
