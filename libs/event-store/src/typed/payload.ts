/** Why a stored payload cannot be read as its type's current shape (the codec adds the stream, version and type). */
export class PayloadError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PayloadError';
  }
}

/** What a field of a stored payload must be when present; a `?` suffix makes it optional. */
export type FieldKind = 'string' | 'number' | 'boolean' | 'object' | 'array';
type FieldSpec = FieldKind | `${FieldKind}?`;

function kindOf(value: unknown): FieldKind | 'null' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' || t === 'object' ? t : 'other';
}

/** The payload as an object, or a `PayloadError`. */
export function payloadObject(data: unknown): Readonly<Record<string, unknown>> {
  if (kindOf(data) !== 'object') throw new PayloadError(`the payload is ${kindOf(data)}, not an object`);
  return data as Readonly<Record<string, unknown>>;
}

/**
 * A payload decoder that checks the fields a reader relies on (their JSON kind, not every nested value) and hands
 * the payload over as `S`, the shape as stored (every version ever written); `upcast` turns that into `P`, the
 * current shape. The one place a stored payload becomes a typed one: readers never cast `data`.
 *
 *     shape<ProgressReportedData>({ percent: 'number', narrative: 'string', evidence: 'array?' })
 */
export function shape<P, S = P>(
  fields: { readonly [K in keyof S]?: FieldSpec },
  upcast?: (stored: S) => P,
): (data: unknown) => P {
  const checks = Object.entries(fields as Record<string, FieldSpec>).map(([name, spec]) => ({
    name,
    kind: spec.replace('?', '') as FieldKind,
    optional: spec.endsWith('?'),
  }));
  return (data) => {
    const o = payloadObject(data);
    for (const c of checks) {
      const actual = kindOf(o[c.name]);
      if (actual === c.kind) continue;
      if (c.optional && o[c.name] === undefined) continue;
      throw new PayloadError(
        `field "${c.name}" is ${actual === 'other' ? 'missing' : actual}, not ${c.kind}`,
      );
    }
    return upcast ? upcast(o as S) : (o as P);
  };
}
