import { isIsoDate } from './plan-dates';

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
