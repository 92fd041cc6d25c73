import { asJson, isJsonNormal } from './json-normal';

const roundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;
class Point {
  constructor(readonly x: number) {}
}
const deep = (n: number): unknown => (n === 0 ? 'leaf' : { d: deep(n - 1) });
const withExtra = Object.assign(['a'], { extra: 1 });

/** What the kept fold folds must be what a read of the stored JSON would give: never another value. */
describe('asJson', () => {
  const normal: [string, unknown][] = [
    [
      'an event as a command appends it',
      {
        eventId: 'e-1',
        type: 'ProgressReported',
        data: { percent: 30, narrative: '路网主体工程完成六成。', list: [1, 'two', null, { three: true }] },
        metadata: { occurredAt: '2021-06-30T02:00:00.000Z', backdated: false, actor: { role: 'admin' } },
      },
    ],
    ['integer-like keys', { b: 1, 2: 'two', a: [], 1: {} }],
    ['scalars', [0, 1.5, -2, '', true, false, null]],
  ];
  it.each(normal)('keeps %s as it is (the same object, the same JSON)', (_name, value) => {
    expect(isJsonNormal(value)).toBe(true);
    expect(asJson(value)).toBe(value);
    expect(JSON.stringify(asJson(value))).toBe(JSON.stringify(roundTrip(value)));
  });

  const copied: [string, unknown][] = [
    ['an undefined field', { percent: 30, narrative: undefined }],
    ['an undefined field deep down', { data: { list: [{ note: undefined }] } }],
    ['undefined in an array', [1, undefined]],
    ['a hole in an array', [1, , 3]], // eslint-disable-line no-sparse-arrays
    ['an array with a named property', withExtra],
    ['a Date', { at: new Date('2021-06-30T02:00:00Z') }],
    ['an object with toJSON', { v: { toJSON: () => 'as json' } }],
    ['a class instance', { p: new Point(1) }],
    ['a Map', { m: new Map([['k', 1]]) }],
    ['NaN, Infinity and -0', { a: NaN, b: Infinity, c: -0 }],
    ['a function', { f: () => 1 }],
    ['a symbol key', { [Symbol('s')]: 1, a: 1 }],
    ['an own __proto__ key', JSON.parse('{"__proto__": {"polluted": true}, "a": 1}')],
    ['an object without a prototype', Object.assign(Object.create(null) as object, { a: 1 })],
    ['a value nested past 64 levels', deep(70)],
  ];
  it.each(copied)('copies %s as a JSON round trip would', (_name, value) => {
    expect(isJsonNormal(value)).toBe(false);
    const copy = asJson(value);
    expect(copy).not.toBe(value);
    expect(copy).toStrictEqual(roundTrip(value));
  });
});
