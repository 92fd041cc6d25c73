/** Deeper than any event's payload: past it the value is taken as not normal (and goes through JSON). */
const MAX_DEPTH = 64;

/**
 * Whether `value` is already what a JSON round trip would make of it (`JSON.parse(JSON.stringify(value))` gives an
 * equal value with the same keys in the same order): strings, booleans, null, finite numbers other than -0, and
 * arrays and plain objects of them, with no `undefined`, no `toJSON`, no other prototype (a Date, a Map) and no own
 * `__proto__` key. It reads the value and allocates nothing, so a caller copies only what is not normal.
 */
export function isJsonNormal(value: unknown, depth = 0): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) {
      if (!(i in value) || !isJsonNormal(value[i], depth + 1)) return false;
    }
    return Object.keys(value).length === value.length;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  if ('toJSON' in value || Object.getOwnPropertySymbols(value).length > 0) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key) || key === '__proto__') return false;
    if (!isJsonNormal((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** `value` as JSON would carry it: itself when it is already so (`isJsonNormal`), else a JSON round trip's copy. */
export function asJson<T>(value: T): T {
  return isJsonNormal(value) ? value : (JSON.parse(JSON.stringify(value)) as T);
}
