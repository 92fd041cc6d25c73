import { indicatorAttainment } from './indicators';

describe('indicatorAttainment', () => {
  it.each([
    ['>=', 50, 52, 1.04, true],
    ['>=', 50, 25, 0.5, false],
    ['=', 3, 3, 1, true],
    ['~', 27.05, 20, 0.7394, false],
    ['~', 100, 97, 0.97, true], // 约: met from 95 %, as the 指标未达标 alert judges it
    ['<', 10, 12, 0.8333, false],
    ['<=', 10, 8, 1, true],
    ['<=', 10, 20, 0.5, false],
    ['>=', 0, 5, 1, true],
  ])('%s target %d actual %d → %d (met: %s)', (comparator, target, actual, attainment, met) => {
    expect(indicatorAttainment({ comparator, target, actual })).toEqual({ attainment, met });
  });

  it('no value → null', () => {
    expect(indicatorAttainment({ comparator: '>=', target: 5, actual: null })).toEqual({
      attainment: null,
      met: null,
    });
  });
});
