import fc from 'fast-check';
import type { FuzzRequest } from './http-client';
import { PATH_VALUES, pct, RawBytes, RawJson } from './inputs';
import type { Operation, Param, Schema } from './operations';

/** A request before encoding: decoded values, or already-encoded text where the fuzz wants exact bytes. */
export interface Draft {
  readonly path: Readonly<Record<string, string | { encoded: string }>>;
  readonly query: readonly (readonly [string, string | { encoded: string }])[];
  /** The JSON body (may hold RawJson / RawBytes), `undefined` = none, a Buffer = these bytes. */
  readonly body: unknown;
  /** The Authorization header, or null for none. */
  readonly authorization: string | null;
  /** undefined = application/json when there is a body; null = no Content-Type header. */
  readonly contentType?: string | null;
  readonly headers: readonly (readonly [string, string])[];
}

const DATE_FIELD = /(^|[a-z])(date|asOf|from|to|completedOn|DueDate)$/i;

/** A valid-looking value for a schema: what a careful client would send. */
export function plausible(schema: Schema, name: string): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 100, 100) });
    case 'number':
      return fc.double({ min: -1000, max: 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(plausible(schema.items ?? {}, name), { maxLength: 2 });
    case 'object':
      return plausibleObject(schema);
    default:
      break;
  }
  if (/occurredAt|knownAt/.test(name)) return fc.constantFrom('2021-06-30T10:00:00+08:00', '2021-01-05');
  if (DATE_FIELD.test(name)) return fc.constantFrom('2021-06-30', '2020-12-31', '2022-03-01');
  if (name === 'sha256')
    return fc.constantFrom(
      'a'.repeat(64),
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  if (name === 'email') return fc.constantFrom('fuzz@example.org', 'b@example.org');
  if (name === 'metric') return fc.constant('引进投资超亿元的产业项目');
  if (name === 'unit') return fc.constantFrom('dept-transport', 'dept-industry-it');
  if (name === 'planKey' || name === 'plan') return fc.constant('sanqu-2020');
  const example = schema.example;
  if (typeof example === 'string' || typeof example === 'number') return fc.constant(String(example));
  return fc.constantFrom('进展顺利', 'fuzz', '已完成 🎉');
}

function plausibleObject(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const model = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, plausible(s, k)]));
  return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
}

function queryArb(params: readonly Param[]): fc.Arbitrary<[string, string][]> {
  return fc
    .tuple(
      ...params.map((p) => {
        const pair = plausible(p.schema, p.name).map((v): [string, string] => [p.name, String(v)]);
        // A required parameter is always sent (fc.option's freq is 1 / P(nil): 0 is refused, not "never").
        return p.required ? pair : fc.option(pair, { freq: 2 });
      }),
    )
    .map((pairs) => pairs.filter((p): p is [string, string] => p !== null));
}

/** What a well-behaved admin client would send to the route (the base every kind mutates). */
export function baseDraft(op: Operation, adminToken: string): fc.Arbitrary<Draft> {
  return fc.record({
    path: fc.record(Object.fromEntries(op.pathParams.map((p) => [p, fc.constantFrom(...PATH_VALUES)]))),
    query: queryArb(op.query),
    body: op.body ? plausibleObject(op.body) : fc.constant(undefined),
    authorization: fc.constant(`Bearer ${adminToken}`),
    headers: fc.constant([]),
  });
}

const MARK = '\u{F0000}fuzz-raw-';

/** The JSON text of a body, with the raw tokens and raw bytes spliced in. */
export function bodyBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  const raws: (RawJson | RawBytes)[] = [];
  const text = JSON.stringify(body, (_k, v: unknown) => {
    if (v instanceof RawJson || v instanceof RawBytes) {
      raws.push(v);
      return `${MARK}${raws.length - 1}`;
    }
    return v;
  });
  const parts = (text ?? 'null').split(new RegExp(`("?)${MARK}(\\d+)("?)`, 'u'));
  const out: Buffer[] = [];
  for (let i = 0; i < parts.length; i += 4) {
    out.push(Buffer.from(parts[i] ?? '', 'utf8'));
    if (i + 2 >= parts.length) break;
    const raw = raws[Number(parts[i + 2])];
    if (raw instanceof RawJson) out.push(Buffer.from(raw.text));
    else if (raw) out.push(Buffer.from([0x22, ...raw.bytes, 0x22]));
  }
  return Buffer.concat(out);
}

const enc = (v: string | { encoded: string }): string => (typeof v === 'string' ? pct(v) : v.encoded);

export function encode(op: Operation, d: Draft): FuzzRequest {
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => enc(d.path[name] ?? 'x'));
  const query = d.query.map(([k, v]) => `${pct(k)}=${enc(v)}`).join('&');
  const body = d.body === undefined ? undefined : bodyBytes(d.body);
  const contentType = d.contentType === undefined ? (body ? 'application/json' : null) : d.contentType;
  const headers: [string, string][] = [];
  if (d.authorization !== null) headers.push(['authorization', d.authorization]);
  if (contentType !== null) headers.push(['content-type', contentType]);
  headers.push(...d.headers.map(([k, v]): [string, string] => [k, v]));
  return { method: op.method, target: query ? `${path}?${query}` : path, headers, ...(body ? { body } : {}) };
}

/** A readable line for a failure report. */
export function describeRequest(r: FuzzRequest): string {
  const body = r.body ? r.body.toString('utf8').slice(0, 300) : '';
  const headers = r.headers.map(([k, v]) => `${k}: ${v.slice(0, 60)}`).join('; ');
  return `${r.method} ${r.target.slice(0, 300)} [${headers}] ${body}`;
}
