import { isInPlanCalendar, parseIsoInstant, parseKnownAt } from './instants';

const iso = (v: unknown) => parseIsoInstant(v)?.toISOString() ?? null;

describe('instants sent by clients: one form rule, bounds by the caller', () => {
  it('reads ISO 8601 instants with a zone only, on real days and clock times', () => {
    expect(iso('2021-06-01T10:00:00+08:00')).toBe('2021-06-01T02:00:00.000Z');
    expect(iso('2021-06-01T02:00Z')).toBe('2021-06-01T02:00:00.000Z');
    expect(iso('2021-06-01T02:00:00.123456789Z')).toBe('2021-06-01T02:00:00.123Z');
    for (const bad of [
      '2021-06-01T10:00:00', // no zone
      '2021-06-01',
      '2021-02-29T10:00:00Z',
      '1900-02-29T10:00:00Z',
      '2021-06-30T23:59:60+08:00', // a leap second: no clock here holds one
      '2021-06-30T24:00:00Z',
      '2021-06-01T10:00:00+0800',
      '10000-01-01T00:00:00+08:00',
      '+010000-01-01T00:00:00Z',
      20210601,
    ]) {
      expect([bad, iso(bad)]).toEqual([bad, null]);
    }
  });

  it('takes the offsets zones use, −12:00 to +14:00, and no further', () => {
    expect(iso('2021-06-30T09:00:00+14:00')).toBe('2021-06-29T19:00:00.000Z');
    expect(iso('2021-06-30T09:00:00-12:00')).toBe('2021-06-30T21:00:00.000Z');
    expect(iso('2021-06-30T09:00:00+14:15')).toBeNull();
    expect(iso('2021-06-30T09:00:00-12:30')).toBeNull();
    expect(iso('2021-06-30T09:00:00+08:60')).toBeNull();
  });

  it('reads every four-digit year as written (0000–0099 are not 19xx): their bounds are the caller’s', () => {
    expect(iso('0000-01-01T00:00:00Z')).toBe('0000-01-01T00:00:00.000Z');
    expect(iso('0099-02-28T00:00:00Z')).toBe('0099-02-28T00:00:00.000Z');
    expect(iso('0000-02-29T00:00:00Z')).toBe('0000-02-29T00:00:00.000Z'); // 0000 is a leap year
    expect(iso('9999-12-31T23:59:59-12:00')).toBe('+010000-01-01T11:59:59.000Z');
  });

  it('the plan calendar: the Beijing day of the instant is in 1900–9999, as every date', () => {
    const inCalendar = (v: string) => isInPlanCalendar(parseIsoInstant(v)!);
    expect(inCalendar('9999-12-31T15:59:59Z')).toBe(true);
    expect(inCalendar('9999-12-31T23:59:00+08:00')).toBe(true);
    expect(inCalendar('9999-12-31T16:00:00Z')).toBe(false); // 10000-01-01 in Beijing
    expect(inCalendar('1900-01-01T00:00:00+08:00')).toBe(true);
    expect(inCalendar('1900-01-01T00:00:00+14:00')).toBe(false); // 1899-12-31 in Beijing
    expect(inCalendar('0000-01-01T00:00:00Z')).toBe(false);
  });

  it('knownAt: an instant or a date (its last millisecond in Beijing) in the plan calendar; a lost + restored', () => {
    expect(parseKnownAt('2021-12-31')?.toISOString()).toBe('2021-12-31T15:59:59.999Z');
    expect(parseKnownAt('2022-01-01T00:00:00 08:00')?.toISOString()).toBe('2021-12-31T16:00:00.000Z');
    // Spaces around it are refused, as around asOf (only the review's parameters forgive them, on their own).
    expect(parseKnownAt(' 2022-01-01T00:00:00Z ')).toBeNull();
    for (const bad of [
      '1899-12-31',
      '0000-01-01',
      '9999-12-31T16:00:00Z',
      '2021-06-30T23:59:60+08:00',
      'now',
    ]) {
      expect([bad, parseKnownAt(bad)]).toEqual([bad, null]);
    }
  });
});
