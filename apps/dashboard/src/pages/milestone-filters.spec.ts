import { describe, expect, it } from '@jest/globals';
import type { Section, Unit } from '../api/types';
import { FILTERS, filtersInForce, type Filters } from './milestone-filters';

const none = Object.fromEntries(FILTERS.map((k) => [k, ''])) as Filters;
const units = [{ id: 'u-jt', name: '市交通运输局' }] as unknown as Unit[];
const sections = [{ no: 2, numeral: '二', title: '推进交通基础设施建设' }] as unknown as Section[];

describe('the filters in force, as the printed list names them', () => {
  it('names nothing when no filter is set', () => {
    expect(filtersInForce(none, { units, sections })).toEqual([]);
  });

  it('names each filter set, in the form order, by the names people see', () => {
    const f = { ...none, health: 'red', unit: 'u-jt', role: 'lead', section: '2', q: '大桥', year: '2021' };
    expect(filtersInForce(f, { units, sections })).toEqual([
      '责任单位：市交通运输局',
      '单位角色：牵头',
      '板块：二、推进交通基础设施建设',
      '年度：2021',
      expect.stringMatching(/^健康度：红/),
      '搜索：“大桥”',
    ]);
  });

  it('shows a code it cannot name as it is', () => {
    expect(filtersInForce({ ...none, unit: 'u-gone' }, { units: [], sections: [] })).toEqual([
      '责任单位：u-gone',
    ]);
  });
});
