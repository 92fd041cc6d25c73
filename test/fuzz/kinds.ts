import fc from 'fast-check';
import { dates, invalidUtf8, oddEncodings, texts, values, wrongTypes } from './inputs';
import type { Operation } from './operations';
import { baseDraft, type Draft } from './requests';

export const KINDS = ['shape', 'text', 'values', 'transport', 'access'] as const;
export type Kind = (typeof KINDS)[number];

export interface Tokens {
  readonly admin: string;
  readonly supervisor: string;
  readonly reporter: string;
  readonly otherReporter: string;
  readonly viewer: string;
  readonly revoked: string;
}

type Path = (string | number)[];

/** Every place in a JSON value (object keys and array items, at any depth). */
function slots(v: unknown, at: Path = []): Path[] {
  if (Array.isArray(v)) return v.flatMap((item, i) => [[...at, i], ...slots(item, [...at, i])]);
  if (typeof v === 'object' && v !== null) {
    return Object.entries(v).flatMap(([k, item]) => [[...at, k], ...slots(item, [...at, k])]);
  }
  return [];
}

function setAt(root: unknown, path: Path, value: unknown, remove = false): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (remove && !Array.isArray(node)) delete node[last];
  else node[last] = value;
  return copy;
}

/** Puts `value` in one place of the request: a body field, a query parameter or a path parameter. */
function somewhere(d: Draft, op: Operation, value: fc.Arbitrary<unknown>): fc.Arbitrary<Draft> {
  const bodySlots = slots(d.body);
  const queryNames = [...new Set([...op.query.map((q) => q.name), ...d.query.map(([k]) => k)])];
  const places = bodySlots.length + queryNames.length + op.pathParams.length;
  if (places === 0) return fc.constant(d);
  return fc.tuple(fc.nat(places - 1), value).map(([i, v]) => {
    if (i < bodySlots.length) return { ...d, body: setAt(d.body, bodySlots[i]!, v) };
    const text =
      typeof v === 'string' ? v : v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
    const q = i - bodySlots.length;
    if (q < queryNames.length) {
      const name = queryNames[q]!;
      return { ...d, query: [...d.query.filter(([k]) => k !== name), [name, text] as const] };
    }
    return { ...d, path: { ...d.path, [op.pathParams[q - queryNames.length]!]: text } };
  });
}

