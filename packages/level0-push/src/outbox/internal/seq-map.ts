/**
 * Values kept by `seq` and by key, read in `seq` order from any position in O(log n + page). Deletions
 * leave a hole in the order that a later compaction removes, so draining from the front costs amortised
 * O(1) per entry instead of an array splice each.
 */
export class SeqMap<T extends { seq: number; key: string }> {
  readonly #bySeq = new Map<number, T>();
  readonly #seqByKey = new Map<string, number>();
  #order: number[] = [];
  #holes = 0;

  get size(): number {
    return this.#bySeq.size;
  }

  get(key: string): T | undefined {
    const seq = this.#seqByKey.get(key);
    return seq === undefined ? undefined : this.#bySeq.get(seq);
  }

  /** Adds a value whose seq and key are not present. */
  add(value: T): void {
    this.#bySeq.set(value.seq, value);
    this.#seqByKey.set(value.key, value.seq);
    const last = this.#order[this.#order.length - 1];
    if (last === undefined || value.seq > last) {
      this.#order.push(value.seq);
      return;
    }
    const index = this.#firstAfter(value.seq);
    // A seq that comes back (a revived dead letter) may still sit in the order as a hole.
    if (this.#order[index - 1] === value.seq) this.#holes--;
    else this.#order.splice(index, 0, value.seq);
  }

  /** Replaces the value stored under the same seq. */
  replace(value: T): void {
    this.#bySeq.set(value.seq, value);
  }

  delete(key: string): T | undefined {
    const seq = this.#seqByKey.get(key);
    if (seq === undefined) return undefined;
    const value = this.#bySeq.get(seq);
    this.#seqByKey.delete(key);
    this.#bySeq.delete(seq);
    this.#holes++;
    if (this.#holes > 64 && this.#holes > this.#bySeq.size) {
      this.#order = this.#order.filter((kept) => this.#bySeq.has(kept));
      this.#holes = 0;
    }
    return value;
  }

  /** Values with `seq > afterSeq`, in seq order, at most `limit`. */
  page(afterSeq: number, limit: number): T[] {
    const out: T[] = [];
    for (let index = this.#firstAfter(afterSeq); index < this.#order.length && out.length < limit; index++) {
      const seq = this.#order[index];
      const value = seq === undefined ? undefined : this.#bySeq.get(seq);
      if (value !== undefined) out.push(value);
    }
    return out;
  }

  /** The first value in seq order. */
  first(): T | undefined {
    return this.page(Number.NEGATIVE_INFINITY, 1)[0];
  }

  #firstAfter(seq: number): number {
    let low = 0;
    let high = this.#order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#order[middle] ?? Number.POSITIVE_INFINITY) <= seq) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
