/** Small helpers shared by the benches: percentiles over samples and a uniform report line. */

/** Returns the q-quantile (0..1) of `samples` (sorted copy; nearest-rank). */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx]!;
}

/** Nanosecond clock as a float in microseconds. */
export function nowUs(): number {
  return Number(process.hrtime.bigint()) / 1000;
}

/** Prints one figure: `name: value unit (baseline: b unit, ratio r× — goal …)`. */
export function report(name: string, value: number, baseline: number, unit: string, goal?: string): void {
  const ratio = value / baseline;
  const g = goal ? ` — goal ${goal}` : '';
  console.log(`${name}: ${value.toFixed(2)} ${unit} (baseline ${baseline.toFixed(2)} ${unit}, ratio ${ratio.toFixed(2)}×${g})`);
}
