import fc from 'fast-check';

/** Raw JSON tokens a JS value cannot stand for (1e999, -0.0e-0, 30-digit integers): spliced into the body text. */
export class RawJson {
  constructor(readonly text: string) {}
}
/** Bytes spliced into a body string as they are (invalid UTF-8). */
export class RawBytes {
  constructor(readonly bytes: readonly number[]) {}
}

/** Plausible path parameter values: ids that exist, ids that do not, years, task numbers, contact groups. */
export const PATH_VALUES = [
  'sanqu-2020.T06-2021',
  'sanqu-2020.T01-2020',
  'sanqu-2020.T12-2020-2022',
  'dept-transport',
  '2021',
  '2020',
  '6',
  'escalation',
  'supervising-office',
  '00000000-0000-4000-8000-000000000000',
  'no-such-thing',
];

const surrogates = fc.string({
  unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 3,
});

/** text: control characters, unpaired surrogates, huge strings, right-to-left text, emoji, markup, injections. */
export const texts: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u0007',
    '\r\n',
    '一\r二',
    '\u001b[31m',
    '\u007f',
    '\u0085',
    '\u2028',
    '\u2029',
    '\ud800',
    '\udfff',
    'x\ud83d',
    '\ufeff',
    '\u202egnp.exe',
    '\u200f\u05e9\u05dc\u05d5\u05dd',
    'مرحبا بالعالم',
    '🎉🚧👍🏽',
    '👨‍👩‍👧‍👦',
    'e\u0301\u0301\u0301',
    '\uffff',
    '\ufffd',
    '𠀀𪚥',
    '',
    ' ',
    '\t',
    '\n',
    '<script>alert(1)</script>',
    "'; DROP TABLE events;--",
    '${7*7}{{7*7}}',
    '%00',
    '../../etc/passwd',
    '\\',
    '"',
    'null',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.tuple(fc.string({ maxLength: 5 }), surrogates, fc.string({ maxLength: 5 })).map((p) => p.join('')),
  fc.constantFrom('x'.repeat(5001), '汉'.repeat(2001), '🎉'.repeat(201), 'x'.repeat(300_000)),
);

/** Bytes that are not UTF-8: a lone continuation byte, overlong forms, surrogates, truncated sequences, 0xFF. */
export const invalidUtf8 = fc
  .constantFrom(
    [0xff],
    [0x80],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xe4, 0xb8],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0xc3],
  )
  .map((b) => new RawBytes(b));

const numbers = fc.constantFrom(
  0,
  -0,
  -1,
  1,
  100,
  101,
  -101,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  -(2 ** 63),
  1e12,
  1e12 + 1,
  1e308,
  -1e308,
  5e-324,
  1e-7,
  0.5,
  99.999,
);
const numericStrings = fc.constantFrom(
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-0',
  '0x10',
  '0b11',
  '1_000',
  '١٢٣',
  '１２',
  '12abc',
  ' 12',
  '+5',
  '.5',
  '5.',
  '1e3',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  '18446744073709551616',
  '00000000000000000000001',
  'true',
  '[]',
);
/** Impossible, ancient, far-future and odd-shaped dates and instants. */
export const dates = fc.constantFrom(
  '2021-02-30',
  '2021-02-29',
  '2020-02-29',
  '2021-04-31',
  '0000-01-01',
  '0001-01-01',
  '1899-12-31',
  '1900-01-01',
  '9999-12-31',
  '10000-01-01',
  '+275760-09-13',
  '-000001-01-01',
  '2021-13-01',
  '2021-00-10',
  '2021-1-1',
  '20210101',
  '2021/06/30',
  '2021-06-30T25:00:00Z',
  '2021-06-30T10:00:00',
  '2021-06-30T10:00:00+24:00',
  '2021-06-30T10:00:00.1234567891Z',
  '2021-06-30 10:00:00+08:00',
  '0000-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '2999-12-31T23:59:59Z',
  '2021-W01',
  '2021-001',
  'today',
);
const rawNumbers = fc
  .constantFrom(
    '1e999',
    '-1e999',
    '-0.0e-0',
    '123456789012345678901234567890',
    '1E+2',
    '0.0000000000000000000001',
  )
  .map((t) => new RawJson(t));

/** values: boundary numbers, NaN-ish strings, 2^63, negatives, impossible dates; any JSON value now and then. */
export const values: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: numbers },
  { weight: 3, arbitrary: numericStrings },
  { weight: 3, arbitrary: dates },
  { weight: 1, arbitrary: rawNumbers },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
);

/** shape: a value of another type than the schema's. */
export const wrongTypes: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1.5, '', 'x', [], {}, [[]], [{}], { a: [] }, [null]),
  fc.anything({ maxDepth: 3 }),
);

/** Percent-encodes text as UTF-8; an unpaired surrogate becomes its (invalid) three-byte form, %ED%A0%80. */
const encoded = new Map<string, string>();
export function pct(text: string): string {
  if (text.length > 1000) {
    const known = encoded.get(text);
    if (known !== undefined) return known;
    encoded.set(text, pctEncode(text));
    return encoded.get(text)!;
  }
  return pctEncode(text);
}

function pctEncode(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}

/** Already-encoded oddities for paths and queries: bare %, bad hex, NUL, overlong, surrogate, truncated. */
export const oddEncodings = fc.constantFrom(
  '%',
  '%0',
  '%zz',
  '%00',
  '%FF',
  '%C0%80',
  '%ED%A0%80',
  '%E4%B8',
  '%F0%9F%98',
  '%2F',
  '%2e%2e',
  '..',
  '%25',
  '%u0041',
  '+',
  '%20%20',
  'a%00b',
);
