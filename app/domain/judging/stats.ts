// Small descriptive statistics shared by the judging modules. Inputs are
// validated by the callers (finite numbers, non-empty where stated).

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Arithmetic mean; the caller guarantees at least one value. */
export function mean(values: readonly number[]): number {
  return sum(values) / values.length;
}

/**
 * Population standard deviation (divides by n). The judging maths describes
 * the scores a judge actually gave rather than estimating a wider population,
 * and using one definition everywhere keeps z-scores and their mapping back
 * onto the panel's scale consistent (see normalise.ts).
 */
export function populationSd(values: readonly number[]): number {
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / values.length);
}

/** Median (mean of the two middle values for an even count); at least one value. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

/**
 * Whether a spread (a standard deviation or a sum of squares) is zero up to
 * floating-point noise: the mean of equal decimals such as 83.3 is not always
 * exactly 83.3, which leaves deviations of ~1e-14 that must not be read as a
 * real spread. `magnitude` is the size of the values themselves.
 */
export function isNegligible(spread: number, magnitude: number): boolean {
  return Math.abs(spread) <= 1e-9 * Math.max(1, Math.abs(magnitude));
}

/** Rounds to thousandths as an integer: the precision at which final scores are compared and shown. */
export function toThousandths(value: number): number {
  return Math.round(value * 1000);
}
