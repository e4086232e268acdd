/** One measured figure. Printed as `RESULT {"name":…,"value":…,"unit":…}` so CI and people can read it. */
export interface Result {
  name: string;
  value: number;
  unit: string;
  /** Context: the limit or anchor it compares with, the sample size. */
  [extra: string]: unknown;
}

/** Prints one RESULT line. */
export function report(result: Result): void {
  const value = Number.isInteger(result.value) ? result.value : Number(result.value.toPrecision(4));
  console.log(`RESULT ${JSON.stringify({ ...result, value })}`);
}

/** Whether the run is the quick one CI makes so benchmarks never rot (small sizes, same code paths). */
export const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

/** `full` in a full run, `small` in a quick one. */
export function size(full: number, small: number): number {
  return quick ? small : full;
}

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The p-th percentile (nearest rank) of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
