import { hash } from 'node:crypto';

/** Stable JSON: keys sorted, so equal content has equal text. */
export function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
    .join(',')}}`;
}

/** sha256 (hex) of a value's stable JSON: equal content, equal hash, whatever the key order. */
export function contentHash(v: unknown): string {
  return hash('sha256', stableJson(v), 'hex'); // (one call: no Hash object per value)
}