function nest(value: unknown, depth: number, asArray: boolean): unknown {
  let v = value;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** shape: wrong types, missing and extra fields, arrays and objects swapped, deep nesting, odd query shapes. */
function shape(d: Draft, op: Operation): fc.Arbitrary<Draft> {
  const queryShapes = fc
    .constantFrom(...[...op.query.map((q) => q.name), 'extra'])
    .chain((name) =>
      fc
        .constantFrom<Draft['query']>(
          [...d.query, [name, '1'], [name, '2']],
          [...d.query, [`${name}[a]`, '1']],
          [...d.query, [`${name}[]`, '1']],
          [...d.query, ['', 'x']],
          [...d.query, [name, '']],
          [...d.query, ['unknown', 'x']],
        )
        .map((query) => ({ ...d, query })),
    );
  // A route without a body: the query is where its shape lives (and, now and then, a body it does not take).
  if (op.body === undefined) {
    return fc.oneof(
      { weight: 6, arbitrary: queryShapes },
      { weight: 1, arbitrary: wrongTypes.map((body) => ({ ...d, body })) },
    );
  }
  const body = d.body;
  const bodySlots = slots(body);
  const at = bodySlots.length > 0 ? fc.constantFrom(...bodySlots) : fc.constant(['extra'] as Path);
  return fc.oneof(
    at.chain((p) => wrongTypes.map((v) => ({ ...d, body: setAt(body, p, v) }))),
    at.map((p) => ({ ...d, body: setAt(body, p, undefined, true) })),
    fc
      .tuple(fc.string({ maxLength: 12 }), wrongTypes)
      .map(([k, v]) => ({ ...d, body: { ...(body as object), [`x${k}`]: v } })),
    fc
      .tuple(at, fc.integer({ min: 2, max: 300 }), fc.boolean())
      .map(([p, depth, arr]) => ({ ...d, body: setAt(body, p, nest([], depth, arr)) })),
    fc.constantFrom([], [body], 'body', 42, null, true).map((b) => ({ ...d, body: b })),
    fc
      .constantFrom('{"a":1,"a":2}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}')
      .map((raw) => ({ ...d, body: Buffer.from(raw) })),
    queryShapes,
  );
}

/** text: control characters, unpaired surrogates, huge, RTL and emoji text, and bytes that are not UTF-8. */
function text(d: Draft, op: Operation): fc.Arbitrary<Draft> {
  return fc.oneof(
    { weight: 4, arbitrary: somewhere(d, op, texts) },
    { weight: 1, arbitrary: d.body === undefined ? somewhere(d, op, texts) : somewhere(d, op, invalidUtf8) },
  );
}

/** values: boundary numbers, NaN-ish strings, 2^63, negatives, impossible dates, in any field. */
function value(d: Draft, op: Operation): fc.Arbitrary<Draft> {
  return fc.oneof(somewhere(d, op, values), somewhere(d, op, dates));
}

const CONTENT_TYPES = [
  null,
  '',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=latin1',
  'application/json; charset=utf-16le',
  'APPLICATION/JSON',
  'application/json;charset="utf-8"',
  'application/json; charset',
  'application/json;;',
  'application/vnd.api+json',
  '*/*',
  'application/json, text/plain',
];
const BODIES = [
  '',
  '   ',
  '\ufeff{}',
  '{"a":',
  '{}}',
  '{}{}',
  'null',
  '[]',
  '"x"',
  '\u0000',
  '{"a":"\\ud800"}',
];

/** transport: media types, charsets, bodies missing or broken, repeated headers, bad keys and versions, odd encodings. */
function transport(d: Draft, op: Operation): fc.Arbitrary<Draft> {
  const json = d.body === undefined ? {} : d.body;
  const withHeaders = (...h: [string, string][]) => ({ ...d, headers: [...d.headers, ...h] });
  return fc.oneof(
    fc.constantFrom(...CONTENT_TYPES).map((contentType) => ({ ...d, body: json, contentType })),
    fc.constantFrom(...BODIES).map((b) => ({ ...d, body: Buffer.from(b) })),
    fc.constant({ ...d, body: undefined }),
    fc.constant({
      ...d,
      body: json,
      contentType: 'application/json',
      headers: [['content-type', 'text/plain']] as const,
    }),
    fc
      .constantFrom('', ' ', 'a b', 'k'.repeat(201), 'é', '\t', 'k1, k2')
      .map((k) => withHeaders(['idempotency-key', k])),
    fc.constant(withHeaders(['idempotency-key', 'fuzz-1'], ['idempotency-key', 'fuzz-2'])),
    fc
      .constantFrom('', '*', '"abc"', 'W/"1"', '"-1"', '"99999999999"', '1,2', '"1", "2"', '0')
      .map((v) => withHeaders(['if-match', v])),
    fc.constantFrom('abc', '-1', '1e3', '9'.repeat(20), '').map((v) => withHeaders(['x-min-position', v])),
    fc
      .constantFrom('gzip', 'br', 'deflate', 'x-unknown')
      .map((v) => ({ ...d, body: json, headers: [['content-encoding', v]] as const })),
    fc.constant(withHeaders(['authorization', d.authorization ?? 'Bearer x'])),
    fc.constantFrom('application/xml', 'text/csv', '*/*;q=0').map((v) => withHeaders(['accept', v])),
    oddEncodings.chain((odd) =>
      op.pathParams.length > 0
        ? fc
            .constantFrom(...op.pathParams)
            .map((p) => ({ ...d, path: { ...d.path, [p]: { encoded: `a${odd}` } } }))
        : fc.constant({ ...d, query: [...d.query, [odd, { encoded: odd }] as const] }),
    ),
    fc
      .tuple(fc.constantFrom(...[...op.query.map((q) => q.name), 'q']), oddEncodings)
      .map(([name, odd]) => ({ ...d, query: [...d.query, [name, { encoded: odd }] as const] })),
  );
}

/** access: no token, malformed and unknown tokens, a revoked one, and each role. */
function access(d: Draft, t: Tokens): fc.Arbitrary<Draft & { role: string }> {
  return fc
    .constantFrom(
      ['none', null],
      ['bad', 'Bearer'],
      ['bad', 'Bearer '],
      ['bad', `Bearer ${t.admin} x`],
      ['bad', 'Basic YWRtaW46YWRtaW4='],
      ['bad', `Token ${t.admin}`],
      ['bad', `Bearer ${t.admin}x`],
      ['bad', `Bearer pm_${'A'.repeat(43)}`],
      ['bad', `Bearer ${t.revoked}`],
      ['admin', `bearer ${t.admin}`],
      ['supervisor', `Bearer ${t.supervisor}`],
      ['reporter', `Bearer ${t.reporter}`],
      ['reporter', `Bearer ${t.otherReporter}`],
      ['viewer', `Bearer ${t.viewer}`],
    )
    .map(([role, authorization]) => ({ ...d, role, authorization }));
}

export function draftsOf(kind: Kind, op: Operation, tokens: Tokens): fc.Arbitrary<Draft & { role?: string }> {
  const base = baseDraft(op, tokens.admin);
  switch (kind) {
    case 'shape':
      return base.chain((d) => shape(d, op));
    case 'text':
      return base.chain((d) => text(d, op));
    case 'values':
      return base.chain((d) => value(d, op));
    case 'transport':
      return base.chain((d) => transport(d, op));
    case 'access':
      return base.chain((d) => access(d, tokens));
  }
}
