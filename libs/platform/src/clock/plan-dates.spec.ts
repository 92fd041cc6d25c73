import { dateInZone, isIsoDate } from './plan-dates';
import { timeInZone } from './plan-time';

describe('isIsoDate: the one strict date check', () => {
  it('takes real calendar dates from 1900 on', () => {
    expect(isIsoDate('2021-02-28')).toBe(true);
    expect(isIsoDate('2020-02-29')).toBe(true);
    expect(isIsoDate('1900-01-01')).toBe(true);
    expect(isIsoDate('9999-12-31')).toBe(true);
  });

  it('refuses impossible days, year 0000 and other pre-1900 years, and other shapes', () => {
    for (const s of [
      '2021-02-30',
      '2021-02-29',
      '2021-13-01',
      '2021-00-10',
      '0000-01-01',
      '0001-01-01',
      '1899-12-31',
    ]) {
      expect([s, isIsoDate(s)]).toEqual([s, false]);
    }
    for (const s of ['2021-1-01', '20210101', '2021-01-01T00:00:00Z', ' 2021-01-01', '+02021-01-01', '']) {
      expect([s, isIsoDate(s)]).toEqual([s, false]);
    }
  });
});

describe('dateInZone', () => {
  const at = (iso: string) => new Date(iso);

  it("gives the plan zone's date on either side of its midnight, in any order of asking", () => {
    const instants: [string, string][] = [
      ['2021-06-30T15:59:59.999Z', '2021-06-30'],
      ['2021-06-30T16:00:00.000Z', '2021-07-01'],
      ['2021-06-30T00:00:00.000Z', '2021-06-30'],
      ['2021-06-29T15:59:59.999Z', '2021-06-29'],
      ['2021-06-30T16:00:00.000Z', '2021-07-01'],
      ['2021-06-30T15:59:59.999Z', '2021-06-30'],
    ];
    for (const [instant, date] of instants) expect(dateInZone(at(instant))).toBe(date);
  });

  it('keeps zones apart, across a change of clocks', () => {
    // New York springs forward on 2021-03-14 at 02:00 local (07:00Z).
    expect(dateInZone(at('2021-03-14T04:59:59Z'), 'America/New_York')).toBe('2021-03-13');
    expect(dateInZone(at('2021-03-14T05:00:00Z'), 'America/New_York')).toBe('2021-03-14');
    expect(dateInZone(at('2021-03-14T05:00:00Z'))).toBe('2021-03-14');
    expect(dateInZone(at('2021-03-15T03:59:59Z'), 'America/New_York')).toBe('2021-03-14');
    expect(dateInZone(at('2021-03-15T04:00:00Z'), 'America/New_York')).toBe('2021-03-15');
  });
});

describe('timeInZone: an instant as read in the plan zone, for messages', () => {
  it('shows the local day and time, seconds only when there are some', () => {
    expect(timeInZone(new Date('2099-01-01T00:00+08:00'))).toBe('2099-01-01 00:00');
    expect(timeInZone(new Date('2098-12-31T16:00:00.000Z'))).toBe('2099-01-01 00:00');
    expect(timeInZone(new Date('2021-06-30T15:59:59.999Z'))).toBe('2021-06-30 23:59:59');
    expect(timeInZone(new Date('2021-06-30T01:02:03Z'))).toBe('2021-06-30 09:02:03');
  });
});
