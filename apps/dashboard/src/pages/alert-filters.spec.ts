import { describe, expect, it } from '@jest/globals';
import type { Unit } from '../api/types';
import { alertFiltersInForce } from './alert-filters';

const units = [{ id: 'dept-finance', name: '市财政局' }] as unknown as Unit[];

describe('a printed 预警 list names its filters as the form shows them', () => {
  it('each filter by the form’s label and the value’s name; 全部 where none is chosen', () => {
    expect(alertFiltersInForce({ state: 'open', rule: '', level: '', unit: '' }, units)).toEqual([
      '状态：待处理',
      '规则：全部',
      '级别：全部',
      '单位：全部',
    ]);
    expect(
      alertFiltersInForce({ state: '', rule: 'overdue', level: 'critical', unit: 'dept-finance' }, units),
    ).toEqual(['状态：全部', '规则：已逾期', '级别：严重', '单位：市财政局']);
  });
});
