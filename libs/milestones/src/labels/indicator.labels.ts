/** Whether a reported value meets its target, by the indicator's comparator. Unknown comparators: no judgement. */
export function meetsTarget(actual: number, comparator: string, target: number): boolean {
  switch (comparator) {
    case '>=':
    case '=':
    case 'between':
      return actual >= target;
    case '>':
      return actual > target;
    case '~':
      return actual >= target * 0.95;
    case '<=':
      return actual <= target;
    case '<':
      return actual < target;
    default:
      return true;
  }
}

/**
 * How far a reported value goes towards its target (完成率 / 完成度) and whether it meets it (`meetsTarget`, the
 * rule the 指标未达标 alert applies): for 不超过 / 低于 (`<=`, `<`: lower is better) a value that meets it is 100% and
 * one above it is target ÷ value; otherwise value ÷ target. The year review (its 完成率), the dashboard's 指标 table
 * (完成度) and the shortfall alert all read it from here.
 */
export function indicatorAttainment(i: {
  readonly comparator: string;
  readonly target: number;
  readonly actual: number | null;
}): { attainment: number | null; met: boolean | null } {
  if (i.actual === null) return { attainment: null, met: null };
  const met = meetsTarget(i.actual, i.comparator, i.target);
  if (i.comparator === '<=' || i.comparator === '<')
    return { attainment: met || i.actual === 0 ? 1 : ratio(i.target, i.actual), met };
  if (i.target === 0) return { attainment: 1, met };
  return { attainment: ratio(i.actual, i.target), met };
}

/** a ÷ b to 4 decimals (a percentage to two). */
const ratio = (a: number, b: number): number => Math.round((a / b) * 1e4) / 1e4;
