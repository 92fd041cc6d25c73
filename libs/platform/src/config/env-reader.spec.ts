import { ConfigError, EnvReader } from './env-reader';

function problemsOf(read: (r: EnvReader) => unknown, env: Record<string, string>): readonly string[] {
  const r = new EnvReader(env);
  read(r);
  try {
    r.done(null);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe('EnvReader', () => {
  it('takes blank values as unset and trims the rest', () => {
    const r = new EnvReader({ A: '  ', B: ' x ' });
    expect([r.raw('A'), r.raw('B'), r.raw('C')]).toEqual([undefined, 'x', undefined]);
    expect([r.isSet('A'), r.isSet('C')]).toEqual([true, false]);
    expect(r.int('A', 7, 0, 10)).toBe(7);
    expect(r.done({ ok: true })).toEqual({ ok: true });
  });

  it('reads whole numbers in a range, ratios, booleans, choices, URLs and lists', () => {
    const r = new EnvReader({
      N: '42',
      R: '0.5',
      B: 'off',
      C: 'worker',
      U: 'https://example.org/x',
      L: ' a, ,b ,',
    });
    expect(r.int('N', 0, 1, 100)).toBe(42);
    expect(r.ratio('R', 1)).toBe(0.5);
    expect(r.bool('B', true)).toBe(false);
    expect(r.oneOf('C', ['api', 'worker'], 'api')).toBe('worker');
    expect(r.url('U', ['https:'])).toBe('https://example.org/x');
    expect(r.list('L')).toEqual(['a', 'b']);
    expect(r.list('UNSET', '30,7')).toEqual(['30', '7']);
    expect(r.problems).toEqual([]);
  });

  it('names every bad variable at once, with the same message whichever config reads it', () => {
    expect(
      problemsOf(
        (r) => [
          r.int('N', 0, 1, 100),
          r.int('M', 0, 1, 100),
          r.ratio('R', 1),
          r.bool('B', true),
          r.oneOf('C', ['api', 'worker'], 'api'),
          r.url('U', ['https:']),
          r.url('V', ['https:']),
        ],
        { N: 'many', M: '101', R: '2', B: 'maybe', C: 'all', U: 'not a url', V: 'ftp://x' },
      ),
    ).toEqual([
      'N: "many" is not a whole number (expected 1–100)',
      'M: 101 is out of range (expected 1–100)',
      'R: "2" must be a number in (0, 1]',
      'B: "maybe" is not a boolean (true/false)',
      'C: "all" is not one of api, worker',
      'U: not a valid URL',
      'V: protocol "ftp:" is not one of https:',
    ]);
  });
});
