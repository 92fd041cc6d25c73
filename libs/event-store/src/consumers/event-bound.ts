/**
 * The SQLSTATE behind an error (`code`, looked for through TypeORM's `driverError` and `cause` chains), or null when
 * there is none (a JavaScript error such as a payload the code cannot read).
 */
export function sqlStateOf(error: unknown, depth = 0): string | null {
  if (depth > 5 || typeof error !== 'object' || error === null) return null;
  const e = error as { code?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return sqlStateOf(e.driverError, depth + 1) ?? sqlStateOf(e.cause, depth + 1);
}

/**
 * Whether a failure with this SQLSTATE can come from an event's content, so that halving the batch may pin it on
 * one event: no SQLSTATE (a JavaScript error), or class 22 (data exception) or 23 (integrity constraint). Any other
 * (a missing table 42P01, missing rights 42501, resources 53, an error at commit…) fails whatever the batch holds:
 * pinning it on an event would name an innocent one.
 */
export function eventBound(sqlState: string | null): boolean {
  return sqlState === null || sqlState.startsWith('22') || sqlState.startsWith('23');
}
