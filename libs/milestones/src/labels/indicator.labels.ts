/**
 * How far a reported value goes towards its target (完成率 / 完成度) and whether it meets it: for 不超过 (`<=`,
 * lower is better) a value within the cap is met (100%) and one above it is target ÷ value; otherwise value ÷
 * target. The year review (its 完成率) and the dashboard's 指标 table (完成度) both read it from here.
 */
export function indicatorAttainment(i: {
  readonly comparator: string;
  readonly target: number;
  readonly actual: number | null;
}): { attainment: number | null; met: boolean | null } {
  if (i.actual === null) return { attainment: null, met: null };
  if (i.comparator === '<=') {
    const met = i.actual <= i.target;
    return { attainment: met || i.actual === 0 ? 1 : ratio(i.target, i.actual), met };
  }
  const met = i.actual >= i.target;
  if (i.target === 0) return { attainment: 1, met };
  return { attainment: ratio(i.actual, i.target), met };
}

/** a ÷ b to 4 decimals (a percentage to two). */
const ratio = (a: number, b: number): number => Math.round((a / b) * 1e4) / 1e4;
